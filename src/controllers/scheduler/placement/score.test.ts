import { describe, expect, it } from 'vitest';
import { quantity } from '../../../../test/support/placement-fixtures.js';
import { compareScoredWorkers, packingAfterBind, type ScoredWorker } from './score.js';

const declared = quantity(8, 32768, 200, 40);

describe('packing', () => {
  it('averages the allocated share after the bind over the dimensions the session uses', () => {
    const capacity = {
      declared,
      allocated: quantity(2, 8192, 100, 0),
      free: quantity(6, 24576, 100, 40),
    };
    // cpu (2+2)/8 = 0.5, memory (8192+8192)/32768 = 0.5; storage and nodes are not needed.
    expect(packingAfterBind(capacity, quantity(2, 8192))).toBe(0.5);
  });

  it('is 0 for a session that needs nothing and ignores dimensions the worker does not declare', () => {
    const capacity = { declared: quantity(8), allocated: quantity(4), free: quantity(4) };
    expect(packingAfterBind(capacity, quantity(0))).toBe(0);
    expect(packingAfterBind(capacity, quantity(2, 4096))).toBe(0.75);
  });
});

describe('score order', () => {
  const scored = (worker: string, reusableLab: number, packing: number, costPerHour: number) =>
    ({ worker, score: { reusableLab, packing, costPerHour } }) satisfies ScoredWorker;
  const best = (...workers: ScoredWorker[]) => [...workers].sort(compareScoredWorkers)[0]?.worker;

  it('puts a reusable lab before packing', () => {
    expect(best(scored('full', 0, 0.9, 1), scored('reuse', 1, 0.1, 1))).toBe('reuse');
  });

  it('puts packing before cost', () => {
    expect(best(scored('cheap', 0, 0.2, 1), scored('full', 0, 0.8, 5))).toBe('full');
  });

  it('breaks a packing tie with the lower cost, then the name', () => {
    expect(best(scored('a', 0, 0.5, 2), scored('b', 0, 0.5, 1))).toBe('b');
    expect(best(scored('b', 0, 0.5, 1), scored('a', 0, 0.5, 1))).toBe('a');
  });
});
