/** One worker's verdict for one session: the filters in order, then the score when it fits. */
import type { Worker } from '../../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import type { ScoreBreakdown, WorkerVerdict } from '../placement-types.js';
import { freePortCountOf } from './assign-ports.js';
import { firstRejection, type FilterInput } from './filters.js';
import { freeCapacityOf, type WorkerCapacity } from './free-capacity.js';
import type { PlacementNeed } from './placement-need.js';
import { scoreWorker } from './score.js';

export interface FittingWorker {
  fits: true;
  verdict: { worker: string; fits: true; score: ScoreBreakdown };
  worker: Worker;
  template: WorkerTemplate | undefined;
  /** The wiped LabRecord to reuse, when the worker has one of this definition. */
  reuseLab?: string;
}

export type WorkerEvaluation = FittingWorker | { fits: false; verdict: WorkerVerdict };

export function evaluateWorker(
  worker: Worker,
  template: WorkerTemplate | undefined,
  need: PlacementNeed,
  reusableLab: string | undefined,
): WorkerEvaluation {
  const name = worker.metadata.name;
  const input = new LazyFilterInput(worker, template, need);
  const rejection = firstRejection(input);
  if (rejection) return { fits: false, verdict: { worker: name, fits: false, ...rejection } };
  const score = scoreWorker(input.capacity, need.requirement, template, reusableLab !== undefined);
  const fitting: FittingWorker = {
    fits: true,
    verdict: { worker: name, fits: true, score },
    worker,
    template,
  };
  if (reusableLab !== undefined) fitting.reuseLab = reusableLab;
  return fitting;
}

/**
 * Capacity and the free-port count are computed only for workers that get as far as needing them.
 * A class rather than an object literal with getters: one shape for every worker, far less garbage.
 */
class LazyFilterInput implements FilterInput {
  readonly worker: Worker;
  readonly template: WorkerTemplate | undefined;
  readonly need: PlacementNeed;
  #capacity: WorkerCapacity | undefined;
  #freePortCount: number | undefined;

  constructor(worker: Worker, template: WorkerTemplate | undefined, need: PlacementNeed) {
    this.worker = worker;
    this.template = template;
    this.need = need;
  }

  get capacity(): WorkerCapacity {
    return (this.#capacity ??= freeCapacityOf(this.worker, this.template));
  }

  get freePortCount(): number {
    return (this.#freePortCount ??= freePortCountOf(this.worker, this.template));
  }
}
