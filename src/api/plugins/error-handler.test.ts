/** Errors the router finds before any route runs keep the `{ code, reason, message }` shape. */
import { connect } from 'node:net';
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

  it('answers headers over 16 KiB 431 RequestHeaderFieldsTooLarge in the same shape', async () => {
    const response = await world.request('anonymous', 'GET', '/healthz', undefined, {
      'x-padding': 'a'.repeat(20_000),
    });
    expect(response.status).toBe(431);
    expect(response.body).toMatchObject({ code: 431, reason: 'RequestHeaderFieldsTooLarge' });
  });

  it('answers bytes that are not HTTP 400 BadRequest in the same shape', async () => {
    const { port } = new URL(world.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.end('NOT HTTP AT ALL\r\n\r\n');
    let answer = '';
    for await (const chunk of socket) answer += String(chunk);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
    });
  });
});
