/**
 * One HTTP sink of the event feed: POSTs a CloudEvent in structured JSON mode
 * (`application/cloudevents+json`), with the sink's bearer token when it has one, and classifies
 * the answer. The `cloudevents` SDK serialises; our own fetch checks the status, which the SDK's
 * transport ignores (reference/external-apis.md §5.3).
 */
import { HTTP, type CloudEvent } from 'cloudevents';
import { Agent, fetch } from 'undici';
import type { EventsConfig } from '../../config/index.js';
import { toError } from '../../errors/index.js';
import type { SecretSource } from '../workers/secret-source.js';

export type SinkConfig = EventsConfig['sinks'][number];

/** What one attempt came to: accepted, worth another try (after `retryAfterMs`), or refused. */
export type AttemptResult =
  | { kind: 'delivered' }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'rejected'; reason: string };

export interface HttpSinkOptions {
  sink: SinkConfig;
  /** Where `sink.tokenSecret` is read (on every attempt, so a rotated token is picked up). */
  secrets?: SecretSource;
  /** Per-attempt timeout (real time: it guards a socket). */
  timeoutMs: number;
}

/**
 * Worth retrying: throttling, timeouts, server faults, and 401/403 — a token being rotated or
 * fixed should not lose events. Any other 4xx (400 unknown type, 410 gone, 415) cannot succeed by
 * repeating it (CloudEvents webhook spec), so the event is dropped rather than block the sink.
 */
function isRetryable(status: number): boolean {
  return status === 401 || status === 403 || status === 408 || status === 429 || status >= 500;
}

export class HttpSink {
  readonly #options: HttpSinkOptions;
  readonly #agent = new Agent({ keepAliveTimeout: 1_000 });

  constructor(options: HttpSinkOptions) {
    this.#options = options;
  }

  /** One delivery attempt; never throws (network errors and a missing token come back as `retry`). */
  async post(event: CloudEvent<unknown>, signal: AbortSignal): Promise<AttemptResult> {
    try {
      const message = HTTP.structured(event);
      const headers: Record<string, string> = await this.#authorization();
      for (const [name, value] of Object.entries(message.headers))
        if (typeof value === 'string') headers[name] = value;
      const response = await fetch(this.#options.sink.url, {
        method: 'POST',
        headers,
        body: typeof message.body === 'string' ? message.body : JSON.stringify(message.body),
        dispatcher: this.#agent,
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.#options.timeoutMs)]),
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
      return { kind: 'retry', reason: toError(error).message };
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #authorization(): Promise<Record<string, string>> {
    const name = this.#options.sink.tokenSecret;
    if (name === undefined) return {};
    if (!this.#options.secrets)
      throw new Error(
        `sink ${this.#options.sink.name} names tokenSecret but no secrets are configured`,
      );
    return { authorization: `Bearer ${await this.#options.secrets.read(name)}` };
  }
}

/** `Retry-After` in seconds (HTTP-dates are rare from webhooks and are ignored). */
function parseRetryAfterMs(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1_000;
}
