import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  startApiWorld,
  testFetch,
  type ApiWorld,
} from '../../../test/support/api-world.js';

let world: ApiWorld;
beforeEach(async () => {
  world = await startApiWorld();
});
afterEach(async () => {
  await world.close();
});

async function login(username: string, password: string) {
  return world.request('anonymous', 'POST', '/api/auth/login', { username, password });
}

describe('POST /api/auth/login', () => {
  it('returns a token and expiry, and sets an httpOnly SameSite cookie the API accepts', async () => {
    const response = await login('admin', ADMIN_PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(response.body.expiresAt)).toBeGreaterThan(Date.now());
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lcm_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await testFetch(`${world.url}/api/auth/me`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: 'admin', roles: ['admin'], via: 'password' });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await login('admin', 'not-the-password');
    const unknown = await login('nobody', 'whatever-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.reason).toBe('Unauthorized');
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('rate-limits login attempts per address', async () => {
    await world.close();
    world = await startApiWorld({ overrides: { auth: { loginRateLimitPerMinute: 3 } } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login('admin', 'wrong-password-x')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('rejects a token of a user who was disabled after logging in', async () => {
    await world.tokenFor('manager');
    expect((await world.request('manager', 'GET', '/api/auth/me')).status).toBe(200);
    const disabled = await world.request('admin', 'PATCH', '/api/users/manager', {
      disabled: true,
    });
    expect(disabled.status).toBe(200);
    expect((await world.request('manager', 'GET', '/api/auth/me')).status).toBe(401);
    expect((await login('manager', 'manager-password-for-tests')).status).toBe(401);
  });

  it('answers 401 for missing, malformed and forged credentials', async () => {
    const path = '/apis/lcm/v1/workertemplates';
    expect((await world.request('anonymous', 'GET', path)).status).toBe(401);
    const bad = (authorization: string) =>
      world.request('anonymous', 'GET', path, undefined, { authorization });
    expect((await bad('Basic abc')).body.reason).toBe('Unauthorized');
    expect((await bad('Bearer not.a.jwt')).status).toBe(401);
    expect((await bad('Bearer lcm_0123456789ab_forged')).status).toBe(401);
  });

  it('clears the cookie on logout', async () => {
    const response = await world.request('anonymous', 'POST', '/api/auth/logout');
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/lcm_token=;/);
  });
});

describe('/api/users', () => {
  it('creates users without ever returning their password hash', async () => {
    const created = await world.request('admin', 'POST', '/api/users', {
      username: 'dana',
      password: 'a-long-enough-password',
      roles: ['author'],
      email: 'dana@example.org',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      username: 'dana',
      roles: ['author'],
      email: 'dana@example.org',
      disabled: false,
      createdAt: expect.any(String),
    });
    const listed = await world.request('admin', 'GET', '/api/users');
    expect(JSON.stringify(listed.body)).not.toContain('scrypt');
    expect((await login('dana', 'a-long-enough-password')).status).toBe(200);
  });

  it('rejects weak passwords, unknown roles and bad names with the field named', async () => {
    const weak = await world.request('admin', 'POST', '/api/users', {
      username: 'erin',
      password: 'short',
      roles: ['user'],
    });
    expect(weak.status).toBe(422);
    expect(weak.body.details.field).toBe('password');
    const role = await world.request('admin', 'POST', '/api/users', {
      username: 'erin',
      password: 'a-long-enough-password',
      roles: ['root'],
    });
    expect(role.status).toBe(422);
    expect(role.body.details.field).toMatch(/^body\.roles/);
    const name = await world.request('admin', 'POST', '/api/users', {
      username: 'Erin Smith',
      password: 'a-long-enough-password',
      roles: ['user'],
    });
    expect(name.status).toBe(422);
    expect(name.body.details.field).toBe('body.username');
  });

  it('is for admins only', async () => {
    expect((await world.request('manager', 'GET', '/api/users')).status).toBe(403);
    expect((await world.request('user', 'POST', '/api/users', {})).status).toBe(403);
  });
});
