/**
 * The dashboard's connection to `GET /api/stream` (Server-Sent Events, cookie-authenticated). The
 * browser's EventSource reconnects by itself with `Last-Event-ID`; when the server refuses a
 * reconnect outright (the stream is then closed for good), a new EventSource resumes from the
 * last id through the `lastEventId` query parameter, after a growing pause.
 */
import type { StreamMessage } from '../state/stream-reducer';
import { queryString } from './http';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface EventStreamOptions {
  kinds: readonly string[];
  onMessage: (message: StreamMessage) => void;
  onStatus: (status: StreamStatus) => void;
  /** Called when the stream closed for good; resolves whether to reconnect (false: logged out). */
  onClosed: () => Promise<boolean>;
  /** First pause before a new EventSource after a refusal; doubles up to 30 s. @default 1000 */
  initialRetryMs?: number;
}

const EVENTS = ['snapshot', 'ADDED', 'MODIFIED', 'DELETED', 'bookmark', 'reset'] as const;
const MAX_RETRY_MS = 30_000;

export class EventStream {
  readonly #options: EventStreamOptions;
  #source: EventSource | undefined;
  #lastEventId: string | undefined;
  #retryMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: EventStreamOptions) {
    this.#options = options;
    this.#retryMs = options.initialRetryMs ?? 1000;
  }

  start(): void {
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = undefined;
  }

  #open(): void {
    const { kinds, onMessage, onStatus } = this.#options;
    onStatus(this.#lastEventId === undefined ? 'connecting' : 'reconnecting');
    const source = new EventSource(
      `/api/stream${queryString({ kinds: kinds.join(','), lastEventId: this.#lastEventId })}`,
    );
    this.#source = source;
    source.onopen = () => {
      this.#retryMs = this.#options.initialRetryMs ?? 1000;
      onStatus('live');
    };
    for (const event of EVENTS)
      source.addEventListener(event, (message: MessageEvent<string>) => {
        if (message.lastEventId) this.#lastEventId = message.lastEventId;
        const data: unknown = message.data ? JSON.parse(message.data) : {};
        onMessage({ event, data } as StreamMessage);
      });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        onStatus('reconnecting');
        return;
      }
      source.close();
      void this.#afterClose();
    };
  }

  #isStopped(): boolean {
    return this.#stopped;
  }

  async #afterClose(): Promise<void> {
    if (this.#isStopped()) return;
    this.#options.onStatus('reconnecting');
    const reconnect = await this.#options.onClosed();
    // stop() may have run while onClosed was pending.
    if (!reconnect || this.#isStopped()) return;
    this.#timer = setTimeout(() => this.#open(), this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
  }
}
