/**
 * Idle workers (SPEC.md "Auto-scaling"): a Running worker with idle detection on and no allocation
 * holding compute is not kept past the scale-down window. Idleness is read exactly as the
 * scale-down policy reads it (`idleSince`, `computeAllocations`), so a wiped lab's ports alone do
 * not make a worker busy. Meant for scenarios where nothing else keeps the worker (no minimum per
 * region, no upcoming reservation).
 */
import type { Worker } from '../../resources/kinds/worker.js';
import { computeAllocations, idleSince } from '../workers/idle-detection.js';
import type { InvariantViolation } from './fleet-invariant.js';

/** `IdleWorkerKept` for each such worker idle longer than `windowMs` at `now`. */
export function checkIdleWorkers(
  workers: readonly Worker[],
  now: Date,
  windowMs: number,
): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  for (const worker of workers) {
    if (worker.status?.phase !== 'Running' || !worker.spec.idleDetection) continue;
    if (computeAllocations(worker).length > 0) continue;
    const since = idleSince(worker);
    if (since === undefined || now.getTime() - since.getTime() <= windowMs) continue;
    const minutes = Math.round((now.getTime() - since.getTime()) / 60_000);
    violations.push({
      invariant: 'IdleWorkerKept',
      object: `Worker/${worker.metadata.name}`,
      message: `is Running and idle for ${minutes} min (since ${since.toISOString()}), past the ${Math.round(windowMs / 60_000)} min scale-down window`,
    });
  }
  return violations;
}
