import { describe, expect, it } from 'vitest';
import {
  aWorker,
  anInput,
  minutesAgo,
  minutesFromNow,
  NOW,
} from '../../../test/support/scale-down-fixtures.js';
import { findCondition } from '../../resources/index.js';
import { setScaleDownCondition } from './scale-down-condition.js';
import { evaluateScaleDown } from './scale-down-policy.js';

describe('setScaleDownCondition', () => {
  it('records a scale-down as ScaleDown=True with the idle start and the action', () => {
    const decision = evaluateScaleDown(anInput());
    const [condition] = setScaleDownCondition(undefined, decision, NOW);
    expect(condition).toEqual({
      type: 'ScaleDown',
      status: 'True',
      reason: 'IdleTimeout',
      message: `idle since ${minutesAgo(180)}; drain, then stop`,
      lastTransitionTime: NOW.toISOString(),
    });
  });

  it('records a kept worker as ScaleDown=False with the skip reason and message', () => {
    const worker = aWorker('w-1');
    worker.status = { ...worker.status, lastActivityAt: minutesAgo(10) };
    const decision = evaluateScaleDown(anInput({ worker }));
    const condition = findCondition(setScaleDownCondition([], decision, NOW), 'ScaleDown');
    expect(condition).toMatchObject({ status: 'False', reason: 'NotIdleLongEnough' });
    expect(condition?.message).toContain(minutesFromNow(50));
  });

  it('keeps the other conditions and the transition time while the status holds', () => {
    const ready = { type: 'Ready', status: 'True' as const, lastTransitionTime: minutesAgo(99) };
    const decided = setScaleDownCondition(
      [ready],
      evaluateScaleDown(anInput()),
      new Date(minutesAgo(5)),
    );
    const again = setScaleDownCondition(decided, evaluateScaleDown(anInput()), NOW);
    expect(again).toHaveLength(2);
    expect(findCondition(again, 'Ready')).toEqual(ready);
    expect(findCondition(again, 'ScaleDown')?.lastTransitionTime).toBe(minutesAgo(5));
  });

  it('starts the cooldown of the other workers of the region when a scale-down is decided', () => {
    const first = aWorker('w-1');
    first.status = {
      ...first.status,
      phase: 'Draining',
      conditions: setScaleDownCondition(undefined, evaluateScaleDown(anInput()), NOW),
    };
    const second = evaluateScaleDown(anInput({ worker: aWorker('w-2'), regionWorkers: [first] }));
    expect(second).toMatchObject({ decision: 'Keep', reason: 'Cooldown' });
  });
});
