/** The informer: cache consistency, relist on Gone, reconnects, indexes, selectors. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ListResult, ResourceClient, Watch } from '../client/resource-client.js';
import { ManualClock } from '../clock/index.js';
import type { StoreConfig } from '../config/index.js';
import { GoneError } from '../errors/index.js';
import { createSilentLogger } from '../observability/index.js';
import type { AnyResource } from '../resources/index.js';
import { aWidget } from '../store/conformance/test-kinds.js';
import { Informer, type InformerOptions } from './informer.js';
import { FaultyClient } from '../../test/support/faulty-client.js';
import { createMemoryWorld } from '../../test/support/memory-world.js';
import { waitFor } from '../../test/support/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(config: Partial<StoreConfig> = {}) {
  const { clock, store, local } = createMemoryWorld(config);
  const client = new FaultyClient(local);
  cleanups.push(() => store.close());
  const informer = (options: Partial<InformerOptions> = {}) => {
    const created = new Informer({
      client,
      clock,
      logger: createSilentLogger(),
      kind: 'TestWidget',
      ...options,
    });
    cleanups.push(() => created.stop());
    return created;
  };
  return { clock, store, client, informer };
}

/** Records handler calls as `type name` strings. */
function recordEvents(informer: Informer): string[] {
  const seen: string[] = [];
  informer.addEventHandler({
    onAdd: (o) => seen.push(`add ${o.metadata.name}`),
    onUpdate: (_, o) => seen.push(`update ${o.metadata.name}`),
    onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
  });
  return seen;
}

function snapshot(objects: readonly AnyResource[]): string[] {
  return objects
    .map(
      (o) =>
        `${o.metadata.namespace ?? ''}/${o.metadata.name}@${o.metadata.resourceVersion ?? ''}=${JSON.stringify(o.spec)}`,
    )
    .sort();
}

describe('Informer', () => {
  it('ends a burst of 5,000 creates, updates and deletes with a cache equal to the store', async () => {
    const { store, client, informer: newInformer } = setup();
    const informer = newInformer();
    let adds = 0;
    let deletes = 0;
    informer.addEventHandler({ onAdd: () => adds++, onDelete: () => deletes++ });
    informer.start();
    await informer.waitForSync();

    const live = new Map<string, AnyResource>();
    let writes = 0;
    for (let round = 0; writes < 5000; round++) {
      const batch: Promise<void>[] = [];
      for (let i = 0; i < 50 && writes < 5000; i++, writes++) {
        const name = `w-${(round * 7 + i * 13) % 400}`;
        const current = live.get(name);
        const step = (round + i) % 5;
        live.delete(name);
        batch.push(
          (async () => {
            if (!current)
              live.set(
                name,
                await client.create(aWidget(name, { n: 0 }, { namespace: `ns-${i % 3}` })),
              );
            else if (step === 0)
              await client.delete('TestWidget', name, { namespace: current.metadata.namespace });
            else live.set(name, await client.update({ ...current, spec: { n: writes } }));
          })(),
        );
      }
      await Promise.all(batch);
    }

    const head = await store.currentRevision();
    await waitFor(() => informer.latestRevision() >= head, {
      description: 'the informer to catch up',
    });
    const listed = await store.list('TestWidget');
    expect(snapshot(informer.list())).toEqual(snapshot(listed.items));
    expect(informer.size).toBe(listed.items.length);
    expect(adds - deletes).toBe(listed.items.length);
  });

  it('relists after Gone, emitting deletes for vanished objects and updates for changed ones', async () => {
    const { store, client, clock, informer: newInformer } = setup({ eventRetentionMaxEvents: 5 });
    const [a, b] = [await client.create(aWidget('a')), await client.create(aWidget('b'))];
    await client.create(aWidget('c'));
    const informer = newInformer();
    const seen = recordEvents(informer);
    informer.start();
    await waitFor(() => client.openWatches === 1);
    expect(seen.sort()).toEqual(['add a', 'add b', 'add c']);
    seen.length = 0;

    // Cut the connection, change things while it is down, and compact the log past the gap.
    client.failWatches = true;
    client.breakWatches();
    await waitFor(() => client.openWatches === 0);
    await client.delete('TestWidget', 'a', { namespace: a.metadata.namespace });
    await client.update({ ...b, spec: { changed: true } });
    await client.create(aWidget('d'));
    for (let i = 0; i < 10; i++) await client.create(aWidget(`filler-${i}`));
    await store.compact();
    await clock.advance(1000); // first reconnect: the store is still "restarting"
    await waitFor(() => client.watches === 2, { description: 'a failed reconnect' });
    expect(client.lists).toBe(1);

    client.failWatches = false;
    await clock.advance(2000); // second reconnect after 2 s: Gone, so it lists again
    await waitFor(() => client.lists === 2 && informer.size === 13, { description: 'the relist' });
    expect(seen.filter((s) => !s.includes('filler')).sort()).toEqual([
      'add d',
      'delete a',
      'update b',
    ]);
    expect(snapshot(informer.list())).toEqual(snapshot((await store.list('TestWidget')).items));
  });

  it('reconnects from its last revision on the clock after a watch fails, missing no event', async () => {
    const { client, clock, informer: newInformer } = setup();
    const informer = newInformer();
    const seen = recordEvents(informer);
    informer.start();
    await waitFor(() => client.openWatches === 1);
    client.breakWatches();
    await client.create(aWidget('while-down-1'));
    await client.create(aWidget('while-down-2'));
    expect(informer.size).toBe(0);

    await clock.advance(999);
    expect(client.watches).toBe(1); // still waiting out the 1 s backoff
    await clock.advance(1);
    await waitFor(() => informer.size === 2, { description: 'the missed events' });
    expect(seen).toEqual(['add while-down-1', 'add while-down-2']);
    expect(client.lists).toBe(1); // resumed the watch; no relist was needed
  });

  it("ends only the aborted caller's waitForSync; other waiters still get the sync", async () => {
    const { client, informer } = setup();
    let releaseList: () => void = () => undefined;
    client.holdLists = new Promise<void>((resolve) => (releaseList = resolve));
    const shared = informer();
    shared.start();
    const [first, second] = [new AbortController(), new AbortController()];
    const firstWait = shared.waitForSync(first.signal);
    const secondWait = shared.waitForSync(second.signal);
    first.abort();
    expect(await firstWait).toBe(false);
    releaseList();
    expect(await secondWait).toBe(true);
  });

  it('answers index queries and follows objects whose index value changes', async () => {
    const { client, informer: newInformer } = setup();
    const informer = newInformer();
    informer.addIndex('byWorker', (o) => [o.spec.worker]);
    const one = await client.create(aWidget('s1', { worker: 'w1' }));
    await client.create(aWidget('s2', { worker: 'w1' }));
    await client.create(aWidget('s3', { worker: 'w2' }));
    await client.create(aWidget('s4', {}));
    informer.start();
    await informer.waitForSync();
    const names = (value: string) =>
      informer
        .byIndex('byWorker', value)
        .map((o) => o.metadata.name)
        .sort();
    expect(names('w1')).toEqual(['s1', 's2']);
    expect(names('w2')).toEqual(['s3']);

    await client.update({ ...one, spec: { worker: 'w2' } });
    await client.delete('TestWidget', 's3', { namespace: 'default' });
    await waitFor(() => names('w1').length === 1 && names('w2').join() === 's1');
    expect(names('w1')).toEqual(['s2']);
    expect(() => informer.byIndex('missing', 'x')).toThrow(/does not exist/);
  });

  it('caches only objects matching its label selector and treats leaving it as a delete', async () => {
    const { client, informer: newInformer } = setup();
    const gold = await client.create(aWidget('gold', {}, { labels: { tier: 'gold' } }));
    await client.create(aWidget('plain'));
    const informer = newInformer({ labelSelector: 'tier=gold' });
    const seen = recordEvents(informer);
    informer.start();
    await informer.waitForSync();
    expect(informer.keys()).toEqual(['default/gold']);

    await client.update({ ...gold, metadata: { ...gold.metadata, labels: { tier: 'silver' } } });
    await client.create(aWidget('new-gold', {}, { labels: { tier: 'gold' } }));
    await waitFor(() => informer.keys().join() === 'default/new-gold');
    expect(seen).toEqual(['add gold', 'delete gold', 'add new-gold']);
  });

  it('ignores watch events that are not newer than what its cache holds', async () => {
    const widget = (name: string, rv: number, n: number): AnyResource => ({
      ...aWidget(name, { n }),
      metadata: { name, namespace: 'default', resourceVersion: String(rv) },
    });
    const events = [
      { type: 'MODIFIED' as const, revision: 4, object: widget('x', 4, 1) },
      { type: 'DELETED' as const, revision: 5, object: widget('y', 5, 0) },
      // Newer than the list's revision, but older than the copy of z a later list page returned.
      { type: 'MODIFIED' as const, revision: 7, object: widget('z', 7, 1) },
      { type: 'MODIFIED' as const, revision: 9, object: widget('x', 9, 2) },
    ];
    let closed: (() => void) | undefined;
    const ended = new Promise<IteratorResult<never>>((resolve) => {
      closed = () => resolve({ done: true, value: undefined });
    });
    const watch: Watch = {
      [Symbol.asyncIterator]: () => watch,
      next: async () => {
        const value = events.shift();
        return value ? { done: false, value } : ended;
      },
      return: async () => ({ done: true, value: undefined }),
      close: () => closed?.(),
    };
    const list: ListResult = {
      items: [widget('x', 3, 0), widget('y', 6, 0), widget('z', 8, 0)],
      revision: 6,
    };
    const scripted = {
      list: async () => list,
      watch: async () => watch,
    } as unknown as ResourceClient;
    const informer = new Informer({
      client: scripted,
      clock: new ManualClock(),
      logger: createSilentLogger(),
      kind: 'TestWidget',
    });
    cleanups.push(() => informer.stop());
    informer.start();
    await waitFor(() => informer.latestRevision() === 9);
    expect(informer.get({ namespace: 'default', name: 'x' })?.spec).toEqual({ n: 2 });
    expect(informer.get({ namespace: 'default', name: 'y' })).toBeDefined();
    expect(informer.get({ namespace: 'default', name: 'z' })?.metadata.resourceVersion).toBe('8');
  });

  it('relists at once when its first watch is told Gone', async () => {
    const { client, informer: newInformer } = setup();
    await client.create(aWidget('a'));
    const informer = newInformer();
    informer.start();
    await waitFor(() => client.openWatches === 1);
    client.breakWatches(new GoneError('compacted'));
    await waitFor(() => client.lists === 2 && client.watches === 2, {
      description: 'relist and rewatch',
    });
    expect(informer.keys()).toEqual(['default/a']);
  });

  it('hands frozen objects to readers so the shared cache cannot be changed by mistake', async () => {
    const { client, informer: newInformer } = setup();
    await client.create(aWidget('a', { n: 1 }));
    const informer = newInformer();
    informer.start();
    await informer.waitForSync();
    const cached = informer.get({ namespace: 'default', name: 'a' }) as AnyResource;
    expect(() => {
      cached.spec.n = 2;
    }).toThrow(TypeError);
  });
});
