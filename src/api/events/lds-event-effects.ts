/**
 * What LDS events do to their session (SPEC.md "Events"): a start makes the access Active and a
 * Ready session Running; an end or "user finished" ends the access and asks for collect-and-grade
 * (the definition grades) or teardown.
 */
import { ignoreNotFound } from '../../errors/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type {
  LabletSession,
  LabletSessionStatus,
  SessionPhase,
} from '../../resources/kinds/lablet-session.js';
import {
  movedTo,
  sessionKey,
  specWrite,
  statusWrite,
  type EffectContext,
  type EventHandler,
} from './event-effect.js';
import { stringsOf, type SessionMatch } from './find-session.js';
import type { IncomingEvent } from './parse-cloud-event.js';

type AccessPhase = NonNullable<LabletSessionStatus['access']>['phase'];

/** Access phases a late or repeated event must not bring back to Active. */
const FINISHED_ACCESS: ReadonlySet<AccessPhase> = new Set(['Ended', 'Expired']);
const TEARDOWN_PHASES: ReadonlySet<SessionPhase> = new Set([
  'Stopping',
  'Stopped',
  'Archived',
  'Terminated',
]);
const GRADING_PHASES: ReadonlySet<SessionPhase> = new Set(['Collecting', 'Grading']);
/** As the collect action: a lab that is up can be collected and graded. */
const GRADABLE_PHASES: ReadonlySet<SessionPhase> = new Set(['Ready', 'Running', 'Graded']);

/** LDS events carry the LDS session id under several names (external-apis.md §2.5). */
function ldsMatch(event: IncomingEvent): SessionMatch {
  const { data } = event;
  return {
    describe: 'LDS session id',
    ids: stringsOf(
      data.lds_session_id,
      data.aggregateId,
      data.aggregate_id,
      data.session_id,
      data.sessionId,
      event.subject,
    ),
    recordedId: (session) => session.status?.access?.ldsSessionId,
    // LCM sends its session's name to LDS as auth_id.
    names: stringsOf(data.auth_id),
  };
}

export const LDS_STARTED: EventHandler = {
  matchOf: ldsMatch,
  async plan(context) {
    const { session } = context;
    const status: LabletSessionStatus = session.status ?? {};
    const access = status.access;
    const key = sessionKey(session);
    if (access && FINISHED_ACCESS.has(access.phase))
      return {
        summary: `${key}: access already ${access.phase}; a late start is ignored`,
        ops: [],
      };
    const active: LabletSessionStatus = { ...status, access: { ...access, phase: 'Active' } };
    const running = movedTo(active, 'Running', context, 'LdsSessionStarted');
    if (running)
      return {
        summary: `${key}: access Active; Ready → Running`,
        ops: [statusWrite(session, { ...running, startedAt: context.now.toISOString() })],
      };
    const phase = status.phase ?? 'Pending';
    if (access?.phase === 'Active')
      return { summary: `${key}: access already Active; stays ${phase}`, ops: [] };
    return {
      summary: `${key}: access Active; stays ${phase}`,
      ops: [statusWrite(session, active)],
    };
  },
};

export const LDS_ENDED: EventHandler = {
  matchOf: ldsMatch,
  async plan(context) {
    const { session } = context;
    const status: LabletSessionStatus = session.status ?? {};
    const access = status.access;
    const alreadyEnded = access !== undefined && FINISHED_ACCESS.has(access.phase);
    const intent = await endIntent(context);
    const summary = `${sessionKey(session)}: access ${alreadyEnded ? `already ${access.phase}` : 'Ended'}; ${intent.summary}`;
    if (intent.spec)
      return {
        summary,
        ops: [specWrite(session, intent.spec)],
        ...(alreadyEnded ? {} : { statusPatch: { access: { phase: 'Ended' } } }),
      };
    const ended: LabletSessionStatus = { ...status, access: { ...access, phase: 'Ended' } };
    return { summary, ops: alreadyEnded ? [] : [statusWrite(session, ended)] };
  },
};

/** Collect-and-grade when the definition grades and the lab is up, else teardown, unless under way. */
async function endIntent(
  context: EffectContext,
): Promise<{ summary: string; spec?: Partial<LabletSession['spec']> }> {
  const { session } = context;
  const phase = session.status?.phase ?? 'Pending';
  if (TEARDOWN_PHASES.has(phase)) return { summary: `already ${phase}` };
  if (GRADING_PHASES.has(phase)) return { summary: `grading already under way (${phase})` };
  if (GRADABLE_PHASES.has(phase) && (await definitionGrades(context)))
    return {
      summary: 'collect-and-grade requested (spec.gradeRequestedAt)',
      spec: { gradeRequestedAt: context.now.toISOString() },
    };
  if (session.spec.desiredState === 'Stopped') return { summary: 'teardown already requested' };
  return {
    summary: 'teardown requested (spec.desiredState Stopped)',
    spec: { desiredState: 'Stopped' },
  };
}

/** Whether the session's pinned definition has `spec.grading` (a deleted one grades nothing). */
async function definitionGrades(context: EffectContext): Promise<boolean> {
  const { session } = context;
  const definition = (await ignoreNotFound(
    context.reader.get(
      'LabletDefinition',
      session.spec.definition.name ?? '',
      session.metadata.namespace,
    ),
  )) as unknown as LabletDefinition | undefined;
  return definition?.spec.grading !== undefined;
}
