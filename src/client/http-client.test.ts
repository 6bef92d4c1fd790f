/** HttpResourceClient against a real API server: CRUD, error reasons, patches, transact, paging. */
import { createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, SystemClock, type Clock } from '../clock/index.js';
import { hasReason } from '../errors/index.js';
import type { AnyResource } from '../resources/index.js';
import { caught } from '../store/conformance/conformance-helpers.js';
import { HttpResourceClient } from './http-client.js';
import { startApiWorld, type ApiWorld, type ROLE_USERS } from '../../test/support/api-world.js';
import { aDefinition, aTemplate } from '../../test/support/builders.js';
import { waitFor } from '../../test/support/wait-for.js';

let world: ApiWorld;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(() => world.close());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newClient(credential: string, baseUrl = world.url, clock: Clock = new SystemClock()) {
  const client = new HttpResourceClient({ baseUrl, credential, clock });
  cleanups.push(() => client.close());
  return client;
}

async function clientAs(role: (typeof ROLE_USERS)[number]): Promise<HttpResourceClient> {
  return newClient(await world.tokenFor(role));
}

describe('HttpResourceClient', () => {
  it('creates, reads, updates, updates status and deletes an object', async () => {
    const client = await clientAs('admin');
    const created = await client.create(aTemplate('crud-1'));
    expect(created.metadata).toMatchObject({ name: 'crud-1', generation: 1 });
    expect(created.metadata.uid).toBeDefined();
    expect(await client.get('WorkerTemplate', 'crud-1')).toEqual(created);

    const updated = await client.update({
      ...created,
      spec: { ...created.spec, costPerHour: 2 },
    });
    expect(updated.spec).toMatchObject({ costPerHour: 2 });
    expect(updated.metadata.generation).toBe(2);

    const withStatus = await client.updateStatus({ ...updated, status: { observedGeneration: 2 } });
    expect(withStatus.status).toEqual({ observedGeneration: 2 });
    expect(withStatus.metadata.generation).toBe(2);

    const deleted = await client.delete('WorkerTemplate', 'crud-1', {
      preconditions: {
        resourceVersion: withStatus.metadata.resourceVersion as string,
        uid: created.metadata.uid as string,
      },
    });
    expect(deleted.metadata.name).toBe('crud-1');
    expect((await caught(() => client.get('WorkerTemplate', 'crud-1'))).reason).toBe('NotFound');
  });

  it('puts namespaced objects in their namespace, and in default without one', async () => {
    const client = await clientAs('admin');
    await client.create(aDefinition('ns-def', {}, 'team-a'));
    const { namespace: _omitted, ...metadata } = aDefinition('plain-def').metadata;
    await client.create({ ...aDefinition('plain-def'), metadata });
    expect((await client.get('LabletDefinition', 'ns-def', 'team-a')).metadata.namespace).toBe(
      'team-a',
    );
    expect((await client.get('LabletDefinition', 'plain-def')).metadata.namespace).toBe('default');
    const inTeam = await client.list('LabletDefinition', { namespace: 'team-a' });
    expect(inTeam.items.map((item) => item.metadata.name)).toEqual(['ns-def']);
    const everywhere = await client.list('LabletDefinition');
    expect(everywhere.items.map((item) => item.metadata.name)).toEqual(
      expect.arrayContaining(['ns-def', 'plain-def']),
    );
  });

  it('rebuilds the error reason the server answered, with its details', async () => {
    const admin = await clientAs('admin');
    const created = await admin.create(aTemplate('errors-1'));
    await admin.update({ ...created, spec: { ...created.spec, costPerHour: 1 } });

    expect((await caught(() => admin.get('WorkerTemplate', 'nope'))).reason).toBe('NotFound');
    expect((await caught(() => admin.create(aTemplate('errors-1')))).reason).toBe('AlreadyExists');
    const stale = await caught(() => admin.update(created));
    expect(stale.reason).toBe('Conflict');
    expect(stale.details?.field).toBe('metadata.resourceVersion');
    const staleDelete = await caught(() =>
      admin.delete('WorkerTemplate', 'errors-1', { preconditions: { uid: 'not-the-uid' } }),
    );
    expect(staleDelete.reason).toBe('Conflict');
    const invalid = await caught(() => admin.create(aTemplate('errors-2', { region: '' })));
    expect(invalid.reason).toBe('Invalid');
    expect(invalid.details?.field).toBe('spec.region');

    const user = await clientAs('user');
    expect((await caught(() => user.list('Worker'))).reason).toBe('Forbidden');
    expect((await caught(() => user.create(aTemplate('errors-3')))).reason).toBe('Forbidden');
    expect((await caught(() => user.watch('Worker'))).reason).toBe('Forbidden');
    const stranger = newClient('not-a-token');
    expect((await caught(() => stranger.get('WorkerTemplate', 'errors-1'))).reason).toBe(
      'Unauthorized',
    );
  });

  it('refuses unknown and internal kinds, and a namespace on a cluster-scoped kind, as Invalid', async () => {
    const client = await clientAs('admin');
    const unknown = await caught(() => client.get('Gadget', 'x'));
    expect(unknown).toMatchObject({ reason: 'Invalid', details: { field: 'kind' } });
    expect((await caught(() => client.list('User'))).reason).toBe('Invalid');
    const scoped = await caught(() => client.get('WorkerTemplate', 'x', 'default'));
    expect(scoped).toMatchObject({ reason: 'Invalid', details: { field: 'metadata.namespace' } });
    expect((await caught(() => client.watch(['WorkerTemplate', 'Worker']))).reason).toBe('Invalid');
    expect((await caught(() => client.watch([]))).reason).toBe('Invalid');
  });

  it('merge-patches spec and metadata, and the status subresource', async () => {
    const client = await clientAs('admin');
    const created = await client.create(aTemplate('patch-1', { costPerHour: 1 }));
    const patched = await client.patch('WorkerTemplate', 'patch-1', {
      metadata: { labels: { tier: 'gold' } },
      spec: { costPerHour: 3 },
    });
    expect(patched.metadata.labels).toEqual({ tier: 'gold' });
    expect(patched.spec).toMatchObject({ costPerHour: 3, region: 'sim-1' });

    const status = await client.patch(
      'WorkerTemplate',
      'patch-1',
      { status: { phase: 'Ready' } },
      { subresource: 'status' },
    );
    expect(status.status).toEqual({ phase: 'Ready' });
    expect(status.spec).toEqual(patched.spec);

    const pinned = await caught(() =>
      client.patch('WorkerTemplate', 'patch-1', {
        metadata: { resourceVersion: created.metadata.resourceVersion },
        spec: { costPerHour: 4 },
      }),
    );
    expect(pinned.reason).toBe('Conflict');
  });

  it('applies a transaction all or none, naming the failing operation', async () => {
    const client = await clientAs('admin');
    const existing = await client.create(aTemplate('tx-existing'));
    const failure = await caught(() =>
      client.transact([
        { op: 'create', object: aTemplate('tx-new') },
        { op: 'create', object: aTemplate('tx-existing') },
      ]),
    );
    expect(failure).toMatchObject({ reason: 'AlreadyExists', details: { op: 1 } });
    expect((await caught(() => client.get('WorkerTemplate', 'tx-new'))).reason).toBe('NotFound');

    const written = await client.transact([
      { op: 'create', object: aTemplate('tx-new') },
      { op: 'update', object: { ...existing, spec: { ...existing.spec, costPerHour: 5 } } },
    ]);
    expect(written.map((object) => object.metadata.name)).toEqual(['tx-new', 'tx-existing']);
    expect((await client.get('WorkerTemplate', 'tx-existing')).spec).toMatchObject({
      costPerHour: 5,
    });
    await client.transact([{ op: 'delete', kind: 'WorkerTemplate', name: 'tx-new' }]);
    expect((await caught(() => client.get('WorkerTemplate', 'tx-new'))).reason).toBe('NotFound');
  });

  it('checks each operation of a transaction against the caller and the served kinds', async () => {
    const user = await clientAs('user');
    const forbidden = await caught(() =>
      user.transact([{ op: 'create', object: aTemplate('tx-user') }]),
    );
    expect(forbidden.reason).toBe('Forbidden');
    const admin = await clientAs('admin');
    const internal = await caught(() =>
      admin.transact([
        { op: 'create', object: aTemplate('tx-ok') },
        { op: 'delete', kind: 'User', name: 'admin' },
      ]),
    );
    expect(internal).toMatchObject({ reason: 'Invalid', details: { field: 'ops.1.kind', op: 1 } });
    expect((await caught(() => admin.get('WorkerTemplate', 'tx-ok'))).reason).toBe('NotFound');
  });

  it('pages a list with limit and continue, at the first page’s revision', async () => {
    const client = await clientAs('admin');
    for (let i = 0; i < 5; i++)
      await client.create({
        ...aTemplate(`page-${i}`),
        metadata: { name: `page-${i}`, labels: { batch: 'paging' } },
      });
    const names: string[] = [];
    const revisions = new Set<number>();
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.list('WorkerTemplate', {
        labelSelector: 'batch=paging',
        limit: 2,
        ...(token ? { continue: token } : {}),
      });
      names.push(...page.items.map((item: AnyResource) => item.metadata.name));
      revisions.add(page.revision);
      token = page.continue;
      pages++;
    } while (token);
    expect(names).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    expect(pages).toBe(3);
    expect(revisions.size).toBe(1);
  });

  it('reports a refused connection and an answer that never comes as Unavailable', async () => {
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { port } = silent.address() as { port: number };

    const clock = new ManualClock();
    const client = newClient('token', `http://127.0.0.1:${port}`, clock);
    const pending = caught(() => client.get('WorkerTemplate', 'x'));
    await waitFor(() => held.size === 1 && clock.pendingTimers() === 1);
    await clock.advance(30_000);
    const timedOut = await pending;
    expect(hasReason(timedOut, 'Unavailable')).toBe(true);

    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const refused = newClient('token', `http://127.0.0.1:${closedPort}`);
    const write = await caught(() => refused.create(aTemplate('x')));
    expect(write).toMatchObject({ reason: 'Unavailable', details: { outcomeUnknown: true } });
  });
});
