/** Errors the router finds before any route runs keep the `{ code, reason, message }` shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';

describe('error handler', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(async () => world.close());

  it('answers a path parameter that is not valid percent-encoding 400 BadRequest', async () => {
    const response = await world.request('admin', 'GET', '/apis/lcm/v1/workers/%ED%A0%80');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(response.body.message).toEqual(expect.any(String));
  });

  it('answers a path parameter longer than the router takes 414 URITooLong', async () => {
    const response = await world.request('admin', 'GET', `/apis/lcm/v1/workers/${'a'.repeat(600)}`);
    expect(response.status).toBe(414);
    expect(response.body).toMatchObject({ code: 414, reason: 'URITooLong' });
  });

  it('routes a name of 253 characters, the longest a name may be', async () => {
    const response = await world.request('admin', 'GET', `/apis/lcm/v1/workers/${'a'.repeat(253)}`);
    expect(response.status).toBe(404);
    expect(response.body.reason).toBe('NotFound');
  });
});
