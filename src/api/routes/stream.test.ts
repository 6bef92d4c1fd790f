/** `GET /api/stream` over HTTP: snapshot then changes, resume, filters, RBAC, reset, heartbeat. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import type { AnyResource } from '../../resources/index.js';
import { createKindRegistry } from '../../resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../../store/conformance/conformance-helpers.js';
import { MemoryStore } from '../../store/memory/memory-store.js';
import { startApiWorld, type ApiWorld, type ROLE_USERS } from '../../../test/support/api-world.js';
import { aDefinition, aSession, aTemplate } from '../../../test/support/builders.js';
import { SseReader, type SseEvent } from '../../../test/support/sse-reader.js';

type As = (typeof ROLE_USERS)[number];

const open: SseReader[] = [];

async function connect(world: ApiWorld, as: As, query = '', headers: Record<string, string> = {}) {
  const reader = await SseReader.open(`${world.url}/api/stream${query}`, {
    authorization: `Bearer ${await world.tokenFor(as)}`,
    ...headers,
  });
  open.push(reader);
  return reader;
}

/** Disconnects every reader this file opened. */
async function closeReaders(): Promise<void> {
  await Promise.all(open.splice(0).map((reader) => reader.close()));
}

afterEach(closeReaders);

/** Reads messages up to and including the change naming `name`. */
async function readThrough(reader: SseReader, name: string): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for (;;) {
    const event = await reader.next({ skipBookmarks: true });
    events.push(event);
    if (event.data.object?.metadata.name === name) return events;
  }
}

const namesOf = (items: readonly AnyResource[] = []) => items.map((item) => item.metadata.name);

const summary = (events: readonly SseEvent[]) =>
  events.map((event) => [event.event, event.data.object?.metadata.name]);

describe('GET /api/stream', () => {
  let world: ApiWorld;
  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('sends a snapshot of each kind, then live changes with increasing ids', async () => {
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }, 'snap'));
    await world.local.create(aSession('s1', {}, 'snap'));
    const reader = await connect(
      world,
      'admin',
      '?kinds=LabletDefinition,LabletSession&namespace=snap',
    );
    expect(reader.status).toBe(200);
    expect(reader.contentType).toMatch(/^text\/event-stream/);
    const definitions = await reader.next();
    const sessions = await reader.next();
    expect(definitions).toMatchObject({ event: 'snapshot', data: { kind: 'LabletDefinition' } });
    expect(namesOf(definitions.data.items)).toEqual(['ccna-1']);
    expect(sessions).toMatchObject({
      event: 'snapshot',
      id: definitions.id,
      data: { kind: 'LabletSession' },
    });
    expect(sessions.data.items).toHaveLength(1);
    const listRevisions = [definitions.data.revision ?? NaN, sessions.data.revision ?? NaN];
    expect(definitions.id).toBe(Math.min(...listRevisions));

    const created = await world.local.create(aSession('s2', {}, 'snap'));
    await world.local.patch(
      'LabletSession',
      's2',
      { metadata: { labels: { a: 'b' } } },
      { namespace: 'snap' },
    );
    await world.local.create(aDefinition('ccna-2', { version: '2.0.0' }, 'snap'));
    await world.local.delete('LabletDefinition', 'ccna-2', { namespace: 'snap' });
    const changes = [
      ...(await readThrough(reader, 's2')),
      ...(await readThrough(reader, 's2')),
      ...(await readThrough(reader, 'ccna-2')),
      ...(await readThrough(reader, 'ccna-2')),
    ];
    expect(summary(changes)).toEqual([
      ['ADDED', 's2'],
      ['MODIFIED', 's2'],
      ['ADDED', 'ccna-2'],
      ['DELETED', 'ccna-2'],
    ]);
    expect(changes.map((event) => event.data.type)).toEqual(changes.map((event) => event.event));
    expect(changes[0]?.id).toBe(Number(created.metadata.resourceVersion));
    const ids = changes.map((event) => event.id ?? 0);
    expect(ids[0]).toBeGreaterThan(sessions.id ?? Infinity);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes from Last-Event-ID (header or query) with the next change and no snapshot', async () => {
    await world.local.create(aTemplate('resume-0'));
    const first = await connect(world, 'admin', '?kinds=WorkerTemplate');
    await first.next();
    await world.local.create(aTemplate('resume-1'));
    await readThrough(first, 'resume-1');
    const resumeAt = String(first.lastEventId);
    await first.close();
    await world.local.create(aTemplate('resume-2'));
    await world.local.create(aTemplate('resume-3'));

    const byHeader = await connect(world, 'admin', '?kinds=WorkerTemplate', {
      'last-event-id': resumeAt,
    });
    expect(summary(await readThrough(byHeader, 'resume-3'))).toEqual([
      ['ADDED', 'resume-2'],
      ['ADDED', 'resume-3'],
    ]);
    const byQuery = await connect(world, 'admin', `?kinds=WorkerTemplate&lastEventId=${resumeAt}`);
    expect((await byQuery.next({ skipBookmarks: true })).data.object?.metadata.name).toBe(
      'resume-2',
    );
  });

  it('sends reset and a snapshot for a Last-Event-ID beyond the store (a replaced store)', async () => {
    const reader = await connect(world, 'admin', '?kinds=WorkerTemplate', {
      'last-event-id': '999999999',
    });
    expect(await reader.next()).toMatchObject({
      event: 'reset',
      data: { reason: 'Gone' },
    });
    expect(await reader.next()).toMatchObject({
      event: 'snapshot',
      data: { kind: 'WorkerTemplate' },
    });
  });

  it('sends only the requested kinds in the requested namespace', async () => {
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }, 'ns-a'));
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }, 'ns-b'));
    const reader = await connect(world, 'admin', '?kinds=LabletDefinition&namespace=ns-a');
    const snapshot = await reader.next();
    expect(snapshot.data.items).toHaveLength(1);
    await world.local.create(aSession('s1', {}, 'ns-a'));
    await world.local.create(aDefinition('other', { version: '2.0.0' }, 'ns-b'));
    await world.local.create(aTemplate('cluster-scoped'));
    await world.local.create(aDefinition('last', { version: '2.0.0' }, 'ns-a'));
    expect(summary(await readThrough(reader, 'last'))).toEqual([['ADDED', 'last']]);
  });

  it('shows a user their own sessions only, in the snapshot and live', async () => {
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }, 'own'));
    await world.local.create(aSession('mine', { owner: { userId: 'user' } }, 'own'));
    await world.local.create(aSession('theirs', { owner: { userId: 'user2' } }, 'own'));
    const reader = await connect(world, 'user', '?namespace=own');
    const snapshots = [await reader.next(), await reader.next(), await reader.next()];
    expect(snapshots.map((event) => [event.event, event.data.kind])).toEqual([
      ['snapshot', 'LabletDefinition'],
      ['snapshot', 'LabletSession'],
      ['snapshot', 'ScoreReport'],
    ]);
    expect(namesOf(snapshots[1]?.data.items)).toEqual(['mine']);
    await world.local.create(aSession('theirs-2', { owner: { userId: 'user2' } }, 'own'));
    await world.local.create(aSession('mine-2', { owner: { userId: 'user' } }, 'own'));
    expect(summary(await readThrough(reader, 'mine-2'))).toEqual([['ADDED', 'mine-2']]);
  });

  it('refuses callers without credentials, kinds they may not watch, and unknown kinds', async () => {
    const anonymous = await world.request('anonymous', 'GET', '/api/stream');
    expect(anonymous).toMatchObject({ status: 401, body: { reason: 'Unauthorized' } });
    const forbidden = await world.request('user', 'GET', '/api/stream?kinds=LabletSession,Worker');
    expect(forbidden).toMatchObject({ status: 403, body: { reason: 'Forbidden' } });
    for (const kinds of ['Nope', 'User', 'LabletSession,'])
      expect(await world.request('admin', 'GET', `/api/stream?kinds=${kinds}`)).toMatchObject({
        status: 422,
        body: { reason: 'Invalid', details: { field: 'kinds' } },
      });
    const badId = await world.request('admin', 'GET', '/api/stream', undefined, {
      'last-event-id': 'abc',
    });
    expect(badId).toMatchObject({ status: 422, body: { details: { field: 'Last-Event-ID' } } });
  });
});

describe('GET /api/stream after compaction', () => {
  it('sends reset and a fresh snapshot when Last-Event-ID was compacted away', async () => {
    const clock = new ManualClock();
    const registry = createKindRegistry();
    const config = { ...CONFORMANCE_CONFIG, eventRetentionMaxEvents: 3 };
    const store = new MemoryStore({ registry, clock, config });
    const world = await startApiWorld({ store, clock });
    try {
      const first = await connect(world, 'admin', '?kinds=WorkerTemplate');
      const snapshot = await first.next();
      await first.close();
      for (const name of ['t1', 't2', 't3', 't4', 't5']) await world.local.create(aTemplate(name));
      await store.compact();

      const reader = await connect(world, 'admin', '?kinds=WorkerTemplate', {
        'last-event-id': String(snapshot.id),
      });
      expect(await reader.next()).toMatchObject({
        event: 'reset',
        data: { code: 410, reason: 'Gone' },
      });
      const fresh = await reader.next();
      expect(fresh).toMatchObject({ event: 'snapshot', data: { kind: 'WorkerTemplate' } });
      expect(fresh.data.items).toHaveLength(5);
      await world.local.create(aTemplate('t6'));
      expect(summary(await readThrough(reader, 't6'))).toEqual([['ADDED', 't6']]);
    } finally {
      await closeReaders();
      await world.close();
      await store.close();
    }
  });
});

describe('GET /api/stream heartbeat and shutdown', () => {
  it('sends a heartbeat comment every sseHeartbeatSeconds of the clock', async () => {
    const clock = new ManualClock();
    const world = await startApiWorld({ clock });
    try {
      const heartbeatMs = world.config.api.sseHeartbeatSeconds * 1000;
      const reader = await connect(world, 'admin', '?kinds=WorkerTemplate');
      await reader.next();
      await clock.advance(heartbeatMs - 1);
      // A change written after the advance arrives after any heartbeat written before it.
      await world.local.create(aTemplate('marker'));
      await readThrough(reader, 'marker');
      expect(reader.comments).toEqual([]);
      await clock.advance(1);
      await reader.until(() => reader.comments.length === 1, 'the first heartbeat');
      await clock.advance(heartbeatMs);
      await reader.until(() => reader.comments.length === 2, 'the second heartbeat');
      expect(reader.comments).toEqual(['heartbeat', 'heartbeat']);
    } finally {
      await closeReaders();
      await world.close();
    }
  });

  it('ends open streams when the server closes', async () => {
    const world = await startApiWorld();
    const reader = await connect(world, 'admin', '?kinds=WorkerTemplate');
    await reader.next();
    await world.close();
    await reader.until(() => reader.ended, 'the stream to end');
  });
});
