/** The real clock: wall time and Node timers. */
import { sleepOn, type Clock, type Timer } from './clock.js';

export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }

  now(): Date {
    return new Date();
  }

  setTimer(delayMs: number, callback: () => void): Timer {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(handle) };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, delayMs, signal);
  }
}
