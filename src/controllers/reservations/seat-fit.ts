/**
 * How many seats of one definition fit on a worker, or on a new worker of a template, judged by the
 * scheduler's own checks (`evaluateWorker`, `templateShortfall`): k seats are asked as one need of
 * k × the requirement, and the largest k that passes is the answer. Every check is monotone in k,
 * so a binary search finds it. Ports are counted in the upper bound (k × the port template must
 * fit the free ports), which is exactly what the scheduler's port check asks.
 */
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import { freePortCountOf } from '../scheduler/placement/assign-ports.js';
import { templateShortfall } from '../scheduler/placement/choose-scale-up-template.js';
import { evaluateWorker } from '../scheduler/placement/evaluate-worker.js';
import { DIMENSIONS, freeCapacityOf } from '../scheduler/placement/free-capacity.js';
import type { PlacementNeed } from '../scheduler/placement/placement-need.js';

/** Same tolerance as the scheduler's: fractional vCPU sums must not lose an exact fit. */
const TOLERANCE = 1e-9;

/** Seats (at most `limit`) that `worker` takes now: 0 unless it passes every placement filter. */
export function seatsOnWorker(
  worker: Worker,
  template: WorkerTemplate | undefined,
  need: PlacementNeed,
  limit: number,
): number {
  const free = freeCapacityOf(worker, template).free;
  const bound = Math.min(limit, upperBound(free, freePortCountOf(worker, template), need));
  return largestFitting(
    bound,
    (k) => evaluateWorker(worker, template, times(need, k), undefined).fits,
  );
}

/** Seats (at most `limit`) a new worker of `template` would take. */
export function seatsOnNewWorker(
  template: WorkerTemplate,
  need: PlacementNeed,
  limit: number,
): number {
  const ports = Math.max(0, template.spec.ports.to - template.spec.ports.from + 1);
  const bound = Math.min(limit, upperBound(template.spec.capacity, ports, need));
  return largestFitting(bound, (k) => templateShortfall(template, times(need, k)) === undefined);
}

/** The most seats the free resources and ports could hold, before the other checks. */
function upperBound(free: Quantity, freePorts: number, need: PlacementNeed): number {
  let bound = Number.POSITIVE_INFINITY;
  for (const dimension of DIMENSIONS) {
    const each = need.requirement[dimension];
    if (each > 0)
      bound = Math.min(bound, Math.floor((Math.max(0, free[dimension]) + TOLERANCE) / each));
  }
  const ports = need.portTemplate.length;
  if (ports > 0) bound = Math.min(bound, Math.floor(freePorts / ports));
  return bound;
}

/** The largest k in [0, bound] with `fits(k)`, given that `fits` turns false only once. */
function largestFitting(bound: number, fits: (k: number) => boolean): number {
  if (bound < 1 || !fits(1)) return 0;
  let low = 1;
  let high = bound;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

function times(need: PlacementNeed, k: number): PlacementNeed {
  const { requirement } = need;
  return {
    ...need,
    requirement: {
      cpu: requirement.cpu * k,
      memoryMiB: requirement.memoryMiB * k,
      storageGiB: requirement.storageGiB * k,
      nodes: requirement.nodes * k,
    },
  };
}
