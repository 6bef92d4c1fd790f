/**
 * A wall clock running `factor` times faster than real time, from a chosen origin: demos and
 * crash tests live through hours of a class in minutes. Two processes given the same origin and
 * factor agree on the time, so an LCM process restarted mid-run continues on the same timeline.
 */
import { sleepOn, type Clock, type Timer } from './clock.js';

export interface ScaledClockOptions {
  /** Simulated time advanced per real millisecond (60 = an hour a minute). */
  factor: number;
  /** The simulated time at `realOriginMs`. @default realOriginMs */
  originMs?: number;
  /** The real time (`Date.now()`) the clocks start from. @default now */
  realOriginMs?: number;
}

export class ScaledClock implements Clock {
  readonly factor: number;
  readonly originMs: number;
  readonly realOriginMs: number;

  constructor(options: ScaledClockOptions) {
    if (!(options.factor > 0)) throw new RangeError('ScaledClock factor must be positive');
    this.factor = options.factor;
    this.realOriginMs = options.realOriginMs ?? Date.now();
    this.originMs = options.originMs ?? this.realOriginMs;
  }

  nowMs(): number {
    return this.originMs + (Date.now() - this.realOriginMs) * this.factor;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  setTimer(delayMs: number, callback: () => void): Timer {
    const handle = setTimeout(callback, Math.max(0, delayMs) / this.factor);
    return { cancel: () => clearTimeout(handle) };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, delayMs, signal);
  }
}
