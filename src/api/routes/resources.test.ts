/** Behaviour of the generic resource REST over real HTTP: create, get, list, paging and selectors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDefinition, aSession, aTemplate, TINY_TOPOLOGY } from '../../../test/support/builders.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';

const API = '/apis/lcm/v1';
const DEFAULT_NS = `${API}/namespaces/default`;

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld();
  await world.local.create(aDefinition('ccna-1', { state: 'Active' }));
});
afterAll(() => world.close());

describe('create and get', () => {
  it('fills kind, apiVersion and namespace from the URL and applies defaults', async () => {
    const created = await world.request('admin', 'POST', `${DEFAULT_NS}/labletdefinitions`, {
      metadata: { name: 'created' },
      spec: { family: 'created', version: '1.0.0', displayName: 'x', topology: TINY_TOPOLOGY },
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      apiVersion: 'lcm/v1',
      kind: 'LabletDefinition',
      metadata: { name: 'created', namespace: 'default', resourceVersion: expect.any(String) },
      spec: { state: 'Draft', maxDurationMinutes: 60, labReuse: true, warmPool: { depth: 0 } },
    });
    const read = await world.request('admin', 'GET', `${DEFAULT_NS}/labletdefinitions/created`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('creates a cluster-scoped object at the cluster path', async () => {
    const { kind: _kind, apiVersion: _apiVersion, ...body } = aTemplate('cluster-created');
    const created = await world.request('admin', 'POST', `${API}/workertemplates`, body);

    expect(created.status).toBe(201);
    expect(created.body.kind).toBe('WorkerTemplate');
    expect(created.body.metadata.namespace).toBeUndefined();
  });

  it('serves names up to 253 characters at their object URL', async () => {
    const name = `long-${'n'.repeat(200)}`;
    const created = await world.request('admin', 'POST', `${API}/workertemplates`, {
      metadata: { name },
      spec: aTemplate(name).spec,
    });

    const read = await world.request('admin', 'GET', `${API}/workertemplates/${name}`);

    expect(created.status).toBe(201);
    expect(read.status).toBe(200);
    expect(read.body.metadata.name).toBe(name);
  });

  it('answers 409 AlreadyExists for a second object of the same name', async () => {
    const body = aDefinition('twice', { family: 'twice' });
    expect(
      (await world.request('admin', 'POST', `${DEFAULT_NS}/labletdefinitions`, body)).status,
    ).toBe(201);

    const again = await world.request('admin', 'POST', `${DEFAULT_NS}/labletdefinitions`, body);
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('AlreadyExists');
  });

  it('answers 404 NotFound for an unknown object and an unknown route', async () => {
    const object = await world.request('admin', 'GET', `${DEFAULT_NS}/labletdefinitions/nope`);
    const route = await world.request('admin', 'GET', `${API}/nonsense`);
    const namespacedRoute = await world.request('admin', 'GET', `${DEFAULT_NS}/nonsense/x`);

    for (const response of [object, route, namespacedRoute]) {
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 404, reason: 'NotFound' });
    }
  });

  it('rejects a namespace on a cluster-scoped kind with 422 naming metadata.namespace', async () => {
    const template = aTemplate('namespaced-template');
    const response = await world.request('admin', 'POST', `${API}/workertemplates`, {
      ...template,
      metadata: { ...template.metadata, namespace: 'default' },
    });

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      reason: 'Invalid',
      details: { field: 'metadata.namespace' },
    });
  });

  it('rejects an unknown top-level field with 422 naming it, instead of dropping it', async () => {
    const response = await world.request('admin', 'POST', `${DEFAULT_NS}/labletdefinitions`, {
      ...aDefinition('extra-field', { family: 'extra' }),
      bogus: true,
    });

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ reason: 'Invalid', details: { field: 'body.bogus' } });
    const read = await world.request('admin', 'GET', `${DEFAULT_NS}/labletdefinitions/extra-field`);
    expect(read.status).toBe(404);
  });

  it('answers 400 BadRequest for malformed JSON', async () => {
    const response = await world.request(
      'admin',
      'POST',
      `${DEFAULT_NS}/labletdefinitions`,
      '{"metadata": {',
    );

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});

describe('list', () => {
  beforeAll(async () => {
    for (let i = 0; i < 25; i++)
      await world.local.create(aDefinition(`page-${i}`, { version: `1.0.${i}` }, 'paging'));
    await world.local.create(withLabels(aTemplate('gold-1'), { tier: 'gold' }));
    await world.local.create(withLabels(aTemplate('gold-2'), { tier: 'gold' }));
    await world.local.create(withLabels(aTemplate('silver-1'), { tier: 'silver' }));
  });

  it('returns { apiVersion, kind: <Kind>List, metadata.resourceVersion, items }', async () => {
    const response = await world.request(
      'admin',
      'GET',
      `${API}/namespaces/paging/labletdefinitions`,
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      apiVersion: 'lcm/v1',
      kind: 'LabletDefinitionList',
      metadata: { resourceVersion: expect.stringMatching(/^[0-9]+$/) },
    });
    expect(response.body.metadata.continue).toBeUndefined();
    expect(response.body.items).toHaveLength(25);
  });

  it('pages with limit and continue, with no object missing or repeated', async () => {
    const names: string[] = [];
    const continues: (string | undefined)[] = [];
    let next: string | undefined;
    do {
      const query = `limit=10${next ? `&continue=${encodeURIComponent(next)}` : ''}`;
      const page = await world.request(
        'admin',
        'GET',
        `${API}/namespaces/paging/labletdefinitions?${query}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(10);
      names.push(...namesOf(page.body.items));
      next = page.body.metadata.continue;
      continues.push(next);
    } while (next);

    expect(continues).toHaveLength(3);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Array.from({ length: 25 }, (_, i) => `page-${i}`).sort());
  });

  it('filters by labelSelector', async () => {
    const response = await world.request(
      'admin',
      'GET',
      `${API}/workertemplates?labelSelector=tier%3Dgold`,
    );

    expect(response.status).toBe(200);
    expect(namesOf(response.body.items)).toEqual(['gold-1', 'gold-2']);
  });

  it('rejects a malformed labelSelector with 422 naming labelSelector', async () => {
    const response = await world.request(
      'admin',
      'GET',
      `${API}/workertemplates?labelSelector=tier%20in%20gold`,
    );

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ reason: 'Invalid', details: { field: 'labelSelector' } });
  });

  it('lists a namespaced kind across all namespaces', async () => {
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }, 'other'));
    await world.local.create(aSession('across-a'));
    await world.local.create(aSession('across-b', {}, 'other'));

    const response = await world.request('admin', 'GET', `${API}/labletsessions`);

    expect(response.status).toBe(200);
    expect(response.body.kind).toBe('LabletSessionList');
    const items = response.body.items as { metadata: { namespace: string; name: string } }[];
    const keys = items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`);
    expect(keys).toEqual(expect.arrayContaining(['default/across-a', 'other/across-b']));
  });
});

describe('body limit', () => {
  it('answers 413 PayloadTooLarge for a body over api.bodyLimitBytes', async () => {
    const small = await startApiWorld({ overrides: { api: { bodyLimitBytes: 2048 } } });
    try {
      const response = await small.request(
        'admin',
        'POST',
        `${DEFAULT_NS}/labletdefinitions`,
        aDefinition('too-big', { description: 'x'.repeat(4096) }),
      );

      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ code: 413, reason: 'PayloadTooLarge' });
    } finally {
      await small.close();
    }
  });
});

function withLabels<T extends { metadata: object }>(object: T, labels: Record<string, string>): T {
  return { ...object, metadata: { ...object.metadata, labels } };
}

function namesOf(items: { metadata: { name: string } }[]): string[] {
  return items.map((item) => item.metadata.name).sort();
}
