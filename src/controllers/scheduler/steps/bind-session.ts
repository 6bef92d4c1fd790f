/**
 * The bind (SPEC.md "Scheduling"): one transaction appends the session's allocation to the
 * worker (precondition: the worker's resourceVersion as cached) and moves the session to
 * Scheduled with its worker, ports and decision (precondition: the session's). Either both land
 * or neither: a stale cache gives `Conflict`, never an over-commit or a port held twice.
 */
import type { ResourceClient, StoreOp } from '../../../client/resource-client.js';
import type { AnyResource } from '../../../resources/index.js';
import type { Quantity } from '../../../resources/kinds/common-schemas.js';
import type { LabletDefinition } from '../../../resources/kinds/lablet-definition.js';
import {
  SESSION_MACHINE,
  type LabletSession,
  type LabletSessionStatus,
  type SchedulingRecord,
} from '../../../resources/kinds/lablet-session.js';
import type { Allocation, Worker, WorkerStatus } from '../../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import { transitionPhase } from '../../../resources/kinds/phase-machine.js';
import type { PlacementDecision } from '../placement-types.js';
import { DIMENSIONS, ZERO_QUANTITY, freeCapacityOf } from '../placement/free-capacity.js';

export type BindDecision = Extract<PlacementDecision, { result: 'Bind' }>;

export interface BindInput {
  session: LabletSession;
  worker: Worker;
  template: WorkerTemplate | undefined;
  definition: LabletDefinition;
  decision: BindDecision;
  record: SchedulingRecord;
  now: Date;
}

/**
 * Writes the bind and returns the worker and session as written; rejects with `Conflict` when
 * either changed since the cache read them.
 */
export async function bindSession(
  client: ResourceClient,
  input: BindInput,
): Promise<AnyResource[]> {
  return client.transact(bindOps(input));
}

export function bindOps(input: BindInput): StoreOp[] {
  return [
    { op: 'updateStatus', object: withAllocation(input) },
    { op: 'updateStatus', object: scheduledSession(input) },
  ];
}

function withAllocation({ session, worker, template, decision }: BindInput): AnyResource {
  const allocation: Allocation = {
    holder: {
      kind: 'LabletSession',
      ...(session.metadata.namespace ? { namespace: session.metadata.namespace } : {}),
      name: session.metadata.name,
    },
    ...decision.requirement,
    ports: decision.ports.map(({ name, protocol, port }) => ({ name, protocol, port })),
  };
  const allocations = [...(worker.status?.allocations ?? []), allocation];
  const status: WorkerStatus = {
    ...worker.status,
    allocations,
    capacity: {
      declared: freeCapacityOf(worker, template).declared,
      allocated: sumOf(allocations),
    },
  };
  return { ...worker, status };
}

function scheduledSession({
  session,
  worker,
  definition,
  decision,
  record,
  now,
}: BindInput): AnyResource {
  const host = hostOf(worker);
  const devices = new Map((definition.status?.portTemplate ?? []).map((e) => [e.name, e.device]));
  const status: LabletSessionStatus = transitionPhase(
    SESSION_MACHINE,
    { phase: 'Pending', ...session.status },
    'Scheduled',
    { at: now, reason: 'Placed', actor: 'scheduler' },
  );
  return {
    ...session,
    status: {
      ...status,
      worker: worker.metadata.name,
      ports: decision.ports.map(({ name, protocol, port }) => ({
        name,
        device: devices.get(name) ?? name,
        protocol,
        host,
        port,
      })),
      scheduledAt: now.toISOString(),
      scheduling: record,
    },
  };
}

/** The sum of the allocations in every dimension (`status.capacity.allocated`). */
export function sumOf(allocations: readonly Quantity[]): Quantity {
  const sum = { ...ZERO_QUANTITY };
  for (const allocation of allocations)
    for (const dimension of DIMENSIONS) sum[dimension] += allocation[dimension];
  return sum;
}

/**
 * Where a student's client reaches the worker: its public address, else its private one (the
 * original system's rule), else the CML endpoint's host.
 */
function hostOf(worker: Worker): string {
  const { publicIp, privateIp, endpoint } = worker.status ?? {};
  if (publicIp) return publicIp;
  if (privateIp) return privateIp;
  if (endpoint) {
    try {
      return new URL(endpoint).hostname;
    } catch {
      // Not a URL: fall through to the worker's name.
    }
  }
  return worker.metadata.name;
}
