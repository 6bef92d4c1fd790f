/** Condition helpers: lastTransitionTime moves only when the status changes. */
import { describe, expect, it } from 'vitest';
import { findCondition, isConditionTrue, setCondition } from './conditions.js';

describe('conditions', () => {
  const t1 = new Date('2026-01-01T00:00:00Z');
  const t2 = new Date('2026-01-01T00:05:00Z');

  it('adds a condition, then keeps lastTransitionTime while the status holds', () => {
    const first = setCondition(
      undefined,
      { type: 'Ready', status: 'False', reason: 'Booting' },
      t1,
    );
    const same = setCondition(
      first,
      { type: 'Ready', status: 'False', reason: 'StillBooting' },
      t2,
    );
    expect(findCondition(same, 'Ready')).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'StillBooting',
      lastTransitionTime: t1.toISOString(),
    });
    const flipped = setCondition(same, { type: 'Ready', status: 'True' }, t2);
    expect(findCondition(flipped, 'Ready')?.lastTransitionTime).toBe(t2.toISOString());
    expect(isConditionTrue(flipped, 'Ready')).toBe(true);
    expect(flipped).toHaveLength(1);
  });
});
