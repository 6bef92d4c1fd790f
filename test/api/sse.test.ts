/**
 * The SSE stream under load: 2,000 writes while one client stays connected and another drops
 * mid-way and resumes with Last-Event-ID; both see every change exactly once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiWorld, type ApiWorld } from '../support/api-world.js';
import { aTemplate } from '../support/builders.js';
import { SseReader, type SseEvent } from '../support/sse-reader.js';
import { waitFor } from '../support/wait-for.js';

const WRITES = 2000;

let world: ApiWorld;
beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(async () => {
  await world.close();
});

async function connect(headers: Record<string, string> = {}): Promise<SseReader> {
  return SseReader.open(`${world.url}/api/stream?kinds=WorkerTemplate`, {
    authorization: `Bearer ${await world.tokenFor('admin')}`,
    ...headers,
  });
}

/** `[type, name, revision]` of each change event. */
const changesOf = (events: readonly SseEvent[]) =>
  events
    .filter((event) => event.event === 'ADDED' || event.event === 'MODIFIED')
    .map((event) => [event.event, event.data.object?.metadata.name, event.id]);

/** A promise with its resolve function, to hand control between the writer and the test. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('GET /api/stream under load', () => {
  it('delivers 2,000 writes exactly once and in order across a disconnect and resume', async () => {
    const steady = await connect();
    const dropping = await connect();
    let resumed: SseReader | undefined;
    try {
      await steady.next();
      await dropping.next();
      const written: [string, string, number][] = [];
      const reconnected = gate();
      const writer = (async () => {
        for (let i = 0; written.length < WRITES; i++) {
          if (written.length === (WRITES * 3) / 4) await reconnected.opened;
          const name = `t-${i}`;
          const created = await world.local.create(aTemplate(name));
          written.push(['ADDED', name, Number(created.metadata.resourceVersion)]);
          const patch = { metadata: { labels: { step: String(i) } } };
          const patched = await world.local.patch('WorkerTemplate', name, patch);
          written.push(['MODIFIED', name, Number(patched.metadata.resourceVersion)]);
        }
      })();

      // Drop while changes are still arriving (the client lags the writer), so some are in flight
      // and lost with the socket; more are written before the client resumes.
      await dropping.until((events) => changesOf(events).length >= WRITES / 2, 'half the writes');
      await dropping.close();
      const resumeFrom = String(dropping.lastEventId);
      await waitFor(() => written.length === (WRITES * 3) / 4, { description: '3/4 of writes' });
      resumed = await connect({ 'last-event-id': resumeFrom });
      reconnected.open();
      await writer;

      const last = written[written.length - 1]?.[2];
      for (const reader of [steady, resumed])
        await reader.until((events) => events.some((event) => event.id === last), 'the last write');
      expect(changesOf(steady.events)).toEqual(written);
      expect([...changesOf(dropping.events), ...changesOf(resumed.events)]).toEqual(written);
      expect(resumed.events.some((event) => event.event === 'snapshot')).toBe(false);
      const ids = steady.events.slice(1).map((event) => event.id ?? 0);
      expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? 0))).toBe(true);
    } finally {
      await Promise.all([steady, dropping, resumed].map(async (reader) => reader?.close()));
    }
  });
});
