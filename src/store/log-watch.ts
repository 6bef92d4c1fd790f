/**
 * A watch over a store's event log, shared by every backend. It is pull-based: it reads the log by
 * revision only when the consumer asks for more, so a slow consumer cannot make memory grow, and a
 * missed wake-up costs latency, never an event.
 */
import type { Clock, Timer } from '../clock/index.js';
import { GoneError, InvalidError } from '../errors/index.js';
import type { KindRegistry } from '../resources/index.js';
import type { Watch, WatchEvent } from './resource-store.js';

/** One change as read from the log. */
export type LogEvent = Extract<WatchEvent, { object: unknown }>;

export interface LogReadResult {
  /** Matching events after the requested revision, in revision order. */
  events: LogEvent[];
  /** The revision up to which the log was read; with fewer events than the limit, the cursor moves here. */
  headRevision: number;
}

/** What a backend supplies to a `LogWatch`. */
export interface EventLogSource {
  /**
   * Reads events of any of `kinds` strictly after `sinceRevision`, in revision order; throws
   * `GoneError` if that part was compacted.
   */
  read(query: {
    kinds: readonly string[];
    namespace?: string;
    sinceRevision: number;
    limit: number;
  }): Promise<LogReadResult>;
  /** Registers a wake-up called after commits; returns the unsubscribe function. */
  onCommit(listener: () => void): () => void;
}

export interface LogWatchOptions {
  source: EventLogSource;
  clock: Clock;
  /** The kinds to follow, in one revision order; at least one (see `watchedKinds`). */
  kinds: readonly string[];
  namespace?: string;
  sinceRevision: number;
  /** @default 10_000 */
  bookmarkIntervalMs: number;
  /** Events read per query. @default 500 */
  batchSize?: number;
  /** Called once when the watch closes, so the store can forget it. */
  onClose?: () => void;
}

export class LogWatch implements Watch {
  readonly #options: LogWatchOptions;
  #cursor: number;
  #buffer: WatchEvent[] = [];
  #dirty = true;
  #bookmarkDue = false;
  #closed = false;
  #wake: (() => void) | undefined;
  #unsubscribe: () => void;
  #bookmarkTimer: Timer | undefined;

  constructor(options: LogWatchOptions) {
    this.#options = options;
    this.#cursor = options.sinceRevision;
    this.#unsubscribe = options.source.onCommit(() => this.#signal());
    this.#armBookmark();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<WatchEvent>> {
    for (;;) {
      if (this.#closed) return { done: true, value: undefined };
      const buffered = this.#buffer.shift();
      if (buffered) return { done: false, value: buffered };
      if (this.#dirty || this.#bookmarkDue) {
        try {
          await this.#readMore();
        } catch (error) {
          this.close();
          throw error;
        }
        continue;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<WatchEvent>> {
    this.close();
    return { done: true, value: undefined };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    this.#bookmarkTimer?.cancel();
    this.#wake?.();
    this.#options.onClose?.();
  }

  async #readMore(): Promise<void> {
    this.#dirty = false;
    const limit = this.#options.batchSize ?? 500;
    const { events, headRevision } = await this.#options.source.read({
      kinds: this.#options.kinds,
      ...(this.#options.namespace ? { namespace: this.#options.namespace } : {}),
      sinceRevision: this.#cursor,
      limit,
    });
    if (this.#closed) return;
    for (const event of events) {
      // Belt and braces: never deliver an event twice or out of order.
      if (event.revision <= this.#cursor) continue;
      this.#buffer.push(event);
      this.#cursor = event.revision;
    }
    if (events.length >= limit) this.#dirty = true;
    else this.#cursor = Math.max(this.#cursor, headRevision);
    if (this.#bookmarkDue && !this.#dirty) {
      this.#bookmarkDue = false;
      this.#buffer.push({ type: 'BOOKMARK', revision: this.#cursor });
      this.#armBookmark();
    }
  }

  #signal(): void {
    this.#dirty = true;
    this.#wake?.();
  }

  #armBookmark(): void {
    this.#bookmarkTimer = this.#options.clock.setTimer(this.#options.bookmarkIntervalMs, () => {
      this.#bookmarkDue = true;
      this.#signal();
    });
  }
}

/**
 * The distinct kinds a `watch(kind)` call follows, each checked against the registry: `Invalid`
 * for an unknown kind or an empty array.
 */
export function watchedKinds(registry: KindRegistry, kind: string | readonly string[]): string[] {
  const kinds = typeof kind === 'string' ? [kind] : [...new Set(kind)];
  if (kinds.length === 0)
    throw new InvalidError('a watch needs at least one kind; the kind list is empty', {
      details: { field: 'kind' },
    });
  for (const each of kinds) registry.get(each);
  return kinds;
}

/** The error a watch raises when its start revision has been compacted away. */
export function goneError(sinceRevision: number, compactedRevision: number): GoneError {
  return new GoneError(
    `revision ${sinceRevision} is older than the retained event log (compacted through ${compactedRevision}); list again and watch from the list's revision`,
    { details: { field: 'resourceVersion', compactedRevision } },
  );
}
