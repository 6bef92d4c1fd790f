/**
 * A tiny CloudEvents sink (Fastify on a loopback port) that records every request and parses it
 * with the `cloudevents` SDK; used by the simulators' tests and handy for watching a demo.
 */
import { HTTP, type CloudEventV1, type Headers } from 'cloudevents';
import { fastify, type FastifyInstance } from 'fastify';
import { waitFor } from './wait-for.js';

/** One POST the sink received. */
export interface RecordedRequest {
  headers: Headers;
  body: string;
  /** `structured` when the content type is `application/cloudevents…`, else `binary`. */
  mode: 'structured' | 'binary';
  /** The parsed event; undefined when the request was not a valid CloudEvent. */
  event: CloudEventV1<unknown> | undefined;
  /** The status the sink answered with. */
  status: number;
}

export interface RecordingSinkOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
}

export class RecordingSink {
  readonly #app: FastifyInstance;
  readonly #host: string;
  readonly #port: number;
  readonly #requests: RecordedRequest[] = [];
  readonly #failures: number[] = [];
  #url: string | undefined;

  constructor(options: RecordingSinkOptions = {}) {
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port ?? 0;
    this.#app = fastify({ forceCloseConnections: true });
    // Keep every body as the raw string: HTTP.toEvent wants the exact bytes in binary mode.
    this.#app.removeAllContentTypeParsers();
    this.#app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    this.#app.post('/', { schema: { body: {} } }, async (request, reply) => {
      const headers: Headers = request.headers;
      const body = typeof request.body === 'string' ? request.body : '';
      const status = this.#failures.shift() ?? 202;
      let event: CloudEventV1<unknown> | undefined;
      try {
        const parsed = HTTP.toEvent<unknown>({ headers, body });
        event = Array.isArray(parsed) ? parsed[0] : parsed;
      } catch {
        event = undefined;
      }
      const contentType = headers['content-type'] ?? '';
      const mode = contentType.startsWith('application/cloudevents') ? 'structured' : 'binary';
      this.#requests.push({ headers, body, mode, event, status });
      return reply.code(event === undefined && status < 300 ? 400 : status).send();
    });
  }

  /** The URL to POST events to (after `start`). */
  get url(): string {
    if (this.#url === undefined) throw new Error('RecordingSink not started');
    return this.#url;
  }

  /** Every request so far, including failed and invalid ones. */
  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** The events the sink accepted (2xx), in arrival order. */
  get events(): CloudEventV1<unknown>[] {
    return this.accepted.map(({ event }) => event);
  }

  /** The accepted events with the content mode each arrived in. */
  get accepted(): { event: CloudEventV1<unknown>; mode: RecordedRequest['mode'] }[] {
    return this.#requests.flatMap((request) =>
      request.event !== undefined && request.status < 300
        ? [{ event: request.event, mode: request.mode }]
        : [],
    );
  }

  /** Answers the next requests with these statuses (e.g. `[503, 503]`) before accepting again. */
  failNext(...statuses: number[]): void {
    this.#failures.push(...statuses);
  }

  /** Waits (bounded, polling) until at least `count` events were accepted. */
  async waitForEvents(count: number, timeoutMs = 5_000): Promise<CloudEventV1<unknown>[]> {
    await waitFor(() => this.events.length >= count, {
      timeoutMs,
      description: `${count} event(s) at the sink`,
    });
    return this.events;
  }

  async start(): Promise<string> {
    const address = await this.#app.listen({ host: this.#host, port: this.#port });
    this.#url = `${address}/`;
    return this.#url;
  }

  async close(): Promise<void> {
    await this.#app.close();
  }
}
