/**
 * The scheduler's decision as recorded in `status.scheduling` (what `explain` shows): result,
 * reason, queue position, the scale-up it waits for, rejections counted by reason and at most 20
 * worker verdicts. Written only when it differs from the last one, `decidedAt` aside.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SchedulingRecord } from '../../resources/kinds/lablet-session.js';
import type { WorkerVerdict } from './placement-types.js';
import { compareScoredWorkers } from './placement/score.js';

/** Worker verdicts kept in a record: enough to explain, small enough for 10,000 pending sessions. */
export const MAX_RECORDED_WORKERS = 20;

export type RecordedVerdict = SchedulingRecord['workers'][number];
export type ScaleUpRef = NonNullable<SchedulingRecord['scaleUp']>;

export interface DecisionInput {
  result: SchedulingRecord['result'];
  /** A stable machine reason, e.g. Placed, ScaledUp, WaitingForWorker, ScaleUpCooldown. */
  reason: string;
  message: string;
  decidedAt: Date;
  queuePosition: number;
  verdicts: readonly WorkerVerdict[];
  scaleUp?: ScaleUpRef;
}

export function toSchedulingRecord(input: DecisionInput): SchedulingRecord {
  const { rejected, workers } = summariseVerdicts(input.verdicts);
  return {
    result: input.result,
    reason: input.reason,
    message: input.message,
    decidedAt: input.decidedAt.toISOString(),
    queuePosition: input.queuePosition,
    ...(input.scaleUp ? { scaleUp: input.scaleUp } : {}),
    rejected,
    workers,
  };
}

/** True when `next` says nothing `previous` did not (`decidedAt` is not compared). */
export function sameDecision(
  previous: SchedulingRecord | undefined,
  next: SchedulingRecord,
): boolean {
  if (!previous) return false;
  return isDeepStrictEqual({ ...previous, decidedAt: '' }, { ...next, decidedAt: '' });
}

/**
 * Rejections counted by reason, and the verdicts worth showing: the fitting workers best first,
 * then one example per rejection reason (most frequent reason first), 20 in all. Every reason
 * keeps its example; the fitting workers fill what is left.
 */
export function summariseVerdicts(verdicts: readonly WorkerVerdict[]): {
  rejected: Record<string, number>;
  workers: RecordedVerdict[];
} {
  const rejected: Record<string, number> = {};
  const examples = new Map<string, RecordedVerdict>();
  const fitting: Extract<WorkerVerdict, { fits: true }>[] = [];
  for (const verdict of verdicts) {
    if (verdict.fits) {
      fitting.push(verdict);
      continue;
    }
    rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1;
    if (!examples.has(verdict.reason))
      examples.set(verdict.reason, {
        name: verdict.worker,
        fits: false,
        reason: verdict.reason,
        message: verdict.message,
      });
  }
  const byFrequency = [...examples.values()].sort(
    (a, b) => (rejected[b.reason ?? ''] ?? 0) - (rejected[a.reason ?? ''] ?? 0),
  );
  const slots = Math.max(0, MAX_RECORDED_WORKERS - byFrequency.length);
  const best = fitting
    .sort(compareScoredWorkers)
    .slice(0, slots)
    .map((verdict): RecordedVerdict => ({
      name: verdict.worker,
      fits: true,
      score: verdict.score,
    }));
  return { rejected, workers: [...best, ...byFrequency].slice(0, MAX_RECORDED_WORKERS) };
}
