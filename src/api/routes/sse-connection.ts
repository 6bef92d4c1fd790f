/**
 * One Server-Sent Events response: takes over the reply, writes `event:`/`id:`/`data:` messages
 * with backpressure, sends the `: heartbeat` comment on the Clock, and ends once, whoever ends it.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Clock, Timer } from '../../clock/index.js';

/** One message; `data` is sent as JSON. */
export interface SseMessage {
  event: string;
  id?: number;
  data: unknown;
}

export interface SseConnectionOptions {
  reply: FastifyReply;
  clock: Clock;
  /** Interval of the `: heartbeat` comment that keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** Called once when the stream ends: the client went away, or `end()` was called. */
  onEnd: () => void;
}

export class SseConnection {
  readonly #raw: ServerResponse;
  readonly #options: SseConnectionOptions;
  #heartbeat: Timer | undefined;
  #ended = false;

  /** Hijacks the reply and sends the stream's headers at once, before any message. */
  constructor(options: SseConnectionOptions) {
    this.#options = options;
    const { reply } = options;
    reply.hijack();
    this.#raw = reply.raw;
    this.#raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      'x-request-id': reply.request.id,
    });
    this.#raw.flushHeaders();
    this.#raw.on('close', () => this.end());
    this.#armHeartbeat();
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Writes a message; resolves once the socket takes more (or the stream has ended). */
  async send(message: SseMessage): Promise<void> {
    if (this.#ended) return;
    if (!this.#raw.write(formatMessage(message))) await this.#drained();
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#heartbeat?.cancel();
    if (!this.#raw.writableEnded) this.#raw.end();
    this.#options.onEnd();
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#raw.off('drain', done);
        this.#raw.off('close', done);
        resolve();
      };
      this.#raw.on('drain', done);
      this.#raw.on('close', done);
    });
  }

  #armHeartbeat(): void {
    this.#heartbeat = this.#options.clock.setTimer(this.#options.heartbeatMs, () => {
      if (this.#ended) return;
      // A client that is not reading needs no keep-alive; skipping keeps its buffer from growing.
      if (!this.#raw.writableNeedDrain) this.#raw.write(': heartbeat\n\n');
      this.#armHeartbeat();
    });
  }
}

/** The wire form: JSON has no raw newlines, so `data` is always one line. */
function formatMessage(message: SseMessage): string {
  const id = message.id === undefined ? '' : `id: ${message.id}\n`;
  return `event: ${message.event}\n${id}data: ${JSON.stringify(message.data)}\n\n`;
}
