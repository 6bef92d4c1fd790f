/** LabletSession actions: stop, collect (collect-and-grade) and extend (SPEC.md "LabletSession"). */
import { Type } from '@sinclair/typebox';
import { ConflictError, InvalidError } from '../../errors/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { patchSpec, type ActionContext, type ActionDefinition } from './action.js';

const FINAL_PHASES = new Set(['Stopping', 'Stopped', 'Archived', 'Terminated']);
const GRADABLE_PHASES = new Set(['Ready', 'Running', 'Graded']);

function sessionOf(context: ActionContext): LabletSession {
  return context.object as unknown as LabletSession;
}

/** The pinned definition (`status`-independent: admission pins it into `spec.definition`). */
async function definitionOf(
  context: ActionContext,
  session: LabletSession,
): Promise<LabletDefinition> {
  return (await context.reader.get(
    'LabletDefinition',
    session.spec.definition.name ?? '',
    session.metadata.namespace,
  )) as unknown as LabletDefinition;
}

export const SESSION_ACTIONS: readonly ActionDefinition[] = [
  {
    kind: 'LabletSession',
    name: 'stop',
    summary: 'Stop the session: grading (if running) finishes, then the lab is torn down',
    run: (context) => patchSpec(context, { desiredState: 'Stopped' }),
  },
  {
    kind: 'LabletSession',
    name: 'collect',
    summary: 'Collect the lab configuration and grade it now',
    run: async (context) => {
      const session = sessionOf(context);
      const phase = session.status?.phase ?? 'Pending';
      if (!GRADABLE_PHASES.has(phase))
        throw new ConflictError(
          `session ${session.metadata.name} is ${phase}; it can be graded when Ready, Running or Graded`,
          { details: { field: 'status.phase', phase } },
        );
      const definition = await definitionOf(context, session);
      if (!definition.spec.grading)
        throw new InvalidError(
          `definition ${definition.metadata.name} has no grading; there is nothing to collect`,
          { details: { field: 'spec.definition' } },
        );
      return patchSpec(context, { gradeRequestedAt: context.clock.now().toISOString() });
    },
  },
  {
    kind: 'LabletSession',
    name: 'extend',
    summary: "Move the timeslot's end later, within the definition's maxDurationMinutes",
    body: Type.Object(
      { end: Type.String({ format: 'date-time', description: 'the new end' }) },
      { additionalProperties: false },
    ),
    run: async (context) => {
      const session = sessionOf(context);
      const end = context.body.end as string;
      const phase = session.status?.phase ?? 'Pending';
      if (FINAL_PHASES.has(phase))
        throw new ConflictError(
          `session ${session.metadata.name} is ${phase}; it cannot be extended`,
          {
            details: { field: 'status.phase', phase },
          },
        );
      const timeslot = session.spec.timeslot;
      if (!timeslot)
        throw new ConflictError(`session ${session.metadata.name} has no timeslot yet`, {
          details: { field: 'spec.timeslot' },
        });
      const definition = await definitionOf(context, session);
      const latest = Date.parse(timeslot.start) + definition.spec.maxDurationMinutes * 60_000;
      if (Date.parse(end) <= Date.parse(timeslot.end))
        throw new InvalidError(`end must be after the current end ${timeslot.end}`, {
          details: { field: 'end' },
        });
      if (Date.parse(end) > latest)
        throw new InvalidError(
          `end may be at most ${new Date(latest).toISOString()} (start + ${definition.spec.maxDurationMinutes} min, the definition's maxDurationMinutes)`,
          { details: { field: 'end' } },
        );
      return patchSpec(context, { timeslot: { ...timeslot, end: new Date(end).toISOString() } });
    },
  },
];
