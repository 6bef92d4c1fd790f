/** Per-key exponential backoff for retries: 1 s, 2 s, 4 s … capped at 5 min (DESIGN.md "Controllers"). */

/** Decides how long a failing key waits before its next attempt. */
export interface RateLimiter {
  /** Records one more failure of `key` and returns how long to wait before retrying it, in ms. */
  when(key: string): number;
  /** Forgets `key`'s failures: its next `when` starts again at the base delay. */
  forget(key: string): void;
  /** How many failures of `key` are currently recorded. */
  retries(key: string): number;
}

export interface ExponentialRateLimiterOptions {
  /** Delay after the first failure. @default 1000 */
  baseDelayMs?: number;
  /** Upper bound on any delay. @default 300_000 (5 min) */
  maxDelayMs?: number;
}

/** `baseDelayMs × 2^(failures − 1)`, capped at `maxDelayMs` (client-go's per-item limiter). */
export class ExponentialRateLimiter implements RateLimiter {
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #failures = new Map<string, number>();

  constructor(options: ExponentialRateLimiterOptions = {}) {
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 300_000;
  }

  when(key: string): number {
    const failures = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, failures);
    // 2 ** n becomes Infinity for a key failing for days; Math.min still yields the cap.
    return Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (failures - 1));
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  retries(key: string): number {
    return this.#failures.get(key) ?? 0;
  }
}
