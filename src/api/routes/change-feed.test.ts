/** ChangeFeed over a memory store: snapshots listed at different revisions, and reset mid-stream. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { createKindRegistry } from '../../resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../../store/conformance/conformance-helpers.js';
import { MemoryStore } from '../../store/memory/memory-store.js';
import { aDefinition, aTemplate } from '../../../test/support/builders.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { ChangeFeed, type ChangeFeedOptions } from './change-feed.js';
import type { SseMessage } from './sse-connection.js';

let store: MemoryStore;
beforeEach(() => {
  const config = { ...CONFORMANCE_CONFIG, eventRetentionMaxEvents: 2 };
  store = new MemoryStore({ registry: createKindRegistry(), clock: new ManualClock(), config });
});
afterEach(async () => {
  await store.close();
});

/** Runs a feed in the background, collecting what it sends. */
function startFeed(client: ChangeFeedOptions['client'], send?: ChangeFeedOptions['send']) {
  const sent: SseMessage[] = [];
  const feed = new ChangeFeed({
    client,
    kinds: ['WorkerTemplate', 'LabletDefinition'],
    send: async (message) => {
      sent.push(message);
      await send?.(message);
    },
  });
  const running = feed.run(undefined);
  const stop = async () => {
    feed.close();
    await running;
  };
  return { sent, stop };
}

const changes = (sent: readonly SseMessage[]) =>
  sent
    .filter((message) => message.event !== 'snapshot' && message.event !== 'bookmark')
    .map((message) => {
      const object = (message.data as { object?: { metadata: { name: string } } }).object;
      return [message.event, object?.metadata.name, message.id];
    });

describe('ChangeFeed', () => {
  it('sends each change once when the kinds are listed at different revisions', async () => {
    const client = {
      watch: store.watch.bind(store),
      // Between the two lists, one change of each kind: the template's is after its snapshot,
      // the definition's is already in its own.
      list: async (kind: string) => {
        if (kind === 'LabletDefinition') {
          await store.create(aTemplate('between'));
          await store.create(aDefinition('d1'));
        }
        return store.list(kind);
      },
    };
    const { sent, stop } = startFeed(client);
    await waitFor(() => sent.length >= 3);
    const after = await store.create(aTemplate('after'));
    await waitFor(() => changes(sent).length >= 2);
    await stop();
    const [templates, definitions] = sent;
    expect(templates).toMatchObject({
      event: 'snapshot',
      data: { kind: 'WorkerTemplate', items: [] },
    });
    expect(definitions).toMatchObject({ event: 'snapshot', id: templates?.id });
    const firstId = templates?.id ?? 0;
    expect(definitions?.data).toMatchObject({ kind: 'LabletDefinition', revision: firstId + 2 });
    expect(changes(sent)).toEqual([
      ['ADDED', 'between', firstId + 1],
      ['ADDED', 'after', Number(after.metadata.resourceVersion)],
    ]);
  });

  it('sends reset and a fresh snapshot when the log is compacted under a slow client', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const { sent, stop } = startFeed(store, async (message) => {
      if (message.event === 'ADDED') await blocked;
    });
    await waitFor(() => sent.length === 2);
    await store.create(aTemplate('t1'));
    await waitFor(() => sent.length === 3);
    // The feed is stuck sending t1, so its watch reads no further while t1 and t2 are compacted.
    for (const name of ['t2', 't3', 't4']) await store.create(aTemplate(name));
    await store.compact();
    release();
    await waitFor(() => sent.length === 6);
    await stop();
    expect(sent.map((message) => message.event)).toEqual([
      'snapshot',
      'snapshot',
      'ADDED',
      'reset',
      'snapshot',
      'snapshot',
    ]);
    expect(sent[3]?.data).toMatchObject({ code: 410, reason: 'Gone' });
    expect(sent[4]?.data).toMatchObject({ kind: 'WorkerTemplate' });
    expect((sent[4]?.data as { items: unknown[] }).items).toHaveLength(4);
  });
});
