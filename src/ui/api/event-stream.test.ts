/** The stream client: messages in order, the ids it resumes from, and a new stream after a refusal. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamMessage } from '../state/stream-reducer';
import { EventStream, type StreamStatus } from './event-stream';

/** Just enough of the browser's EventSource to drive the client. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readonly #listeners = new Map<string, (event: { data: string; lastEventId: string }) => void>();

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }

  addEventListener(type: string, listener: (event: { data: string; lastEventId: string }) => void) {
    this.#listeners.set(type, listener);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }

  emit(type: string, id: string, data: unknown) {
    this.#listeners.get(type)?.({ data: JSON.stringify(data), lastEventId: id });
  }

  fail(closed: boolean) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.();
  }
}

function start(onClosed: () => Promise<boolean> = async () => true) {
  const messages: StreamMessage[] = [];
  const statuses: StreamStatus[] = [];
  const stream = new EventStream({
    kinds: ['Worker', 'LabletSession'],
    onMessage: (message) => messages.push(message),
    onStatus: (status) => statuses.push(status),
    onClosed,
    initialRetryMs: 1000,
  });
  stream.start();
  return { stream, messages, statuses };
}

const worker = { kind: 'Worker', metadata: { name: 'w1', resourceVersion: '42' } };

describe('EventStream', () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('asks for the kinds it follows and passes every message on, in order', () => {
    const { stream, messages, statuses } = start();
    const source = FakeEventSource.opened[0];
    expect(source?.url).toBe('/api/stream?kinds=Worker%2CLabletSession');
    source?.open();
    source?.emit('snapshot', '40', { kind: 'Worker', revision: 40, items: [] });
    source?.emit('MODIFIED', '42', { type: 'MODIFIED', object: worker });
    expect(messages.map((m) => m.event)).toEqual(['snapshot', 'MODIFIED']);
    expect(statuses).toEqual(['connecting', 'live']);
    stream.stop();
  });

  it('leaves a dropped connection to the browser, which resumes with Last-Event-ID', () => {
    const { stream, statuses } = start();
    FakeEventSource.opened[0]?.fail(false);
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(FakeEventSource.opened).toHaveLength(1);
    stream.stop();
  });

  it('opens a new stream from the last id after the server refused a reconnect', async () => {
    const onClosed = vi.fn(async () => true);
    const { stream } = start(onClosed);
    const first = FakeEventSource.opened[0];
    first?.open();
    first?.emit('MODIFIED', '42', { type: 'MODIFIED', object: worker });
    first?.fail(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onClosed).toHaveBeenCalledOnce();
    expect(FakeEventSource.opened[1]?.url).toContain('lastEventId=42');
    stream.stop();
  });

  it('stays closed when the sign-in has expired', async () => {
    const { stream } = start(async () => false);
    FakeEventSource.opened[0]?.fail(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.opened).toHaveLength(1);
    stream.stop();
  });
});
