/** A clock that only moves when a test calls `advance`; timers fire in due-time order. */
import { sleepOn, type Clock, type Timer } from './clock.js';

interface PendingTimer {
  dueMs: number;
  seq: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  #nowMs: number;
  #timers = new Set<PendingTimer>();
  #seq = 0;

  /** @param startMs the initial time; @default 2026-01-01T00:00:00Z */
  constructor(startMs: number = Date.parse('2026-01-01T00:00:00Z')) {
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  setTimer(delayMs: number, callback: () => void): Timer {
    const timer: PendingTimer = {
      dueMs: this.#nowMs + Math.max(0, delayMs),
      seq: this.#seq++,
      callback,
    };
    this.#timers.add(timer);
    return { cancel: () => this.#timers.delete(timer) };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, delayMs, signal);
  }

  /** Number of timers not yet fired. */
  pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `deltaMs`, firing every timer that falls due, in order. Between timers
   * it yields to the event loop so promise chains woken by one timer can schedule the next.
   */
  async advance(deltaMs: number): Promise<void> {
    const targetMs = this.#nowMs + deltaMs;
    for (;;) {
      const next = this.#nextDue(targetMs);
      if (!next) break;
      this.#timers.delete(next);
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      next.callback();
      await flushMicrotasks();
    }
    this.#nowMs = targetMs;
    await flushMicrotasks();
  }

  #nextDue(limitMs: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const timer of this.#timers) {
      if (timer.dueMs > limitMs) continue;
      if (!best || timer.dueMs < best.dueMs || (timer.dueMs === best.dueMs && timer.seq < best.seq))
        best = timer;
    }
    return best;
  }
}

async function flushMicrotasks(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}
