/**
 * `lcm wait`'s progress: where the object is and how long we have waited — one line redrawn every
 * second on a terminal, one line per change otherwise (logs, CI).
 */
import type { Clock, Timer } from '../../clock/index.js';
import { formatDuration } from './format-age.js';

export interface WaitProgressOptions {
  /** What we wait for, e.g. `labletsession/s1 phase=Ready`. */
  goal: string;
  /** Redraw one line in place (a terminal) instead of appending lines. */
  tty: boolean;
  write(text: string): void;
  clock: Clock;
}

export class WaitProgress {
  readonly #options: WaitProgressOptions;
  readonly #startedMs: number;
  #state = '';
  #timer: Timer | undefined;

  constructor(options: WaitProgressOptions) {
    this.#options = options;
    this.#startedMs = options.clock.nowMs();
  }

  /** How long we have waited so far. */
  elapsed(): string {
    return formatDuration(this.#options.clock.nowMs() - this.#startedMs);
  }

  /** The state last shown, e.g. `phase Scheduled`. */
  current(): string {
    return this.#state;
  }

  /** Shows the object's current state (e.g. `phase Scheduled`); repeats are ignored. */
  update(state: string): void {
    if (state === this.#state) return;
    this.#state = state;
    if (this.#options.tty) this.#redraw();
    else this.#options.write(`${this.#line()}\n`);
  }

  /** Stops redrawing; a terminal line is ended so later output starts on its own line. */
  stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (this.#options.tty && this.#state) this.#options.write('\n');
  }

  #redraw(): void {
    this.#options.write(`\r\u001b[2K${this.#line()}`);
    this.#timer?.cancel();
    this.#timer = this.#options.clock.setTimer(1000, () => this.#redraw());
  }

  #line(): string {
    return `waiting for ${this.#options.goal}: ${this.#state} (${this.elapsed()})`;
  }
}
