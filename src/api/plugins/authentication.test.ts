/** Authentication runs before body parsing and validation, and reads the token or the cookie. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';

describe('authentication', () => {
  let world: ApiWorld;
  const templates = '/apis/lcm/v1/workertemplates';

  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(async () => world.close());

  it('answers an anonymous caller 401 before validating its body', async () => {
    const response = await world.request('anonymous', 'POST', templates, { no: 'metadata' });
    expect(response.status).toBe(401);
    expect(response.body.reason).toBe('Unauthorized');
  });

  it('answers an anonymous caller 401 before parsing a body that is not JSON', async () => {
    const response = await world.request('anonymous', 'POST', templates, '{not json');
    expect(response.status).toBe(401);
  });

  it('answers a role the policy denies 403 whatever its body', async () => {
    const response = await world.request('user', 'POST', templates, { no: 'metadata' });
    expect(response.status).toBe(403);
    expect(response.body.reason).toBe('Forbidden');
  });

  it('validates the body of a caller who may write', async () => {
    const response = await world.request('admin', 'POST', templates, { no: 'metadata' });
    expect(response.status).toBe(422);
    expect(response.body.details.field).toBe('body.metadata');
  });

  it('authenticates with the session cookie set at login', async () => {
    const token = await world.tokenFor('author');
    const response = await world.request('anonymous', 'GET', '/api/auth/me', undefined, {
      cookie: `lcm_token=${token}`,
    });
    expect(response.status).toBe(200);
    expect(response.body.username).toBe('author');
  });
});
