/**
 * The remote watch (HttpResourceClient over a real API): every event exactly once and in order
 * across a dropped connection, Gone after compaction, ERROR lines, and the Informer over HTTP.
 */
import { createServer, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpResourceClient } from '../../src/client/http-client.js';
import type { Watch } from '../../src/client/resource-client.js';
import { ManualClock, SystemClock, type Clock } from '../../src/clock/index.js';
import { createSilentLogger } from '../../src/observability/index.js';
import type { AnyResource } from '../../src/resources/index.js';
import { createKindRegistry } from '../../src/resources/kinds/built-in-kinds.js';
import { Informer } from '../../src/runtime/informer.js';
import {
  CONFORMANCE_CONFIG,
  caught,
  type ChangeEvent,
} from '../../src/store/conformance/conformance-helpers.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { startApiWorld, type ApiWorld } from '../support/api-world.js';
import { aTemplate } from '../support/builders.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(options: { store?: MemoryStore } = {}): Promise<ApiWorld> {
  const started = await startApiWorld(options);
  cleanups.push(async () => {
    await started.close();
    await options.store?.close();
  });
  return started;
}

async function proxyTo(target: string): Promise<TcpProxy> {
  const proxy = await startTcpProxy(target);
  cleanups.push(() => proxy.close());
  return proxy;
}

function clientFor(
  baseUrl: string,
  credential: string,
  clock: Clock = new SystemClock(),
  initialDelayMs = 500,
): HttpResourceClient {
  const client = new HttpResourceClient({
    baseUrl,
    credential,
    clock,
    reconnect: { initialDelayMs },
  });
  cleanups.push(() => client.close());
  return client;
}

/** Collects change events (bookmarks skipped) until `count` arrived. */
async function collect(watch: Watch, into: ChangeEvent[], count: number): Promise<void> {
  for await (const event of watch) {
    if (event.type !== 'BOOKMARK') into.push(event);
    if (into.length >= count) return;
  }
}

/** A fake API answering each watch request with `lines(request number, resourceVersion)`. */
async function fakeWatchServer(
  answer: (attempt: number, resourceVersion: string | null, response: ServerResponse) => void,
): Promise<string> {
  let attempt = 0;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    answer(attempt++, url.searchParams.get('resourceVersion'), response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const line = (type: string, object: unknown) => `${JSON.stringify({ type, object })}\n`;
const templateAt = (name: string, revision: number) => ({
  ...aTemplate(name),
  metadata: { name, resourceVersion: String(revision) },
});

describe('HttpResourceClient watch', () => {
  it('gives three clients 2,000 writes exactly once, in order, one across a dropped connection', async () => {
    const api = await world();
    const proxy = await proxyTo(api.url);
    const token = await api.tokenFor('admin');
    const clients = [
      clientFor(api.url, token),
      clientFor(api.url, token),
      clientFor(proxy.url, token, new SystemClock(), 10),
    ];
    const sinceRevision = await api.store.currentRevision();
    const watches = await Promise.all(
      clients.map((client) => client.watch('WorkerTemplate', { sinceRevision })),
    );
    const seen: ChangeEvent[][] = watches.map(() => []);
    const consumers = watches.map((watch, i) => collect(watch, seen[i] as ChangeEvent[], 2000));

    const expected: number[] = [];
    const current = new Map<string, AnyResource>();
    let connectionsAtDrop = 0;
    for (let i = 0; i < 2000; i++) {
      const name = `burst-${i % 200}`;
      const previous = current.get(name);
      const written = previous
        ? await api.local.update({ ...previous, spec: { ...previous.spec, costPerHour: i } })
        : await api.local.create(aTemplate(name));
      current.set(name, written);
      expected.push(Number(written.metadata.resourceVersion));
      if (i === 1000) {
        await waitFor(() => (seen[2]?.length ?? 0) >= 500, { description: 'client 3 midway' });
        connectionsAtDrop = proxy.connections();
        proxy.dropAll();
      }
    }
    await Promise.all(consumers);

    expect(proxy.connections()).toBeGreaterThan(connectionsAtDrop);
    for (const events of seen) expect(events.map((event) => event.revision)).toEqual(expected);
    expect(seen[2]?.slice(0, 200).every((event) => event.type === 'ADDED')).toBe(true);
  });

  it('starts at the current revision when no sinceRevision is given', async () => {
    const api = await world();
    const client = clientFor(api.url, await api.tokenFor('admin'));
    await api.local.create(aTemplate('before-watch'));
    const watch = await client.watch('WorkerTemplate');
    await api.local.create(aTemplate('after-watch'));
    const events: ChangeEvent[] = [];
    await collect(watch, events, 1);
    expect(events.map((event) => [event.type, event.object.metadata.name])).toEqual([
      ['ADDED', 'after-watch'],
    ]);
  });

  it('throws Gone for a compacted start, and when a reconnect finds its revision compacted', async () => {
    const store = new MemoryStore({
      registry: createKindRegistry(),
      clock: new SystemClock(),
      config: { ...CONFORMANCE_CONFIG, eventRetentionMaxEvents: 5 },
    });
    const api = await world({ store });
    const proxy = await proxyTo(api.url);
    const token = await api.tokenFor('admin');
    const clock = new ManualClock();
    const client = clientFor(proxy.url, token, clock);

    const watch = await client.watch('WorkerTemplate');
    await api.local.create(aTemplate('gone-0'));
    expect((await watch.next()).value).toMatchObject({ type: 'ADDED' });
    const pending = caught(() => watch.next());
    proxy.dropAll();
    await waitFor(() => clock.pendingTimers() === 1, { description: 'the reconnect delay' });
    for (let i = 1; i <= 10; i++) await api.local.create(aTemplate(`gone-${i}`));
    await store.compact();
    await clock.advance(500);
    expect((await pending).reason).toBe('Gone');
    expect((await watch.next()).done).toBe(true);

    const direct = clientFor(api.url, token);
    expect((await caught(() => direct.watch('WorkerTemplate', { sinceRevision: 1 }))).reason).toBe(
      'Gone',
    );
  });

  it('ends with Gone on an ERROR line carrying it', async () => {
    const url = await fakeWatchServer((_attempt, _revision, response) => {
      response.write(line('ADDED', templateAt('t1', 8)));
      response.end(line('ERROR', { code: 410, reason: 'Gone', message: 'compacted' }));
    });
    const watch = await clientFor(url, 'token').watch('WorkerTemplate', { sinceRevision: 7 });
    expect((await watch.next()).value).toMatchObject({ type: 'ADDED', revision: 8 });
    expect((await caught(() => watch.next())).reason).toBe('Gone');
  });

  it('reconnects after a server-side failure from the last revision seen, bookmarks included', async () => {
    const requested: (string | null)[] = [];
    const url = await fakeWatchServer((attempt, revision, response) => {
      requested.push(revision);
      if (attempt === 0) {
        response.write(line('ADDED', templateAt('t1', 8)));
        response.write(line('BOOKMARK', { metadata: { resourceVersion: '12' } }));
        response.end(line('ERROR', { code: 500, reason: 'InternalError', message: 'boom' }));
      } else response.write(line('MODIFIED', templateAt('t1', 13)));
    });
    const clock = new ManualClock();
    const watch = await clientFor(url, 'token', clock).watch('WorkerTemplate', {
      sinceRevision: 7,
    });
    const first = await watch.next();
    const second = await watch.next();
    expect([first.value, second.value]).toEqual([
      expect.objectContaining({ type: 'ADDED', revision: 8 }),
      { type: 'BOOKMARK', revision: 12 },
    ]);
    const next = watch.next();
    await waitFor(() => clock.pendingTimers() === 1, { description: 'the reconnect delay' });
    await clock.advance(500);
    expect((await next).value).toMatchObject({ type: 'MODIFIED', revision: 13 });
    expect(requested).toEqual(['7', '12']);
    watch.close();
    expect((await watch.next()).done).toBe(true);
  });

  it('ends a pending next() when the watch or the client closes', async () => {
    const api = await world();
    const client = clientFor(api.url, await api.tokenFor('admin'));
    const first = await client.watch('WorkerTemplate');
    const second = await client.watch('WorkerTemplate');
    const pendingFirst = first.next();
    const pendingSecond = second.next();
    first.close();
    expect((await pendingFirst).done).toBe(true);
    await client.close();
    expect((await pendingSecond).done).toBe(true);
    expect((await caught(() => client.list('WorkerTemplate'))).reason).toBe('Unavailable');
  });

  it('feeds the runtime Informer: list, then watch, then an update arriving', async () => {
    const api = await world();
    await api.local.create(aTemplate('informed-1'));
    const client = clientFor(api.url, await api.tokenFor('controller'));
    const informer = new Informer({
      client,
      clock: new SystemClock(),
      logger: createSilentLogger(),
      kind: 'WorkerTemplate',
    });
    cleanups.push(() => informer.stop());
    const updates: string[] = [];
    informer.addEventHandler({ onUpdate: (_old, object) => updates.push(object.metadata.name) });
    informer.start();
    expect(await informer.waitForSync()).toBe(true);
    expect(informer.get({ name: 'informed-1' })).toBeDefined();

    const cached = informer.get({ name: 'informed-1' }) as AnyResource;
    const updated = await api.local.update({ ...cached, spec: { ...cached.spec, costPerHour: 7 } });
    await api.local.create(aTemplate('informed-2'));
    await waitFor(() => informer.get({ name: 'informed-2' }) !== undefined);
    expect(informer.get({ name: 'informed-1' })?.metadata.resourceVersion).toBe(
      updated.metadata.resourceVersion,
    );
    expect(updates).toEqual(['informed-1']);
    expect(informer.latestRevision()).toBeGreaterThanOrEqual(
      Number(updated.metadata.resourceVersion),
    );
  });
});
