/** The dashboard's files, the client-side route fallback, API priority, and a missing build. */
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboard } from './dashboard.js';
import { installErrorHandler } from './error-handler.js';

const INDEX =
  '<!doctype html><html><head><title>LCM</title></head><body><div id="root"></div></body></html>';

async function appServing(
  dir: string,
  oidc?: { issuer: string; clientId: string },
): Promise<FastifyInstance> {
  const app = Fastify();
  const dashboard = createDashboard({ dir, ...(oidc ? { oidc } : {}) });
  installErrorHandler(app, { notFoundPage: dashboard.notFoundPage });
  app.get('/api/auth/me', async () => ({ id: 'admin' }));
  app.get('/apis/lcm/v1/:plural', async (request) => ({
    plural: (request.params as { plural: string }).plural,
  }));
  await app.register(dashboard.routes);
  return app;
}

describe('dashboard plugin', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lcm-ui-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log("ui")');
    app = await appServing(dir);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes a browser asks for', async () => {
    for (const url of ['/', '/sessions/default/s1', '/workers']) {
      const response = await app.inject({ url, headers: { accept: 'text/html,*/*' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('serves built assets as immutable files', async () => {
    const response = await app.inject({ url: '/assets/app-1234.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('console.log("ui")');
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('leaves API routes first, and unknown API paths a JSON 404 even for a browser', async () => {
    const me = await app.inject({ url: '/api/auth/me', headers: { accept: 'text/html' } });
    expect(me.json()).toEqual({ id: 'admin' });
    expect((await app.inject({ url: '/apis/lcm/v1/workers' })).json()).toEqual({
      plural: 'workers',
    });
    const unknown = await app.inject({ url: '/api/nope', headers: { accept: 'text/html' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ reason: 'NotFound' });
  });

  it('answers a missing file that is not a page request with a 404, not index.html', async () => {
    const response = await app.inject({ url: '/assets/missing.js', headers: { accept: '*/*' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ reason: 'NotFound' });
  });

  it('answers other methods on a page path as the API would: a JSON 404', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/sessions',
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ reason: 'NotFound' });
  });

  it('never serves files outside its folder', async () => {
    for (const url of ['/assets/..%2f..%2f..%2fetc%2fpasswd', '/assets/../../../etc/passwd']) {
      const response = await app.inject({ url, headers: { accept: '*/*' } });
      expect([403, 404]).toContain(response.statusCode);
      expect(response.body).not.toContain('root:');
    }
  });

  it('tells the login page about an OIDC issuer', async () => {
    const withOidc = await appServing(dir, {
      issuer: 'https://id.example.com/realms/lcm',
      clientId: 'lcm-api',
    });
    const response = await withOidc.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(response.body).toContain(
      '<meta name="lcm-oidc-issuer" content="https://id.example.com/realms/lcm" />',
    );
    expect(response.body).toContain('<meta name="lcm-oidc-client-id" content="lcm-api" />');
    await withOidc.close();
  });

  it('says how to build the dashboard when it is not built, and the API still answers', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'lcm-ui-empty-'));
    const unbuilt = await appServing(join(empty, 'missing'));
    const response = await unbuilt.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build:ui');
    expect((await unbuilt.inject({ url: '/api/auth/me' })).statusCode).toBe(200);
    await unbuilt.close();
    await rm(empty, { recursive: true, force: true });
  });
});
