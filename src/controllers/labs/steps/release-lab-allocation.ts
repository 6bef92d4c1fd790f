/**
 * Step: a lab that is Orphaned, Deleted or Archived holds nothing on its worker, so the port
 * allocation a wiped lab kept (held by `{kind: 'LabRecord', name}`) is removed — one transaction
 * with the cached worker's resourceVersion as precondition, `capacity.allocated` recomputed.
 */
import type { ResourceClient } from '../../../client/resource-client.js';
import type { AnyResource } from '../../../resources/index.js';
import type { LabPhase } from '../../../resources/kinds/lab-record.js';
import type { Allocation, Worker } from '../../../resources/kinds/worker.js';
import { sumOf } from '../../scheduler/steps/bind-session.js';

const HOLDS_NOTHING: ReadonlySet<LabPhase | undefined> = new Set([
  'Orphaned',
  'Deleted',
  'Archived',
]);

/**
 * Removes the allocation of lab `labName` from `worker` when the lab's `phase` holds nothing;
 * resolves true when it wrote. Rejects with `Conflict` when the worker changed since it was cached.
 */
export async function releaseLabAllocation(
  client: ResourceClient,
  worker: Worker | undefined,
  labName: string,
  phase: LabPhase | undefined,
): Promise<boolean> {
  if (!worker || !HOLDS_NOTHING.has(phase)) return false;
  const allocations = worker.status?.allocations ?? [];
  const kept = allocations.filter((allocation) => !isHeldBy(allocation, labName));
  if (kept.length === allocations.length) return false;
  const status = worker.status ?? {};
  const capacity = status.capacity && { ...status.capacity, allocated: sumOf(kept) };
  const object = {
    ...worker,
    status: { ...status, allocations: kept, ...(capacity && { capacity }) },
  };
  await client.transact([{ op: 'updateStatus', object: object as unknown as AnyResource }]);
  return true;
}

function isHeldBy(allocation: Allocation, labName: string): boolean {
  return allocation.holder.kind === 'LabRecord' && allocation.holder.name === labName;
}
