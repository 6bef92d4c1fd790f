/** LabletSession (namespaced): one student's lab (SPEC.md "LabletSession"). */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import {
  DefinitionReferenceSchema,
  StringEnum,
  Timestamp,
  TimeslotSchema,
  statusFields,
} from './common-schemas.js';
import type { KindModule } from './kind-module.js';
import { definePhaseMachine } from './phase-machine.js';

export const SESSION_PHASES = [
  'Pending',
  'Scheduled',
  'Instantiating',
  'Ready',
  'Running',
  'Collecting',
  'Grading',
  'Graded',
  'Stopping',
  'Stopped',
  'Archived',
  'Terminated',
] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

export const SESSION_MACHINE = definePhaseMachine<SessionPhase>(
  'LabletSession',
  {
    Pending: ['Scheduled', 'Terminated'],
    Scheduled: ['Instantiating', 'Stopping'],
    Instantiating: ['Ready', 'Stopping'],
    Ready: ['Running', 'Collecting', 'Stopping'],
    Running: ['Collecting', 'Stopping'],
    Collecting: ['Grading', 'Stopping'],
    Grading: ['Graded', 'Stopping'],
    Graded: ['Collecting', 'Stopping'],
    Stopping: ['Stopped'],
    Stopped: ['Archived', 'Terminated'],
    Archived: ['Terminated'],
    Terminated: [],
  },
  ['Pending'],
);

export const SESSION_OUTCOMES = ['Completed', 'Expired', 'NoShow', 'Cancelled', 'Failed'] as const;

export const LabletSessionSpecSchema = Type.Object(
  {
    definition: DefinitionReferenceSchema,
    owner: Type.Object(
      {
        userId: Type.String({ minLength: 1 }),
        email: Type.Optional(Type.String()),
        displayName: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    timeslot: Type.Optional(TimeslotSchema),
    reservation: Type.Optional(Type.String()),
    desiredState: StringEnum(['Active', 'Stopped'] as const, { default: 'Active' }),
    gradeRequestedAt: Type.Optional(Timestamp()),
  },
  { additionalProperties: false },
);

const StepSchema = Type.Object({
  name: Type.String(),
  phase: StringEnum(['Pending', 'Running', 'Completed', 'Failed', 'Skipped'] as const),
  attempts: Type.Integer({ minimum: 0 }),
  startedAt: Type.Optional(Timestamp()),
  completedAt: Type.Optional(Timestamp()),
  error: Type.Optional(Type.String()),
});

/** A worker's verdict for one session, as the scheduler recorded it (SPEC.md "Scheduling"). */
const SchedulingVerdictSchema = Type.Object({
  name: Type.String(),
  fits: Type.Boolean(),
  reason: Type.Optional(
    Type.String({ description: 'why it was passed over, e.g. InsufficientCpu' }),
  ),
  message: Type.Optional(Type.String()),
  score: Type.Optional(
    Type.Object({ reusableLab: Type.Number(), packing: Type.Number(), costPerHour: Type.Number() }),
  ),
});

/** The scheduler's last decision for the session; `GET …/explain` returns it. */
export const SchedulingRecordSchema = Type.Object({
  result: StringEnum(['Bound', 'ScaleUp', 'Waiting'] as const),
  reason: Type.String(),
  message: Type.Optional(Type.String()),
  decidedAt: Timestamp(),
  queuePosition: Type.Integer({
    minimum: 1,
    description: 'rank among pending sessions by timeslot start',
  }),
  scaleUp: Type.Optional(
    Type.Object({
      worker: Type.String(),
      template: Type.String(),
      eta: Type.Optional(Timestamp({ description: 'creation + the template startupSeconds' })),
    }),
  ),
  rejected: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
    description: 'workers passed over, counted by reason',
  }),
  workers: Type.Array(SchedulingVerdictSchema, {
    maxItems: 20,
    description: 'fitting workers best first, then one example per rejection reason',
  }),
});
export type SchedulingRecord = Static<typeof SchedulingRecordSchema>;

export const LabletSessionStatusSchema = Type.Object({
  ...statusFields(StringEnum(SESSION_PHASES)),
  outcome: Type.Optional(StringEnum(SESSION_OUTCOMES)),
  worker: Type.Optional(Type.String()),
  lab: Type.Optional(Type.String()),
  cmlLabId: Type.Optional(Type.String()),
  ports: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        device: Type.String(),
        protocol: Type.String(),
        host: Type.String(),
        port: Type.Integer(),
      }),
    ),
  ),
  access: Type.Optional(
    Type.Object({
      phase: StringEnum([
        'Provisioning',
        'Provisioned',
        'Active',
        'Paused',
        'Ended',
        'Expired',
        'Faulted',
      ] as const),
      ldsSessionId: Type.Optional(Type.String()),
      ldsPartId: Type.Optional(Type.String()),
      loginUrl: Type.Optional(Type.String()),
      devices: Type.Optional(
        Type.Array(
          Type.Object({
            label: Type.String(),
            protocol: Type.String(),
            host: Type.String(),
            port: Type.Integer(),
          }),
        ),
      ),
    }),
  ),
  grading: Type.Optional(
    Type.Object({
      phase: StringEnum([
        'Pending',
        'Collecting',
        'Grading',
        'Reviewing',
        'Submitted',
        'Faulted',
      ] as const),
      gradingSessionId: Type.Optional(Type.String()),
      scoreReport: Type.Optional(Type.String()),
      error: Type.Optional(Type.String()),
    }),
  ),
  steps: Type.Optional(Type.Array(StepSchema)),
  scheduledAt: Type.Optional(Timestamp()),
  readyAt: Type.Optional(Timestamp()),
  startedAt: Type.Optional(Timestamp()),
  endedAt: Type.Optional(Timestamp()),
  deadline: Type.Optional(Timestamp()),
  message: Type.Optional(Type.String()),
  scheduling: Type.Optional(SchedulingRecordSchema),
});

export type LabletSessionSpec = Static<typeof LabletSessionSpecSchema>;
export type LabletSessionStatus = Static<typeof LabletSessionStatusSchema>;
export type LabletSession = Resource<LabletSessionSpec, LabletSessionStatus>;

export const LABLET_SESSION: KindModule = {
  definition: { kind: 'LabletSession', plural: 'labletsessions', scope: 'Namespaced' },
  specSchema: LabletSessionSpecSchema,
  statusSchema: LabletSessionStatusSchema,
  machine: SESSION_MACHINE,
};
