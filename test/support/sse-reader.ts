/**
 * A small Server-Sent Events client for tests: opens a stream with undici (no keep-alive), parses
 * `event:`/`id:`/`data:` messages and comments as they arrive, and waits on them by state.
 */
import { Client } from 'undici';
import type { AnyResource } from '../../src/resources/index.js';
import { waitFor } from './wait-for.js';

/** The fields `/api/stream` messages carry in `data`; which are present depends on `event`. */
export interface SseData {
  /** Changes and bookmarks: `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK`. */
  type?: string;
  object?: AnyResource;
  /** Snapshots. */
  kind?: string;
  revision?: number;
  items?: AnyResource[];
  /** `reset` and `failure`: a status body. */
  code?: number;
  reason?: string;
}

/** One parsed message; `data` is JSON-parsed. */
export interface SseEvent {
  event: string;
  /** This message's own `id:` field, when it had one. */
  id?: number;
  data: SseData;
}

export class SseReader {
  readonly status: number;
  readonly contentType: string;
  /** Every message received so far, in order. */
  readonly events: SseEvent[] = [];
  /** Every comment line received so far (without the leading colon). */
  readonly comments: string[] = [];
  /** The last `id:` seen: what a browser would send back as `Last-Event-ID`. */
  lastEventId: number | undefined;
  #ended = false;
  #read = 0;
  #pending = '';
  #message: { event?: string; id?: number; data: string[] } = { data: [] };
  readonly #client: Client;

  private constructor(status: number, contentType: string, client: Client) {
    this.status = status;
    this.contentType = contentType;
    this.#client = client;
  }

  /** Opens `url` with `headers`; the body is read in the background until `close()`. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    // A client of its own: destroying it closes the socket at once, with no pool to reconnect.
    const { origin, pathname, search } = new URL(url);
    const client = new Client(origin, { pipelining: 0 });
    const response = await client.request({
      method: 'GET',
      path: `${pathname}${search}`,
      headers: { accept: 'text/event-stream', ...headers },
    });
    const reader = new SseReader(
      response.statusCode,
      String(response.headers['content-type'] ?? ''),
      client,
    );
    const decoder = new TextDecoder();
    response.body.on('data', (chunk: Buffer) =>
      reader.#push(decoder.decode(chunk, { stream: true })),
    );
    response.body.on('error', () => (reader.#ended = true));
    response.body.on('end', () => (reader.#ended = true));
    response.body.on('close', () => (reader.#ended = true));
    return reader;
  }

  /** Whether the server ended the stream (or it was closed). */
  get ended(): boolean {
    return this.#ended;
  }

  /** The next message not yet returned by `next()`, waiting for it if need be. */
  async next(options: { skipBookmarks?: boolean } = {}): Promise<SseEvent> {
    for (;;) {
      await waitFor(() => this.events.length > this.#read || this.#ended, {
        description: `SSE message #${this.#read + 1}`,
      });
      const event = this.events[this.#read];
      if (!event) throw new Error(`the stream ended after ${this.events.length} messages`);
      this.#read++;
      if (!(options.skipBookmarks === true && event.event === 'bookmark')) return event;
    }
  }

  /** Waits until `predicate` holds for the messages received so far. */
  async until(predicate: (events: readonly SseEvent[]) => boolean, description?: string) {
    await waitFor(() => predicate(this.events), { description: description ?? 'SSE messages' });
  }

  /** Disconnects, as a browser tab closing would. */
  async close(): Promise<void> {
    this.#ended = true;
    await this.#client.destroy();
  }

  #push(text: string): void {
    this.#pending += text;
    const lines = this.#pending.split(/\r\n|\r|\n/);
    this.#pending = lines.pop() ?? '';
    for (const line of lines) this.#line(line);
  }

  #line(line: string): void {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return void this.comments.push(line.slice(1).trim());
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.#message.event = value;
    else if (field === 'data') this.#message.data.push(value);
    else if (field === 'id') this.#message.id = Number(value);
  }

  #dispatch(): void {
    const { event, id, data } = this.#message;
    this.#message = { data: [] };
    if (id !== undefined) this.lastEventId = id;
    if (data.length === 0) return;
    this.events.push({
      event: event ?? 'message',
      ...(id !== undefined ? { id } : {}),
      data: JSON.parse(data.join('\n')) as SseData,
    });
  }
}
