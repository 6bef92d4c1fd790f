/**
 * The fleet's accounting invariants (SPEC.md "Worker"): no worker holds more than it declares,
 * `capacity.allocated` is the allocations' sum, no port is held twice on a worker, every
 * allocation's holder exists and names that worker, and every Scheduled session holds exactly one
 * allocation.
 */
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Allocation, Worker } from '../../resources/kinds/worker.js';
import { sessionKey, type FleetObjects, type InvariantViolation } from './fleet-invariant.js';

const DIMENSIONS = ['cpu', 'memoryMiB', 'storageGiB', 'nodes'] as const;
/** Fractional vCPU sums (0.1 + 0.2) are compared with a tolerance. */
const TOLERANCE = 1e-9;
const FINAL_SESSION_PHASES = new Set(['Terminated', 'Archived']);

/** The accounting invariants (see `Invariant`); `sessions` by `namespace/name`. */
export function checkAllocations(
  objects: FleetObjects,
  sessions: ReadonlyMap<string, LabletSession>,
): InvariantViolation[] {
  const labs = objects.labRecords && new Map(objects.labRecords.map((l) => [l.metadata.name, l]));
  const held = new Map<string, string[]>();
  const violations: InvariantViolation[] = [];
  for (const worker of objects.workers) {
    violations.push(...checkCapacity(worker), ...checkPorts(worker));
    for (const allocation of worker.status?.allocations ?? []) {
      const violation = checkHolder(worker, allocation, sessions, labs);
      if (violation) violations.push(violation);
      if (allocation.holder.kind !== 'LabletSession') continue;
      const key = sessionKey(allocation.holder);
      held.set(key, [...(held.get(key) ?? []), worker.metadata.name]);
    }
  }
  for (const [key, session] of sessions) violations.push(...checkSession(key, session, held));
  return violations;
}

function checkCapacity(worker: Worker): InvariantViolation[] {
  const object = `Worker/${worker.metadata.name}`;
  const allocations = worker.status?.allocations ?? [];
  const capacity = worker.status?.capacity;
  if (!capacity)
    return allocations.length === 0
      ? []
      : [
          {
            invariant: 'AllocatedMismatch',
            object,
            message: 'allocations without status.capacity',
          },
        ];
  const violations: InvariantViolation[] = [];
  for (const dimension of DIMENSIONS) {
    const sum = allocations.reduce((total, allocation) => total + allocation[dimension], 0);
    if (sum > capacity.declared[dimension] + TOLERANCE)
      violations.push({
        invariant: 'OverCommitted',
        object,
        message: `${dimension}: allocations hold ${sum} of ${capacity.declared[dimension]} declared`,
      });
    if (Math.abs(sum - capacity.allocated[dimension]) > TOLERANCE)
      violations.push({
        invariant: 'AllocatedMismatch',
        object,
        message: `${dimension}: capacity.allocated says ${capacity.allocated[dimension]}, allocations sum to ${sum}`,
      });
  }
  return violations;
}

function checkPorts(worker: Worker): InvariantViolation[] {
  const holders = new Map<number, string>();
  const violations: InvariantViolation[] = [];
  for (const allocation of worker.status?.allocations ?? []) {
    const holder = sessionKey(allocation.holder);
    for (const { port } of allocation.ports) {
      const first = holders.get(port);
      if (first !== undefined)
        violations.push({
          invariant: 'PortHeldTwice',
          object: `Worker/${worker.metadata.name}`,
          message: `port ${port} is held by ${first} and by ${holder}`,
        });
      else holders.set(port, holder);
    }
  }
  return violations;
}

function checkHolder(
  worker: Worker,
  allocation: Allocation,
  sessions: ReadonlyMap<string, LabletSession>,
  labs: ReadonlyMap<string, LabRecord> | undefined,
): InvariantViolation | undefined {
  const { holder } = allocation;
  const name = worker.metadata.name;
  const leak = (why: string): InvariantViolation => ({
    invariant: 'LeakedAllocation',
    object: `Worker/${name}`,
    message: `allocation of ${holder.kind} ${sessionKey(holder)} ${why}`,
  });
  if (holder.kind === 'LabRecord') {
    const lab = labs?.get(holder.name);
    if (!labs || lab?.spec.worker === name) return undefined;
    return leak(
      lab
        ? `is held by a lab on worker ${lab.spec.worker}`
        : 'is held by a lab that does not exist',
    );
  }
  const session = sessions.get(sessionKey(holder));
  if (!session) return leak('is held by a session that does not exist');
  const phase = session.status?.phase ?? 'Pending';
  if (FINAL_SESSION_PHASES.has(phase)) return leak(`is held by a session that is ${phase}`);
  const named = session.status?.worker;
  return named === name
    ? undefined
    : leak(`is held by a session that names worker ${named ?? '(none)'}`);
}

function checkSession(
  key: string,
  session: LabletSession,
  held: ReadonlyMap<string, string[]>,
): InvariantViolation[] {
  const workers = held.get(key) ?? [];
  const object = `LabletSession/${key}`;
  if (workers.length > 1)
    return [
      {
        invariant: 'DoubleAllocation',
        object,
        message: `holds ${workers.length} allocations (workers ${workers.join(', ')})`,
      },
    ];
  if (session.status?.phase === 'Scheduled' && workers.length === 0)
    return [
      { invariant: 'UnallocatedSession', object, message: 'is Scheduled but holds no allocation' },
    ];
  return [];
}
