import { describe, expect, it } from 'vitest';
import { sameDecision, summariseVerdicts, toSchedulingRecord } from './decision-record.js';
import type { RejectionReason, WorkerVerdict } from './placement-types.js';

const fits = (worker: string, packing: number): WorkerVerdict => ({
  worker,
  fits: true,
  score: { reusableLab: 0, packing, costPerHour: 1 },
});
const rejected = (worker: string, reason: RejectionReason): WorkerVerdict => ({
  worker,
  fits: false,
  reason,
  message: `${worker} ${reason}`,
});

describe('decision record', () => {
  it('counts rejections and keeps the best fits, then one example per reason, 20 in all', () => {
    const verdicts = [
      ...Array.from({ length: 30 }, (_, i) => fits(`f${i}`, i / 100)),
      ...Array.from({ length: 5 }, (_, i) => rejected(`c${i}`, 'InsufficientCpu')),
      rejected('d0', 'Draining'),
    ];

    const { rejected: counts, workers } = summariseVerdicts(verdicts);

    expect(counts).toEqual({ InsufficientCpu: 5, Draining: 1 });
    expect(workers).toHaveLength(20);
    expect(workers.slice(0, 3).map((w) => w.name)).toEqual(['f29', 'f28', 'f27']);
    expect(workers.slice(18)).toEqual([
      { name: 'c0', fits: false, reason: 'InsufficientCpu', message: 'c0 InsufficientCpu' },
      { name: 'd0', fits: false, reason: 'Draining', message: 'd0 Draining' },
    ]);
  });

  it('compares decisions without their time', () => {
    const decide = (at: string, queuePosition: number) =>
      toSchedulingRecord({
        result: 'Waiting',
        reason: 'NoTemplateFits',
        message: 'm',
        decidedAt: new Date(at),
        queuePosition,
        verdicts: [rejected('w1', 'Cordoned')],
      });

    expect(sameDecision(decide('2026-11-25T10:00:00Z', 2), decide('2026-11-25T11:00:00Z', 2))).toBe(
      true,
    );
    expect(sameDecision(decide('2026-11-25T10:00:00Z', 2), decide('2026-11-25T10:00:00Z', 1))).toBe(
      false,
    );
    expect(sameDecision(undefined, decide('2026-11-25T10:00:00Z', 1))).toBe(false);
  });
});
