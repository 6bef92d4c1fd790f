import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aTemplate } from '../../../test/support/builders.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';

let world: ApiWorld;
beforeEach(async () => {
  world = await startApiWorld();
});
afterEach(async () => {
  await world.close();
});

const targetNames = (items: { spec: { target: { name: string } } }[]) =>
  items.map((item) => item.spec.target.name);

const withKey = (key: string) => ({ authorization: `Bearer ${key}` });

describe('/api/apikeys', () => {
  it('shows a new key once, and the key then acts with its role', async () => {
    const created = await world.request('admin', 'POST', '/api/apikeys', {
      role: 'controller',
      description: 'workers controller',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'controller', createdBy: 'admin' });
    const key = created.body.key as string;
    expect(key).toMatch(/^lcm_[0-9a-f]{12}_/);

    const listed = await world.request('admin', 'GET', '/api/apikeys');
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(key.slice('lcm_0123456789ab_'.length));
    expect(JSON.stringify(listed.body)).not.toContain('sha256');

    const me = await world.request('anonymous', 'GET', '/api/auth/me', undefined, withKey(key));
    expect(me.body).toMatchObject({ id: `apikey:${created.body.keyId}`, roles: ['controller'] });
    // A controller reads everything but may not write definitions.
    const read = await world.request(
      'anonymous',
      'GET',
      '/apis/lcm/v1/workers',
      undefined,
      withKey(key),
    );
    expect(read.status).toBe(200);
    const write = await world.request(
      'anonymous',
      'POST',
      '/apis/lcm/v1/workertemplates',
      aTemplate('t1'),
      withKey(key),
    );
    expect(write.status).toBe(403);
  });

  it('stops accepting a key once it is revoked or expired', async () => {
    const created = await world.request('admin', 'POST', '/api/apikeys', { role: 'manager' });
    const key = created.body.key as string;
    expect(
      (await world.request('anonymous', 'GET', '/api/auth/me', undefined, withKey(key))).status,
    ).toBe(200);
    const revoked = await world.request(
      'admin',
      'DELETE',
      `/api/apikeys/${created.body.keyId as string}`,
    );
    expect(revoked.status).toBe(200);
    expect(
      (await world.request('anonymous', 'GET', '/api/auth/me', undefined, withKey(key))).status,
    ).toBe(401);

    const expired = await world.request('admin', 'POST', '/api/apikeys', {
      role: 'manager',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    const old = await world.request(
      'anonymous',
      'GET',
      '/api/auth/me',
      undefined,
      withKey(expired.body.key as string),
    );
    expect(old.status).toBe(401);
  });

  it('refuses a key with the right id but a wrong secret', async () => {
    const created = await world.request('admin', 'POST', '/api/apikeys', { role: 'admin' });
    const forged = `lcm_${created.body.keyId as string}_${'A'.repeat(43)}`;
    expect(
      (await world.request('anonymous', 'GET', '/api/auth/me', undefined, withKey(forged))).status,
    ).toBe(401);
  });
});

describe('GET /api/audit', () => {
  it('pages and filters the trail by actor, verb, kind, name and time', async () => {
    const before = new Date().toISOString();
    for (let i = 0; i < 5; i++)
      expect(
        (await world.request('admin', 'POST', '/apis/lcm/v1/workertemplates', aTemplate(`t${i}`)))
          .status,
      ).toBe(201);
    await world.request('admin', 'POST', '/apis/lcm/v1/workers/w1/drain');
    await world.request('admin', 'DELETE', '/apis/lcm/v1/workertemplates/t3');

    const created = await world.request(
      'admin',
      'GET',
      '/api/audit?kind=WorkerTemplate&verb=create&limit=2',
    );
    expect(created.body.items).toHaveLength(2);
    expect(targetNames(created.body.items)).toEqual(['t0', 't1']);
    const rest = await world.request(
      'admin',
      'GET',
      `/api/audit?kind=WorkerTemplate&verb=create&limit=10&continue=${encodeURIComponent(created.body.continue as string)}`,
    );
    expect(targetNames(rest.body.items)).toEqual(['t2', 't3', 't4']);

    const deleted = await world.request('admin', 'GET', '/api/audit?verb=delete&name=t3');
    expect(deleted.body.items).toHaveLength(1);
    expect(deleted.body.items[0].spec.actor.id).toBe('admin');

    const byActor = await world.request(
      'admin',
      'GET',
      `/api/audit?actor=admin&kind=WorkerTemplate&since=${before}`,
    );
    expect(byActor.body.items).toHaveLength(6);
    const nobody = await world.request('admin', 'GET', '/api/audit?actor=someone-else');
    expect(nobody.body.items).toHaveLength(0);
    const future = await world.request('admin', 'GET', '/api/audit?since=2999-01-01T00:00:00Z');
    expect(future.body.items).toHaveLength(0);
  });

  it('is for admins only and validates its filters', async () => {
    expect((await world.request('manager', 'GET', '/api/audit')).status).toBe(403);
    const bad = await world.request('admin', 'GET', '/api/audit?since=yesterday');
    expect(bad.status).toBe(422);
    expect(bad.body.details.field).toBe('querystring.since');
  });
});
