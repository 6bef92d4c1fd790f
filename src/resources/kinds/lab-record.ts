/** LabRecord (cluster-scoped): one CML lab on a worker (SPEC.md "LabRecord", ADR-019). */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { StringEnum, Timestamp, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';
import { definePhaseMachine } from './phase-machine.js';

export const LAB_PHASES = [
  'Discovered',
  'Importing',
  'Defined',
  'Starting',
  'Queued',
  'Booted',
  'Paused',
  'Stopping',
  'Stopped',
  'Wiping',
  'Wiped',
  'Deleting',
  'Deleted',
  'Archived',
  'Error',
  'Orphaned',
] as const;
export type LabPhase = (typeof LAB_PHASES)[number];

/**
 * Direct jumps (Defined → Booted, Stopped → Wiped, …) exist because a completed CML action may be
 * observed without its "-ing" phase. Orphaned is reachable from every non-final phase (the worker
 * went away); Deleted and Archived are final.
 */
export const LAB_MACHINE = definePhaseMachine<LabPhase>(
  'LabRecord',
  {
    Discovered: [
      'Importing',
      'Defined',
      'Starting',
      'Booted',
      'Stopped',
      'Wiped',
      'Deleted',
      'Orphaned',
    ],
    Importing: ['Defined', 'Error', 'Orphaned'],
    Defined: ['Starting', 'Queued', 'Booted', 'Wiping', 'Deleting', 'Deleted', 'Orphaned', 'Error'],
    Starting: ['Queued', 'Booted', 'Stopped', 'Error', 'Orphaned'],
    Queued: ['Booted', 'Stopping', 'Stopped', 'Error', 'Orphaned'],
    Booted: ['Stopping', 'Stopped', 'Paused', 'Wiped', 'Error', 'Orphaned'],
    Paused: ['Starting', 'Booted', 'Stopping', 'Stopped', 'Error', 'Orphaned'],
    Stopping: ['Stopped', 'Error', 'Orphaned'],
    Stopped: [
      'Starting',
      'Booted',
      'Wiping',
      'Wiped',
      'Deleting',
      'Deleted',
      'Archived',
      'Orphaned',
      'Error',
    ],
    Wiping: ['Wiped', 'Error', 'Orphaned'],
    Wiped: ['Starting', 'Queued', 'Booted', 'Deleting', 'Deleted', 'Archived', 'Orphaned'],
    Deleting: ['Deleted', 'Error', 'Orphaned'],
    Deleted: [],
    Archived: [],
    Error: [
      'Starting',
      'Stopping',
      'Wiping',
      'Wiped',
      'Deleting',
      'Deleted',
      'Defined',
      'Orphaned',
    ],
    Orphaned: ['Deleting', 'Deleted', 'Archived', 'Defined', 'Wiped', 'Stopped', 'Booted'],
  },
  ['Discovered', 'Importing', 'Orphaned'],
);

export const LabRecordSpecSchema = Type.Object(
  {
    worker: Type.String({ minLength: 1 }),
    cmlLabId: Type.Optional(
      Type.String({ minLength: 1, description: 'set once CML has assigned it' }),
    ),
    pendingAction: Type.Optional(StringEnum(['Start', 'Stop', 'Wipe', 'Delete'] as const)),
  },
  { additionalProperties: false },
);

export const LabRecordStatusSchema = Type.Object({
  ...statusFields(StringEnum(LAB_PHASES)),
  definition: Type.Optional(Type.String()),
  topologyHash: Type.Optional(Type.String()),
  session: Type.Optional(Type.String({ description: 'namespace/name of the bound session; 1:1' })),
  ports: Type.Optional(
    Type.Array(Type.Object({ name: Type.String(), protocol: Type.String(), port: Type.Integer() })),
  ),
  nodes: Type.Optional(
    Type.Array(
      Type.Object({ id: Type.String(), label: Type.String(), state: Type.Optional(Type.String()) }),
    ),
  ),
  runs: Type.Optional(
    Type.Array(
      Type.Object({
        session: Type.String(),
        startedAt: Timestamp(),
        endedAt: Type.Optional(Timestamp()),
      }),
    ),
  ),
  orphanedAt: Type.Optional(Timestamp()),
});

export type LabRecordSpec = Static<typeof LabRecordSpecSchema>;
export type LabRecordStatus = Static<typeof LabRecordStatusSchema>;
export type LabRecord = Resource<LabRecordSpec, LabRecordStatus>;

export const LAB_RECORD: KindModule = {
  definition: { kind: 'LabRecord', plural: 'labrecords', scope: 'Cluster' },
  specSchema: LabRecordSpecSchema,
  statusSchema: LabRecordStatusSchema,
  machine: LAB_MACHINE,
};
