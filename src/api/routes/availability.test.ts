import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDefinition, aTemplate } from '../../../test/support/builders.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';

let world: ApiWorld;
beforeAll(async () => {
  world = await startApiWorld({ overrides: { scheduling: { maxWorkersPerRegion: 3 } } });
  await world.local.create(aTemplate('medium'));
  await world.local.create(
    aDefinition('ccna-1', {
      state: 'Active',
      resources: { cpu: 2, memoryMiB: 4096, storageGiB: 10, nodes: 3 },
    }),
  );
  const worker = await world.local.create({
    apiVersion: 'lcm/v1',
    kind: 'Worker',
    metadata: { name: 'w1' },
    spec: { template: 'medium', region: 'sim-1' },
  });
  let current = worker;
  for (const phase of ['Provisioning', 'Running'])
    current = await world.local.updateStatus({
      ...current,
      status: {
        ...current.status,
        phase,
        capacity: {
          declared: { cpu: 8, memoryMiB: 32768, storageGiB: 200, nodes: 20 },
          allocated: { cpu: 2, memoryMiB: 4096, storageGiB: 10, nodes: 3 },
        },
      },
    });
});
afterAll(async () => {
  await world.close();
});

const path = '/apis/lcm/v1/namespaces/default/reservations/availability';
const window = 'start=2026-12-01T09:00:00Z&end=2026-12-01T11:00:00Z';

describe('GET …/reservations/availability', () => {
  it('counts seats on current capacity and with the scale-up the region allows', async () => {
    const response = await world.request('manager', 'GET', `${path}?definition=ccna-1&${window}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      kind: 'ReservationAvailability',
      definition: { name: 'ccna-1', version: '1.0.0' },
      seats: { now: 3, withScaleUp: 3 + 2 * 4 },
      workers: [{ name: 'w1', seats: 3 }],
    });
  });

  it('resolves a definition by family and version range', async () => {
    const response = await world.request(
      'manager',
      'GET',
      `${path}?family=ccna&version=^1&${window}`,
    );
    expect(response.body.definition.name).toBe('ccna-1');
  });

  it('rejects a window that ends before it starts, and an unknown definition', async () => {
    const backwards = await world.request(
      'manager',
      'GET',
      `${path}?definition=ccna-1&start=2026-12-01T11:00:00Z&end=2026-12-01T09:00:00Z`,
    );
    expect(backwards.status).toBe(422);
    expect(backwards.body.details.field).toBe('querystring.end');
    const unknown = await world.request('manager', 'GET', `${path}?definition=nope&${window}`);
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
  });

  it('is for those who may create reservations', async () => {
    expect((await world.request('user', 'GET', `${path}?definition=ccna-1&${window}`)).status).toBe(
      403,
    );
  });
});
