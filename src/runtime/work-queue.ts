/**
 * The work queue between informers and reconcile workers: keys are deduplicated, one key is never
 * handed out twice at once, failing keys back off per key, and shutdown drains in-flight work.
 */
import type { Clock, Timer } from '../clock/index.js';
import { ExponentialRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface WorkQueueOptions {
  /** Drives `addAfter` and backoff timers. */
  clock: Clock;
  /** Backoff of `addRateLimited`. @default new ExponentialRateLimiter() (1 s → 5 min) */
  rateLimiter?: RateLimiter;
  /** Keys handed out by `get` and not yet `done`, at most. @default 1 */
  maxInFlight?: number;
  /** Called whenever the number of ready keys (`depth`) changes; feeds the depth gauge. */
  onDepthChange?: (depth: number) => void;
}

interface DelayedKey {
  dueMs: number;
  timer: Timer;
}

/**
 * A deduplicating FIFO of string keys (client-go's workqueue, in TypeScript):
 * - a key added while it waits in the queue is not queued twice;
 * - a key added while it is being processed is queued again once `done` is called for it, so the
 *   change is never lost and the key is never processed concurrently;
 * - `get` hands out at most `maxInFlight` keys at a time;
 * - `addAfter` keeps only the earliest pending delay per key.
 */
export class WorkQueue {
  readonly #clock: Clock;
  readonly #rateLimiter: RateLimiter;
  readonly #maxInFlight: number;
  readonly #onDepthChange: ((depth: number) => void) | undefined;
  /** Ready keys in FIFO order (a Set keeps insertion order). */
  readonly #ready = new Set<string>();
  readonly #processing = new Set<string>();
  /** Keys added again while they were being processed. */
  readonly #dirty = new Set<string>();
  readonly #delayed = new Map<string, DelayedKey>();
  readonly #getters: ((key: string | undefined) => void)[] = [];
  #idleWaiters: (() => void)[] = [];
  #shuttingDown = false;

  constructor(options: WorkQueueOptions) {
    this.#clock = options.clock;
    this.#rateLimiter = options.rateLimiter ?? new ExponentialRateLimiter();
    this.#maxInFlight = options.maxInFlight ?? 1;
    if (!Number.isInteger(this.#maxInFlight) || this.#maxInFlight < 1)
      throw new RangeError(`maxInFlight must be a positive integer, got ${this.#maxInFlight}`);
    this.#onDepthChange = options.onDepthChange;
  }

  /** Queues `key` unless it is already queued; ignored after `shutdown`. */
  add(key: string): void {
    if (this.#shuttingDown || this.#ready.has(key)) return;
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    this.#ready.add(key);
    this.#depthChanged();
    this.#dispatch();
  }

  /** Queues `key` after `delayMs`; an earlier pending delay for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const dueMs = this.#clock.nowMs() + delayMs;
    const pending = this.#delayed.get(key);
    if (pending && pending.dueMs <= dueMs) return;
    pending?.timer.cancel();
    const timer = this.#clock.setTimer(delayMs, () => {
      this.#delayed.delete(key);
      this.add(key);
    });
    this.#delayed.set(key, { dueMs, timer });
  }

  /** Queues `key` after its next backoff delay (1 s, 2 s, 4 s … by default); returns that delay. */
  addRateLimited(key: string): number {
    const delayMs = this.#rateLimiter.when(key);
    this.addAfter(key, delayMs);
    return delayMs;
  }

  /** Resets `key`'s backoff; call it when the key was processed successfully. */
  forget(key: string): void {
    this.#rateLimiter.forget(key);
  }

  /** Failures currently counted for `key`. */
  retries(key: string): number {
    return this.#rateLimiter.retries(key);
  }

  /**
   * The next key to process, once one is ready and fewer than `maxInFlight` are in flight.
   * Resolves `undefined` once the queue shuts down. Call `done(key)` when finished with it.
   */
  get(): Promise<string | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.#getters.push(resolve);
      this.#dispatch();
    });
  }

  /** Marks `key` as processed; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    if (!this.#processing.delete(key)) return;
    if (this.#dirty.delete(key) && !this.#shuttingDown) {
      this.#ready.add(key);
      this.#depthChanged();
    }
    this.#dispatch();
    this.#checkIdle();
  }

  /** Ready keys waiting for a worker (not counting in-flight or delayed keys). */
  get depth(): number {
    return this.#ready.size;
  }

  /** Keys handed out and not yet done. */
  get inFlight(): number {
    return this.#processing.size;
  }

  /** Keys waiting for an `addAfter`/backoff delay to pass. */
  get delayed(): number {
    return this.#delayed.size;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** True when no key is ready or in flight (delayed keys may still be pending). */
  isIdle(): boolean {
    return this.#ready.size === 0 && this.#processing.size === 0;
  }

  /** Resolves the next time the queue is idle (at once if it is idle now). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops taking work: later adds are ignored, ready and delayed keys are dropped (the next
   * leader's or run's initial list and resync bring them back — reconciling is level-based), and
   * every waiting `get` resolves `undefined`. Resolves once all in-flight keys are `done`.
   */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    for (const { timer } of this.#delayed.values()) timer.cancel();
    this.#delayed.clear();
    this.#dirty.clear();
    if (this.#ready.size > 0) {
      this.#ready.clear();
      this.#depthChanged();
    }
    for (const resolve of this.#getters.splice(0)) resolve(undefined);
    this.#checkIdle();
    await this.whenIdle();
  }

  #dispatch(): void {
    let handedOut = false;
    while (
      this.#getters.length > 0 &&
      this.#ready.size > 0 &&
      this.#processing.size < this.#maxInFlight
    ) {
      const key = this.#ready.values().next().value as string;
      this.#ready.delete(key);
      this.#processing.add(key);
      handedOut = true;
      (this.#getters.shift() as (key: string) => void)(key);
    }
    if (handedOut) this.#depthChanged();
  }

  #checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #depthChanged(): void {
    this.#onDepthChange?.(this.#ready.size);
  }
}
