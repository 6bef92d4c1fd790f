/**
 * Behaviour of the generic resource REST writes over real HTTP: replace, merge-patch, the status
 * sub-resource, delete, their preconditions, and the audit record every mutation leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDefinition, aTemplate } from '../../../test/support/builders.js';
import type { AnyResource } from '../../resources/index.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';

const DEFINITIONS = '/apis/lcm/v1/namespaces/default/labletdefinitions';

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(() => world.close());

/** Creates a Draft definition of its own family (so versions never clash) and returns it. */
async function draft(name: string, spec: Record<string, unknown> = {}): Promise<AnyResource> {
  const created = await world.request(
    'admin',
    'POST',
    DEFINITIONS,
    aDefinition(name, { family: name, ...spec }),
  );
  expect(created.status).toBe(201);
  return created.body as AnyResource;
}

describe('PUT', () => {
  beforeAll(() => draft('put-mismatch'));

  it('replaces the spec when resourceVersion is current', async () => {
    const current = await draft('put-ok');

    const response = await world.request('admin', 'PUT', `${DEFINITIONS}/put-ok`, {
      ...current,
      spec: { ...current.spec, displayName: 'renamed' },
    });

    expect(response.status).toBe(200);
    expect(response.body.spec.displayName).toBe('renamed');
    expect(Number(response.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(current.metadata.resourceVersion),
    );
  });

  it('answers 409 Conflict for a stale resourceVersion', async () => {
    const stale = await draft('put-stale');
    await world.request('admin', 'PATCH', `${DEFINITIONS}/put-stale`, {
      spec: { displayName: 'changed meanwhile' },
    });

    const response = await world.request('admin', 'PUT', `${DEFINITIONS}/put-stale`, {
      ...stale,
      spec: { ...stale.spec, displayName: 'lost update' },
    });

    expect(response.status).toBe(409);
    expect(response.body.reason).toBe('Conflict');
  });

  it.each<[string, { kind?: string; metadata?: { name: string; namespace?: string } }]>([
    ['metadata.name', { metadata: { name: 'someone-else' } }],
    ['metadata.namespace', { metadata: { name: 'put-mismatch', namespace: 'other' } }],
    ['kind', { kind: 'Worker' }],
  ])('answers 422 naming %s when the body contradicts the URL', async (field, change) => {
    const current = (await world.request('admin', 'GET', `${DEFINITIONS}/put-mismatch`)).body;

    const response = await world.request('admin', 'PUT', `${DEFINITIONS}/put-mismatch`, {
      ...current,
      ...change,
      metadata: { ...current.metadata, ...change.metadata },
    });

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ reason: 'Invalid', details: { field } });
  });
});

describe('PATCH', () => {
  beforeAll(() => draft('patch-mismatch'));

  it('merge-patches with application/merge-patch+json', async () => {
    await draft('patch-merge');

    const response = await world.request(
      'admin',
      'PATCH',
      `${DEFINITIONS}/patch-merge`,
      { metadata: { labels: { team: 'blue' } }, spec: { displayName: 'patched' } },
      { 'content-type': 'application/merge-patch+json' },
    );

    expect(response.status).toBe(200);
    expect(response.body.metadata.labels).toEqual({ team: 'blue' });
    expect(response.body.spec).toMatchObject({ displayName: 'patched', family: 'patch-merge' });
  });

  it('merge-patches with application/json, where null removes a field', async () => {
    await draft('patch-null', { description: 'to be removed' });

    const response = await world.request('admin', 'PATCH', `${DEFINITIONS}/patch-null`, {
      spec: { description: null },
    });

    expect(response.status).toBe(200);
    expect(response.body.spec).not.toHaveProperty('description');
    expect(response.body.spec.displayName).toBe('CCNA lab');
  });

  it.each([
    ['metadata.name', { metadata: { name: 'renamed' } }],
    ['metadata.namespace', { metadata: { namespace: 'other' } }],
    ['kind', { kind: 'Worker' }],
  ])('answers 422 naming %s when the patch names another object', async (field, patch) => {
    const response = await world.request('admin', 'PATCH', `${DEFINITIONS}/patch-mismatch`, patch);

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ reason: 'Invalid', details: { field } });
  });

  it('answers 400 BadRequest for a malformed merge patch', async () => {
    await draft('patch-bad-json');

    const response = await world.request(
      'admin',
      'PATCH',
      `${DEFINITIONS}/patch-bad-json`,
      '{"spec": ',
      { 'content-type': 'application/merge-patch+json' },
    );

    expect(response.status).toBe(400);
    expect(response.body.reason).toBe('BadRequest');
  });

  it('answers 404 NotFound for an unknown object', async () => {
    const response = await world.request('admin', 'PATCH', `${DEFINITIONS}/nope`, { spec: {} });

    expect(response.status).toBe(404);
    expect(response.body.reason).toBe('NotFound');
  });
});

describe('status sub-resource', () => {
  it('reads the object at …/status', async () => {
    const current = await draft('status-get');

    const response = await world.request('admin', 'GET', `${DEFINITIONS}/status-get/status`);

    expect(response.status).toBe(200);
    expect(response.body.metadata.uid).toBe(current.metadata.uid);
  });

  it('PUT …/status changes the status only, generation unchanged', async () => {
    const current = await draft('status-put');

    const response = await world.request('admin', 'PUT', `${DEFINITIONS}/status-put/status`, {
      ...current,
      spec: { ...current.spec, displayName: 'ignored' },
      status: { ...current.status, nodeCount: 7 },
    });

    expect(response.status).toBe(200);
    expect(response.body.status.nodeCount).toBe(7);
    expect(response.body.spec.displayName).toBe('CCNA lab');
    expect(response.body.metadata.generation).toBe(current.metadata.generation);
  });

  it('PATCH …/status changes the status only, generation unchanged', async () => {
    const current = await draft('status-patch');

    const response = await world.request('admin', 'PATCH', `${DEFINITIONS}/status-patch/status`, {
      spec: { displayName: 'ignored' },
      status: { nodeCount: 9 },
    });

    expect(response.status).toBe(200);
    expect(response.body.status.nodeCount).toBe(9);
    expect(response.body.spec.displayName).toBe('CCNA lab');
    expect(response.body.metadata.generation).toBe(current.metadata.generation);
  });
});

describe('DELETE', () => {
  it('answers 200 with the deleted object, which then reads as 404', async () => {
    const current = await draft('delete-ok');

    const response = await world.request('admin', 'DELETE', `${DEFINITIONS}/delete-ok`);

    expect(response.status).toBe(200);
    expect(response.body.metadata.uid).toBe(current.metadata.uid);
    const read = await world.request('admin', 'GET', `${DEFINITIONS}/delete-ok`);
    expect(read.status).toBe(404);
    expect(read.body.reason).toBe('NotFound');
  });

  it('answers 409 Conflict for a stale ?resourceVersion=', async () => {
    const stale = await draft('delete-stale');
    await world.request('admin', 'PATCH', `${DEFINITIONS}/delete-stale`, {
      spec: { displayName: 'changed meanwhile' },
    });

    const response = await world.request(
      'admin',
      'DELETE',
      `${DEFINITIONS}/delete-stale?resourceVersion=${stale.metadata.resourceVersion}`,
    );

    expect(response.status).toBe(409);
    expect(response.body.reason).toBe('Conflict');
    expect((await world.request('admin', 'GET', `${DEFINITIONS}/delete-stale`)).status).toBe(200);
  });

  it('answers 404 NotFound for an unknown object', async () => {
    const response = await world.request('admin', 'DELETE', `${DEFINITIONS}/nope`);

    expect(response.status).toBe(404);
    expect(response.body.reason).toBe('NotFound');
  });
});

describe('audit', () => {
  /** The audit records of one object, oldest first. */
  async function auditOf(kind: string, name: string) {
    const response = await world.request('admin', 'GET', `/api/audit?kind=${kind}&name=${name}`);
    expect(response.status).toBe(200);
    return response.body.items as {
      spec: { verb: string; actor: { username: string }; target: object; changes: object[] };
    }[];
  }

  it('records every mutation with actor, verb (the write it became), target and changes', async () => {
    const created = await draft('audited');
    await world.request('admin', 'PUT', `${DEFINITIONS}/audited`, {
      ...created,
      metadata: { ...created.metadata, labels: { audited: 'yes' } },
    });
    await world.request('admin', 'PATCH', `${DEFINITIONS}/audited`, {
      spec: { displayName: 'audited' },
    });
    await world.request('admin', 'DELETE', `${DEFINITIONS}/audited`);

    const records = await auditOf('LabletDefinition', 'audited');

    expect(records.map((record) => record.spec.verb)).toEqual([
      'create',
      'update',
      'update',
      'delete',
    ]);
    for (const record of records) {
      expect(record.spec.actor.username).toBe('admin');
      expect(record.spec.target).toEqual({
        kind: 'LabletDefinition',
        namespace: 'default',
        name: 'audited',
      });
    }
    expect(records[1]?.spec.changes).toEqual([
      { path: 'metadata.labels', after: { audited: 'yes' } },
    ]);
    expect(records[2]?.spec.changes).toEqual([
      { path: 'spec.displayName', before: 'CCNA lab', after: 'audited' },
    ]);
  });

  it('records cluster-scoped writes and status writes', async () => {
    const { kind: _kind, apiVersion: _apiVersion, ...template } = aTemplate('audited-template');
    await world.request('admin', 'POST', '/apis/lcm/v1/workertemplates', template);
    await world.request(
      'controller',
      'PATCH',
      '/apis/lcm/v1/workertemplates/audited-template/status',
      {
        status: { message: 'seen' },
      },
    );

    const records = await auditOf('WorkerTemplate', 'audited-template');

    expect(records.map((record) => [record.spec.verb, record.spec.actor.username])).toEqual([
      ['create', 'admin'],
      ['updateStatus', 'controller'],
    ]);
  });

  it('masks secrets: a created user shows passwordHash as ***', async () => {
    const created = await world.request('admin', 'POST', '/api/users', {
      username: 'audited-user',
      password: 'a-long-enough-password-1',
      roles: ['user'],
    });
    expect(created.status).toBe(201);

    const [record] = await auditOf('User', 'audited-user');

    expect(record?.spec.verb).toBe('create');
    expect(record?.spec.changes).toEqual(
      expect.arrayContaining([
        { path: 'spec', after: expect.objectContaining({ passwordHash: '***' }) },
      ]),
    );
    expect(JSON.stringify(record)).not.toMatch(/\$|scrypt|argon/);
  });
});
