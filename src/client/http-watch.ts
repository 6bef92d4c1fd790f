/**
 * The remote watch: NDJSON lines of `GET …?watch=1` turned into WatchEvents, with reconnects
 * (backoff on the Clock) that resume from the last revision seen, so a dropped connection is
 * invisible.
 */
import type { Clock } from '../clock/index.js';
import { UnavailableError, isLcmError, toError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { AnyResource } from '../resources/index.js';
import { mapStatusError } from '../errors/index.js';
import type { Watch, WatchEvent } from './resource-client.js';

/** The body of a watch response: chunks of NDJSON. */
export type WatchStream = AsyncIterable<Uint8Array | string>;

export interface HttpWatchOptions {
  /**
   * Opens the stream of changes strictly after `sinceRevision`; rejects with an `LcmError`
   * (`Gone` for a compacted revision, `Unavailable` for transport failures). Aborting `signal`
   * ends the stream.
   */
  connect(sinceRevision: number, signal: AbortSignal): Promise<WatchStream>;
  sinceRevision: number;
  clock: Clock;
  logger: Logger;
  /** First reconnect delay; doubled per failed attempt. */
  initialDelayMs: number;
  /** Upper bound of the reconnect delay. */
  maxDelayMs: number;
  /** Called once when the watch closes. */
  onClose?: () => void;
}

/**
 * A `Watch` over HTTP. Only `Unavailable` failures (dropped connection, network error, 5xx, a
 * stream the server ended) reconnect; `Gone`, `Forbidden` and the like end the iteration by
 * throwing, as the store's watch does. Events at or below the last revision seen are dropped, so
 * the consumer never sees one twice.
 */
export class HttpWatch implements Watch {
  readonly #options: HttpWatchOptions;
  readonly #closing = new AbortController();
  #connection = new AbortController();
  #revision: number;
  #attempt = 0;
  #closed = false;
  #events: AsyncGenerator<WatchEvent> | undefined;

  private constructor(options: HttpWatchOptions) {
    this.#options = options;
    this.#revision = options.sinceRevision;
  }

  /** Connects once: a first failure rejects here, as opening the store's watch would. */
  static async open(options: HttpWatchOptions): Promise<HttpWatch> {
    const watch = new HttpWatch(options);
    watch.#events = watch.#run(await watch.#connect());
    return watch;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<WatchEvent>> {
    return this.#events?.next() ?? Promise.resolve({ done: true, value: undefined });
  }

  async return(): Promise<IteratorResult<WatchEvent>> {
    this.close();
    return { done: true, value: undefined };
  }

  /** Ends the iteration (a pending `next()` resolves done) and aborts the request. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing.abort(new Error('watch closed'));
    this.#connection.abort(new Error('watch closed'));
    this.#events?.return(undefined).catch(() => undefined);
    this.#options.onClose?.();
  }

  async *#run(first: WatchStream): AsyncGenerator<WatchEvent> {
    let stream: WatchStream | undefined = first;
    while (!this.#isClosed()) {
      try {
        stream ??= await this.#reconnect();
        for await (const line of readLines(stream)) {
          this.#attempt = 0;
          const event = parseWatchLine(line);
          if (!event || !this.#isNew(event)) continue;
          this.#revision = event.revision;
          yield event;
        }
        throw new UnavailableError('the server ended the watch stream');
      } catch (error) {
        if (this.#isClosed()) return;
        const failure = isLcmError(error)
          ? error
          : new UnavailableError(`the watch connection failed: ${toError(error).message}`, {
              cause: error,
            });
        if (failure.reason !== 'Unavailable') {
          this.close();
          throw failure;
        }
        this.#options.logger.warn(
          { err: failure, revision: this.#revision },
          'watch interrupted; reconnecting from the last revision',
        );
      }
      stream = undefined;
    }
  }

  /** Bookmarks may repeat the last revision; changes must be strictly newer. */
  #isNew(event: WatchEvent): boolean {
    return event.type === 'BOOKMARK'
      ? event.revision >= this.#revision
      : event.revision > this.#revision;
  }

  async #reconnect(): Promise<WatchStream> {
    const { initialDelayMs, maxDelayMs, clock } = this.#options;
    const delayMs = Math.min(initialDelayMs * 2 ** this.#attempt, maxDelayMs);
    this.#attempt++;
    await clock.sleep(delayMs, this.#closing.signal);
    return this.#connect();
  }

  #connect(): Promise<WatchStream> {
    this.#connection = new AbortController();
    return this.#options.connect(this.#revision, this.#connection.signal);
  }

  /** A method, not a field read: the flag flips across awaits, which TS narrowing cannot see. */
  #isClosed(): boolean {
    return this.#closed;
  }
}

/**
 * One NDJSON line as a WatchEvent (`revision` from `object.metadata.resourceVersion`); `undefined`
 * for an event type this client does not know. An ERROR line throws the error it carries.
 */
function parseWatchLine(line: string): WatchEvent | undefined {
  let parsed: { type?: unknown; object?: unknown };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch (error) {
    throw new UnavailableError(
      `the watch stream sent a line that is not JSON: ${line.slice(0, 120)}`,
      {
        cause: error,
      },
    );
  }
  const { type } = parsed;
  if (type === 'ERROR') {
    const status = (parsed.object as { code?: unknown } | undefined)?.code;
    throw mapStatusError(typeof status === 'number' ? status : 500, parsed.object);
  }
  const object = parsed.object as Partial<AnyResource> | undefined;
  const revision = Number(object?.metadata?.resourceVersion);
  if (!object || !Number.isSafeInteger(revision))
    throw new UnavailableError(
      `the watch stream sent a ${String(type)} line without a resourceVersion`,
    );
  if (type === 'BOOKMARK') return { type, revision };
  if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
    return { type, revision, object: object as AnyResource };
  return undefined;
}

/** Splits a byte stream into non-empty lines; a partial last line (a cut connection) is dropped. */
async function* readLines(stream: WatchStream): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') yield line;
  }
}
