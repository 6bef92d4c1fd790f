/**
 * Behaviour of the Worker, LabletDefinition and Reservation actions over real HTTP: each sets its
 * intent in spec, returns the updated object, is audited under its own name, and is refused to
 * roles without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDefinition, aReservation, aTemplate } from '../../../test/support/builders.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';
import { API_VERSION } from '../../resources/index.js';

const API = '/apis/lcm/v1';
const DEFAULT_NS = `${API}/namespaces/default`;

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld();
  await world.local.create(aTemplate('small'));
  await world.local.create(aDefinition('ccna-1', { state: 'Active' }));
});
afterAll(() => world.close());

async function aWorker(name: string, spec: Record<string, unknown> = {}): Promise<void> {
  await world.local.create({
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: { name },
    spec: { template: 'small', region: 'sim-1', ...spec },
  });
}

async function auditOf(kind: string, name: string) {
  const response = await world.request('admin', 'GET', `/api/audit?kind=${kind}&name=${name}`);
  const records = response.body.items as {
    spec: { verb: string; actor: { username: string }; changes: unknown[] };
  }[];
  return records.map((record) => record.spec);
}

describe('worker actions', () => {
  it.each([
    ['drain', {}, { drain: true }],
    ['cancel-drain', { drain: true }, { drain: false }],
    ['cordon', {}, { unschedulable: true }],
    ['uncordon', { unschedulable: true }, { unschedulable: false }],
    ['start', { desiredState: 'Stopped' }, { desiredState: 'Running' }],
    ['stop', {}, { desiredState: 'Stopped' }],
  ])('%s sets its intent in spec and is audited under its name', async (action, from, to) => {
    const name = `w-${action}`;
    await aWorker(name, from);

    const response = await world.request('manager', 'POST', `${API}/workers/${name}/${action}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ kind: 'Worker', metadata: { name }, spec: to });
    const [record] = await auditOf('Worker', name);
    expect(record).toMatchObject({ verb: action, actor: { username: 'manager' } });
    expect(record?.changes).not.toHaveLength(0);
  });

  it('answers 404 NotFound for an unknown worker', async () => {
    const response = await world.request('admin', 'POST', `${API}/workers/nope/drain`);

    expect(response.status).toBe(404);
    expect(response.body.reason).toBe('NotFound');
  });

  it('answers 403 Forbidden to a user, and leaves the worker as it was', async () => {
    await aWorker('w-user');

    const response = await world.request('user', 'POST', `${API}/workers/w-user/drain`);

    expect(response.status).toBe(403);
    expect(response.body.reason).toBe('Forbidden');
    expect((await world.local.get('Worker', 'w-user')).spec.drain).toBe(false);
  });

  it('answers 422 for an unknown action body field', async () => {
    await aWorker('w-body');

    const response = await world.request('admin', 'POST', `${API}/workers/w-body/drain`, {
      force: true,
    });

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ reason: 'Invalid', details: { field: 'body.force' } });
  });
});

describe('definition actions', () => {
  it('activate makes a Draft definition Active', async () => {
    await world.local.create(aDefinition('to-activate', { family: 'activate' }));

    const response = await world.request(
      'author',
      'POST',
      `${DEFAULT_NS}/labletdefinitions/to-activate/activate`,
    );

    expect(response.status).toBe(200);
    expect(response.body.spec.state).toBe('Active');
    expect((await auditOf('LabletDefinition', 'to-activate'))[0]?.verb).toBe('activate');
  });

  it('deprecate makes an Active definition Deprecated', async () => {
    await world.local.create(aDefinition('to-deprecate', { family: 'deprecate', state: 'Active' }));

    const response = await world.request(
      'author',
      'POST',
      `${DEFAULT_NS}/labletdefinitions/to-deprecate/deprecate`,
    );

    expect(response.status).toBe(200);
    expect(response.body.spec.state).toBe('Deprecated');
    expect((await auditOf('LabletDefinition', 'to-deprecate'))[0]?.verb).toBe('deprecate');
  });

  it('refuses a move the lifecycle forbids with 422 naming spec.state', async () => {
    await world.local.create(aDefinition('draft-deprecate', { family: 'draft-deprecate' }));

    const response = await world.request(
      'author',
      'POST',
      `${DEFAULT_NS}/labletdefinitions/draft-deprecate/deprecate`,
    );

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ reason: 'Invalid', details: { field: 'spec.state' } });
  });
});

describe('reservation actions', () => {
  it('confirm makes a Pending reservation Confirmed', async () => {
    await world.local.create(aReservation('to-confirm'));

    const response = await world.request(
      'manager',
      'POST',
      `${DEFAULT_NS}/reservations/to-confirm/confirm`,
    );

    expect(response.status).toBe(200);
    expect(response.body.spec.state).toBe('Confirmed');
    expect((await auditOf('Reservation', 'to-confirm'))[0]?.verb).toBe('confirm');
  });

  it('cancel makes a reservation Cancelled, after which confirm is refused', async () => {
    await world.local.create(aReservation('to-cancel'));

    const cancelled = await world.request(
      'manager',
      'POST',
      `${DEFAULT_NS}/reservations/to-cancel/cancel`,
    );
    const confirmed = await world.request(
      'manager',
      'POST',
      `${DEFAULT_NS}/reservations/to-cancel/confirm`,
    );

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.spec.state).toBe('Cancelled');
    expect((await auditOf('Reservation', 'to-cancel'))[0]?.verb).toBe('cancel');
    expect(confirmed.status).toBe(422);
    expect(confirmed.body.details.field).toBe('spec.state');
  });

  it('answers 404 NotFound for an unknown reservation', async () => {
    const response = await world.request('admin', 'POST', `${DEFAULT_NS}/reservations/nope/cancel`);

    expect(response.status).toBe(404);
    expect(response.body.reason).toBe('NotFound');
  });
});
