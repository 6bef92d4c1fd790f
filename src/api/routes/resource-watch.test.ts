/**
 * Behaviour of `?watch=1` over real HTTP: NDJSON events in revision order, namespace scoping,
 * bookmarks, 410 for a compacted start, and closing on either side.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aDefinition, aTemplate } from '../../../test/support/builders.js';
import { startApiWorld, testFetch, type ApiWorld } from '../../../test/support/api-world.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { SystemClock } from '../../clock/index.js';
import { createKindRegistry } from '../../resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../../store/conformance/conformance-helpers.js';
import { MemoryStore } from '../../store/memory/memory-store.js';
import type { Watch } from '../../store/index.js';

const API = '/apis/lcm/v1';

interface WatchLine {
  type: string;
  object: { metadata: { name?: string; namespace?: string; resourceVersion: string } };
}

/** An open watch stream: the lines read so far, whether it ended, and a way to hang up. */
interface WatchStream {
  status: number;
  headers: Headers | { get(name: string): string | null };
  lines: WatchLine[];
  changes(): WatchLine[];
  readonly ended: boolean;
  close(): Promise<void>;
}

const streams: WatchStream[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) await stream.close();
});

async function openWatch(
  world: ApiWorld,
  path: string,
  headers: Record<string, string> = {},
): Promise<WatchStream> {
  const hangUp = new AbortController();
  const response = await testFetch(`${world.url}${path}`, {
    headers: { authorization: `Bearer ${await world.tokenFor('admin')}`, ...headers },
    signal: hangUp.signal,
  });
  const lines: WatchLine[] = [];
  let ended = false;
  const reading = (async () => {
    let buffer = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body ?? []) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
          lines.push(JSON.parse(buffer.slice(0, at)) as WatchLine);
          buffer = buffer.slice(at + 1);
        }
      }
    } catch {
      // hung up by close()
    } finally {
      ended = true;
    }
  })();
  const stream: WatchStream = {
    status: response.status,
    headers: response.headers,
    lines,
    changes: () => lines.filter((line) => line.type !== 'BOOKMARK'),
    get ended() {
      return ended;
    },
    async close() {
      hangUp.abort();
      await reading;
    },
  };
  streams.push(stream);
  return stream;
}

async function revisionNow(world: ApiWorld): Promise<number> {
  const list = await world.request('admin', 'GET', `${API}/workertemplates?limit=1`);
  return Number(list.body.metadata.resourceVersion);
}

describe('watch on the default world', () => {
  let world: ApiWorld;
  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(() => world.close());

  it('streams ADDED, MODIFIED and DELETED after resourceVersion, in revision order', async () => {
    const since = await revisionNow(world);
    const stream = await openWatch(
      world,
      `${API}/namespaces/stream/labletdefinitions?watch=1&resourceVersion=${since}`,
    );
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/application\/x-ndjson/);

    await world.local.create(aDefinition('watched', {}, 'stream'));
    await world.local.patch(
      'LabletDefinition',
      'watched',
      { spec: { displayName: 'changed' } },
      { namespace: 'stream' },
    );
    await world.local.delete('LabletDefinition', 'watched', { namespace: 'stream' });
    const deletedAt = await revisionNow(world);
    await waitFor(() => stream.changes().length >= 3, { description: 'three events' });

    const changes = stream.changes();
    expect(changes.map((line) => [line.type, line.object.metadata.name])).toEqual([
      ['ADDED', 'watched'],
      ['MODIFIED', 'watched'],
      ['DELETED', 'watched'],
    ]);
    const revisions = changes.map((line) => Number(line.object.metadata.resourceVersion));
    expect(revisions[0]).toBeGreaterThan(since);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    expect(revisions[2]).toBe(deletedAt);
  });

  it('replays changes that happened before the watch started', async () => {
    const since = await revisionNow(world);
    await world.local.create(aTemplate('replayed'));

    const stream = await openWatch(
      world,
      `${API}/workertemplates?watch=1&resourceVersion=${since}`,
    );
    await waitFor(() => stream.changes().length >= 1, { description: 'the replayed event' });

    expect(stream.changes()[0]).toMatchObject({
      type: 'ADDED',
      object: { kind: 'WorkerTemplate', metadata: { name: 'replayed' } },
    });
  });

  it('sees only its namespace when namespace-scoped', async () => {
    const since = await revisionNow(world);
    const stream = await openWatch(
      world,
      `${API}/namespaces/ns-a/labletdefinitions?watch=1&resourceVersion=${since}`,
    );

    await world.local.create(aDefinition('elsewhere', {}, 'ns-b'));
    await world.local.create(aDefinition('here', {}, 'ns-a'));
    await waitFor(() => stream.changes().length >= 1, { description: 'the ns-a event' });

    expect(stream.changes().map((line) => line.object.metadata.namespace)).toEqual(['ns-a']);
    expect(stream.changes()[0]?.object.metadata.name).toBe('here');
  });

  it('closes the server-side watch when the client hangs up', async () => {
    const watchSpy = vi.spyOn(world.store, 'watch');
    try {
      const stream = await openWatch(world, `${API}/workertemplates?watch=1`);
      await waitFor(() => watchSpy.mock.results.length > 0, { description: 'the store watch' });
      const storeWatch = (await watchSpy.mock.results[0]?.value) as Watch;
      const closed = vi.spyOn(storeWatch, 'close');

      await stream.close();

      await waitFor(() => closed.mock.calls.length > 0, { description: 'the watch to close' });
    } finally {
      watchSpy.mockRestore();
    }
  });

  it('echoes a given x-request-id, on plain requests and on watches', async () => {
    const plain = await world.request('admin', 'GET', `${API}/workertemplates`, undefined, {
      'x-request-id': 'req-plain-1',
    });
    const stream = await openWatch(world, `${API}/workertemplates?watch=1`, {
      'x-request-id': 'req-watch-1',
    });

    expect(plain.headers.get('x-request-id')).toBe('req-plain-1');
    expect(stream.headers.get('x-request-id')).toBe('req-watch-1');
  });

  it('lets the server close promptly while a watch is open', async () => {
    const own = await startApiWorld();
    const stream = await openWatch(own, `${API}/workertemplates?watch=1`);

    await own.close();

    await waitFor(() => stream.ended, { description: 'the stream to end' });
  }, 20_000);
});

describe('watch on a store with short bookmarks and a small event log', () => {
  let world: ApiWorld;
  let store: MemoryStore;
  beforeAll(async () => {
    store = new MemoryStore({
      registry: createKindRegistry(),
      clock: new SystemClock(),
      config: { ...CONFORMANCE_CONFIG, bookmarkIntervalSeconds: 1, eventRetentionMaxEvents: 100 },
    });
    world = await startApiWorld({ store });
  });
  afterAll(async () => {
    await world.close();
    await store.close();
  });

  it('sends a BOOKMARK line carrying the revision reached', async () => {
    const since = await revisionNow(world);
    const stream = await openWatch(world, `${API}/workers?watch=1&resourceVersion=${since}`);

    await waitFor(() => stream.lines.some((line) => line.type === 'BOOKMARK'), {
      description: 'a bookmark',
    });

    const bookmark = stream.lines.find((line) => line.type === 'BOOKMARK');
    expect(bookmark?.object).toEqual({
      metadata: { resourceVersion: expect.stringMatching(/^[0-9]+$/) },
    });
    expect(Number(bookmark?.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(since);
  });

  it('answers 410 Gone for a resourceVersion older than the compacted log', async () => {
    for (let i = 0; i < 120; i++) await world.local.create(aTemplate(`filler-${i}`));
    await store.compact();

    const response = await world.request(
      'admin',
      'GET',
      `${API}/workertemplates?watch=1&resourceVersion=1`,
    );

    expect(response.status).toBe(410);
    expect(response.body).toMatchObject({ code: 410, reason: 'Gone' });
  });
});
