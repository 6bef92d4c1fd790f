/**
 * Delivers the simulators' CloudEvents to an HTTP sink: serialised with the `cloudevents` SDK,
 * sent with our own fetch (status check, timeout, retry with backoff on the injected Clock).
 */
import { HTTP, type CloudEvent } from 'cloudevents';
import { Agent, fetch } from 'undici';
import type { Clock } from '../../clock/index.js';
import type { Logger } from '../../observability/index.js';

/** How events go on the wire (CloudEvents HTTP binding). */
export type CloudEventMode = 'structured' | 'binary';

export interface CloudEventSenderOptions {
  /** Where events are POSTed; undefined drops them (logged at debug). */
  sinkUrl: string | undefined;
  clock: Clock;
  logger: Logger;
  /** @default 'structured' */
  mode?: CloudEventMode;
  /** Per-attempt HTTP timeout (real time: it guards a socket). @default 5_000 */
  timeoutMs?: number;
  /** Attempts per event before it is dropped and logged. @default 8 */
  maxAttempts?: number;
  /** First retry delay on the Clock; doubles per attempt. @default 500 */
  initialBackoffMs?: number;
  /** @default 30_000 */
  maxBackoffMs?: number;
  /** Sent with every delivery, e.g. `{ authorization: 'Bearer <API key>' }`. @default none */
  headers?: Readonly<Record<string, string>>;
}

/** What a simulator lets its owner set on its sender. */
export type EventSenderTuning = Pick<
  CloudEventSenderOptions,
  'maxAttempts' | 'initialBackoffMs' | 'timeoutMs' | 'headers'
>;

/** Counters for tests and the sims' `/_sim/events` view. */
export interface CloudEventSenderStats {
  delivered: number;
  failedAttempts: number;
  dropped: number;
  /** Events queued or in flight. */
  pending: number;
}

/** Statuses worth retrying: throttling, timeouts and server faults (CloudEvents webhook spec). */
/**
 * 401 is retried too: the sink's key may be being renewed (a restarted `lcm serve` gives its
 * simulators a new key), and the retry then carries the new one.
 */
function isRetryable(status: number): boolean {
  return status === 401 || status === 408 || status === 429 || status >= 500;
}

/**
 * Sends events in order per ordering key (an LDS or grading session id): the next event of a key
 * waits until the previous one is delivered or dropped. Any 2xx is success; 408/429/5xx and network
 * errors are retried (429's `Retry-After` is honoured); other 4xx (e.g. 400 unknown type, 410 Gone)
 * drop the event, since repeating it cannot help.
 */
export class CloudEventSender {
  #sinkUrl: string | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #mode: CloudEventMode;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  #headers: Readonly<Record<string, string>>;
  readonly #agent = new Agent({ keepAliveTimeout: 1_000 });
  readonly #abort = new AbortController();
  readonly #chains = new Map<string, Promise<void>>();
  readonly #stats: CloudEventSenderStats = {
    delivered: 0,
    failedAttempts: 0,
    dropped: 0,
    pending: 0,
  };

  constructor(options: CloudEventSenderOptions) {
    this.#sinkUrl = options.sinkUrl;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#mode = options.mode ?? 'structured';
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#initialBackoffMs = options.initialBackoffMs ?? 500;
    this.#maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.#headers = options.headers ?? {};
  }

  get sinkUrl(): string | undefined {
    return this.#sinkUrl;
  }

  /** Points later deliveries (including retries) at another sink, or none. */
  set sinkUrl(url: string | undefined) {
    this.#sinkUrl = url;
  }

  /** Replaces the headers of later deliveries and retries (e.g. a sink's renewed API key). */
  set headers(headers: Readonly<Record<string, string>>) {
    this.#headers = headers;
  }

  get mode(): CloudEventMode {
    return this.#mode;
  }

  get stats(): CloudEventSenderStats {
    return { ...this.#stats };
  }

  /** Queues `event` behind earlier events of `orderingKey`; never throws. */
  send(event: CloudEvent<unknown>, orderingKey = ''): void {
    if (this.#abort.signal.aborted) return;
    this.#stats.pending++;
    const previous = this.#chains.get(orderingKey) ?? Promise.resolve();
    const next = previous.then(() => this.#deliver(event));
    this.#chains.set(orderingKey, next);
    void next.finally(() => {
      this.#stats.pending--;
      if (this.#chains.get(orderingKey) === next) this.#chains.delete(orderingKey);
    });
  }

  /** Stops retries, drops what is queued and closes the connection pool. */
  async close(): Promise<void> {
    this.#abort.abort(new Error('event sender closed'));
    await Promise.allSettled([...this.#chains.values()]);
    await this.#agent.close();
  }

  async #deliver(event: CloudEvent<unknown>): Promise<void> {
    for (let attempt = 1; !this.#abort.signal.aborted; attempt++) {
      const url = this.#sinkUrl;
      if (url === undefined) {
        this.#logger.debug({ type: event.type, id: event.id }, 'no event sink; event dropped');
        this.#stats.dropped++;
        return;
      }
      const outcome = await this.#attempt(url, event);
      if (outcome.kind === 'delivered') {
        this.#stats.delivered++;
        return;
      }
      this.#stats.failedAttempts++;
      const log = { type: event.type, id: event.id, url, attempt, reason: outcome.reason };
      if (outcome.kind === 'rejected' || attempt >= this.#maxAttempts) {
        this.#logger.warn(log, 'event delivery failed; event dropped');
        this.#stats.dropped++;
        return;
      }
      this.#logger.info(log, 'event delivery failed; will retry');
      const backoffMs = Math.min(this.#maxBackoffMs, this.#initialBackoffMs * 2 ** (attempt - 1));
      try {
        await this.#clock.sleep(outcome.retryAfterMs ?? backoffMs, this.#abort.signal);
      } catch {
        return;
      }
    }
  }

  async #attempt(
    url: string,
    event: CloudEvent<unknown>,
  ): Promise<
    | { kind: 'delivered' }
    | { kind: 'retry'; reason: string; retryAfterMs?: number }
    | { kind: 'rejected'; reason: string }
  > {
    const message = this.#mode === 'binary' ? HTTP.binary(event) : HTTP.structured(event);
    const headers: Record<string, string> = { ...this.#headers };
    for (const [name, value] of Object.entries(message.headers))
      if (typeof value === 'string') headers[name] = value;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: typeof message.body === 'string' ? message.body : '',
        dispatcher: this.#agent,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#timeoutMs)]),
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) return { kind: 'delivered' };
      const reason = `HTTP ${response.status}`;
      if (!isRetryable(response.status)) return { kind: 'rejected', reason };
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
      return retryAfterMs === undefined
        ? { kind: 'retry', reason }
        : { kind: 'retry', reason, retryAfterMs };
    } catch (error) {
      return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** `Retry-After` in seconds (HTTP-dates are rare from webhooks and are ignored). */
function parseRetryAfterMs(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1_000;
}
