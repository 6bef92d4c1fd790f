/**
 * Scoring among the workers that fit (SPEC.md "Scheduling"): a reusable wiped lab of the same
 * definition first, then bin-packing (most allocated after the bind), then lower cost, then name.
 */
import type { Quantity } from '../../../resources/kinds/common-schemas.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import type { ScoreBreakdown } from '../placement-types.js';
import { DIMENSIONS, type WorkerCapacity } from './free-capacity.js';

/** Packing is rounded so that float noise never outranks cost or name. */
const PACKING_DECIMALS = 1e6;

/**
 * Allocated share of declared capacity after this bind, averaged over the dimensions the
 * requirement uses (and the worker declares); 0 when it uses none.
 */
export function packingAfterBind(capacity: WorkerCapacity, requirement: Quantity): number {
  let sum = 0;
  let used = 0;
  for (const dimension of DIMENSIONS) {
    const declared = capacity.declared[dimension];
    if (requirement[dimension] <= 0 || declared <= 0) continue;
    sum += Math.min(1, (capacity.allocated[dimension] + requirement[dimension]) / declared);
    used += 1;
  }
  return used === 0 ? 0 : Math.round((sum / used) * PACKING_DECIMALS) / PACKING_DECIMALS;
}

/**
 * The score of a fitting worker. A worker whose template is gone costs nothing known, so it ranks
 * as free on cost; the other terms still apply.
 */
export function scoreWorker(
  capacity: WorkerCapacity,
  requirement: Quantity,
  template: WorkerTemplate | undefined,
  hasReusableLab: boolean,
): ScoreBreakdown {
  return {
    reusableLab: hasReusableLab ? 1 : 0,
    packing: packingAfterBind(capacity, requirement),
    costPerHour: template?.spec.costPerHour ?? 0,
  };
}

export interface ScoredWorker {
  worker: string;
  score: ScoreBreakdown;
}

/** Negative when `a` ranks before `b`; a total order, so the winner never depends on input order. */
export function compareScoredWorkers(a: ScoredWorker, b: ScoredWorker): number {
  return (
    b.score.reusableLab - a.score.reusableLab ||
    b.score.packing - a.score.packing ||
    a.score.costPerHour - b.score.costPerHour ||
    compareNames(a.worker, b.worker)
  );
}

function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
