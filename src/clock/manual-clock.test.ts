/** The manual clock that tests drive: timer order, sleeps and aborts. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires timers in due order only when time advances past them', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push('c'));
    clock.setTimer(100, () => fired.push('a'));
    const cancelled = clock.setTimer(200, () => fired.push('x'));
    clock.setTimer(100, () => fired.push('b'));
    cancelled.cancel();
    await clock.advance(99);
    expect(fired).toEqual([]);
    await clock.advance(201);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.nowMs()).toBe(300);
  });

  it('resolves sleeps on advance and rejects them when aborted', async () => {
    const clock = new ManualClock(0);
    const done = clock.sleep(1000);
    await clock.advance(1000);
    await expect(done).resolves.toBeUndefined();
    const controller = new AbortController();
    const aborted = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('runs timers scheduled by a firing timer within the same advance', async () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.nowMs());
      if (fired.length < 3) clock.setTimer(10, tick);
    };
    clock.setTimer(10, tick);
    await clock.advance(100);
    expect(fired).toEqual([10, 20, 30]);
  });
});
