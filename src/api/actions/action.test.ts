/** Actions write with the action's own verb: a caller allowed an action needs no `update`. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';
import { aDefinition, aSession, aTemplate } from '../../../test/support/builders.js';
import { API_VERSION } from '../../resources/index.js';

describe('actions', () => {
  let world: ApiWorld;
  const sessions = '/apis/lcm/v1/namespaces/default/labletsessions';

  beforeEach(async () => {
    world = await startApiWorld();
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }));
  });
  afterEach(async () => world.close());

  it('lets a user stop their own session though they may not update sessions', async () => {
    await world.local.create(aSession('mine', { owner: { userId: 'user' } }));
    const response = await world.request('user', 'POST', `${sessions}/mine/stop`);
    expect(response.status).toBe(200);
    expect(response.body.spec.desiredState).toBe('Stopped');
  });

  it("answers NotFound to a user stopping another user's session", async () => {
    await world.local.create(aSession('theirs', { owner: { userId: 'user2' } }));
    const response = await world.request('user', 'POST', `${sessions}/theirs/stop`);
    expect(response.status).toBe(404);
    expect(response.body.reason).toBe('NotFound');
    const stored = await world.local.get('LabletSession', 'theirs', 'default');
    expect(stored.spec.desiredState).not.toBe('Stopped');
  });

  it('lets a manager drain and cordon a worker though they may not update workers', async () => {
    await world.local.create(aTemplate('t1'));
    await world.local.create({
      apiVersion: API_VERSION,
      kind: 'Worker',
      metadata: { name: 'w1' },
      spec: { template: 't1', region: 'sim-1' },
    });
    const drained = await world.request('manager', 'POST', '/apis/lcm/v1/workers/w1/drain');
    expect(drained.status).toBe(200);
    expect(drained.body.spec.drain).toBe(true);
    const cordoned = await world.request('manager', 'POST', '/apis/lcm/v1/workers/w1/cordon');
    expect(cordoned.body.spec.unschedulable).toBe(true);
  });
});
