import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScaledClock } from './scaled-clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('ScaledClock', () => {
  it('runs factor times faster than real time from its origin', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = new ScaledClock({ factor: 60, originMs: 5_000 });
    vi.advanceTimersByTime(1_000);
    expect(clock.nowMs()).toBe(65_000);
  });

  it('agrees with another clock of the same origins (a restarted process)', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const first = new ScaledClock({ factor: 10, originMs: 0, realOriginMs: 1_000_000 });
    vi.advanceTimersByTime(500);
    const second = new ScaledClock({ factor: 10, originMs: 0, realOriginMs: 1_000_000 });
    expect(second.nowMs()).toBe(first.nowMs());
    expect(second.nowMs()).toBe(5_000);
  });

  it('fires timers after the scaled delay', async () => {
    vi.useFakeTimers({ now: 0 });
    const clock = new ScaledClock({ factor: 100 });
    const fired = vi.fn();
    clock.setTimer(60_000, fired);
    await vi.advanceTimersByTimeAsync(599);
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toHaveBeenCalledOnce();
  });

  it('refuses a factor that would stop or reverse time', () => {
    expect(() => new ScaledClock({ factor: 0 })).toThrow(RangeError);
  });
});
