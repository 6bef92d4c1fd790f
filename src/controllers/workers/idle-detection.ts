/**
 * Idle detection (SPEC.md "Auto-scaling"): since when a worker has been idle, read only from what
 * its status records, and the `status.idle` record that marks when it last became empty.
 */
import type { Allocation, Worker, WorkerStatus } from '../../resources/kinds/worker.js';

/** `status.idle.reason` while a Running worker holds no compute allocation. */
export const IDLE_REASON_NO_ALLOCATIONS = 'NoAllocations';

/**
 * True when the allocation reserves cpu, memory, storage or CML nodes. A wiped lab kept for reuse
 * holds only ports (SPEC.md "Teardown"); it does not keep a worker up, and a stopped worker keeps
 * its labs.
 */
export function holdsCompute(allocation: Allocation): boolean {
  return (
    allocation.cpu > 0 ||
    allocation.memoryMiB > 0 ||
    allocation.storageGiB > 0 ||
    allocation.nodes > 0
  );
}

/** The worker's allocations that hold compute (see `holdsCompute`). */
export function computeAllocations(worker: Worker): Allocation[] {
  return (worker.status?.allocations ?? []).filter(holdsCompute);
}

/**
 * When the worker last became idle: the latest of
 * - `status.lastActivityAt` — the last CML lab/node event (activity),
 * - the last move to `Running` in `status.history` (a start, or a cancelled drain),
 * - `status.idle.since` — when the controller first saw it without compute allocations, i.e. the
 *   last allocation release (see `trackIdle`),
 * - `metadata.creationTimestamp`, so a worker with none of the above still ages.
 *
 * Undefined when none is recorded (or none parses). Holding allocations is judged separately: a
 * worker with allocations is busy whatever this returns.
 */
export function idleSince(worker: Worker): Date | undefined {
  const candidates = [
    worker.status?.lastActivityAt,
    lastRunningTransition(worker),
    worker.status?.idle?.since,
    worker.metadata.creationTimestamp,
  ];
  let latest: number | undefined;
  for (const candidate of candidates) {
    const at = candidate === undefined ? Number.NaN : Date.parse(candidate);
    if (!Number.isNaN(at) && (latest === undefined || at > latest)) latest = at;
  }
  return latest === undefined ? undefined : new Date(latest);
}

/**
 * The `status.idle` a Running worker should carry at `now`: none while it holds a compute
 * allocation; otherwise the existing record, or a new one starting `now` (the first observation
 * after the last allocation was released).
 */
export function trackIdle(worker: Worker, now: Date): WorkerStatus['idle'] {
  if (computeAllocations(worker).length > 0) return undefined;
  return worker.status?.idle ?? { since: now.toISOString(), reason: IDLE_REASON_NO_ALLOCATIONS };
}

function lastRunningTransition(worker: Worker): string | undefined {
  const history = worker.status?.history ?? [];
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const entry = history[index];
    if (entry?.to === 'Running') return entry.at;
  }
  return undefined;
}
