/** Worker (cluster-scoped): one VM running CML (SPEC.md "Worker"). */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { QuantitySchema, StringEnum, Timestamp, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';
import { definePhaseMachine } from './phase-machine.js';

export const WORKER_PHASES = [
  'Pending',
  'Provisioning',
  'Starting',
  'Running',
  'Draining',
  'Stopping',
  'Stopped',
  'Terminating',
  'Terminated',
  'Failed',
  'Unknown',
] as const;
export type WorkerPhase = (typeof WORKER_PHASES)[number];

/** SPEC.md Worker table. Cloud state can skip steps; `Unknown` (first observation) may go anywhere. */
export const WORKER_MACHINE = definePhaseMachine<WorkerPhase>(
  'Worker',
  {
    Pending: ['Provisioning', 'Failed', 'Terminated'],
    Provisioning: ['Starting', 'Running', 'Failed', 'Terminated'],
    Starting: ['Running', 'Stopping', 'Failed', 'Terminated'],
    Running: ['Draining', 'Stopping', 'Terminating', 'Failed', 'Terminated'],
    Draining: ['Running', 'Stopping', 'Terminating', 'Failed', 'Terminated'],
    Stopping: ['Stopped', 'Failed', 'Terminated'],
    Stopped: ['Starting', 'Terminating', 'Terminated'],
    Terminating: ['Terminated'],
    Terminated: [],
    Failed: ['Pending', 'Terminating', 'Terminated'],
    Unknown: WORKER_PHASES.filter((phase) => phase !== 'Unknown'),
  },
  ['Pending', 'Unknown'],
);

const PortAllocationSchema = Type.Object({
  name: Type.String(),
  protocol: Type.String(),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
});

export const AllocationSchema = Type.Object({
  holder: Type.Object({
    kind: Type.String(),
    namespace: Type.Optional(Type.String()),
    name: Type.String(),
  }),
  cpu: Type.Number({ minimum: 0 }),
  memoryMiB: Type.Integer({ minimum: 0 }),
  storageGiB: Type.Integer({ minimum: 0 }),
  nodes: Type.Integer({ minimum: 0 }),
  ports: Type.Array(PortAllocationSchema),
});
export type Allocation = Static<typeof AllocationSchema>;

export const WorkerSpecSchema = Type.Object(
  {
    template: Type.String({ minLength: 1 }),
    region: Type.String({ minLength: 1 }),
    desiredState: StringEnum(['Running', 'Stopped', 'Terminated'] as const, { default: 'Running' }),
    unschedulable: Type.Boolean({ default: false, description: 'cordon' }),
    drain: Type.Boolean({
      default: false,
      description: 'an operator asked to drain: no new sessions; stop once empty or at the timeout',
    }),
    license: Type.Optional(
      Type.Object(
        {
          action: StringEnum(['Register', 'Deregister'] as const),
          tokenSecret: Type.String({
            minLength: 1,
            description: 'name of the secret holding the token; never the token itself',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    idleDetection: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);

export const WorkerStatusSchema = Type.Object({
  ...statusFields(StringEnum(WORKER_PHASES)),
  instanceId: Type.Optional(Type.String()),
  privateIp: Type.Optional(Type.String()),
  publicIp: Type.Optional(Type.String()),
  endpoint: Type.Optional(Type.String({ description: 'CML base URL' })),
  amiId: Type.Optional(Type.String()),
  cml: Type.Optional(
    Type.Object({
      version: Type.Optional(Type.String()),
      nodeDefinitions: Type.Optional(
        Type.Array(Type.String(), {
          description:
            'node definition ids CML offers; absent = not yet known (scheduler assumes all)',
        }),
      ),
      ready: Type.Optional(Type.Boolean()),
      service: Type.Optional(
        StringEnum(['Unavailable', 'Starting', 'Available', 'Error'] as const),
      ),
      license: Type.Optional(
        Type.Object({
          status: StringEnum([
            'Unregistered',
            'Registered',
            'Evaluation',
            'Expired',
            'Invalid',
          ] as const),
          type: Type.Optional(Type.String()),
          nodeLimit: Type.Optional(Type.Integer({ minimum: 0 })),
          nodesInUse: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      ),
    }),
  ),
  capacity: Type.Optional(Type.Object({ declared: QuantitySchema, allocated: QuantitySchema })),
  allocations: Type.Optional(Type.Array(AllocationSchema)),
  metrics: Type.Optional(
    Type.Object({
      cpuPercent: Type.Number(),
      memoryPercent: Type.Number(),
      diskPercent: Type.Number(),
      labsRunning: Type.Integer({ minimum: 0 }),
      nodesRunning: Type.Integer({ minimum: 0 }),
      collectedAt: Timestamp(),
    }),
  ),
  lastActivityAt: Type.Optional(Timestamp()),
  idle: Type.Optional(Type.Object({ since: Timestamp(), reason: Type.String() })),
  drainStartedAt: Type.Optional(Timestamp()),
});

export type WorkerSpec = Static<typeof WorkerSpecSchema>;
export type WorkerStatus = Static<typeof WorkerStatusSchema>;
export type Worker = Resource<WorkerSpec, WorkerStatus>;

export const WORKER: KindModule = {
  definition: { kind: 'Worker', plural: 'workers', scope: 'Cluster' },
  specSchema: WorkerSpecSchema,
  statusSchema: WorkerStatusSchema,
  machine: WORKER_MACHINE,
};
