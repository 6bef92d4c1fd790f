/**
 * The RBAC matrix, generated from the route table: every registered route × every role and
 * anonymous, expecting what `authorize()` decides from ROLE_RULES at kind level.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../src/api/plugins/authentication.js';
import { authorize, ROLES, type Role } from '../../src/auth/index.js';
import { servedKinds } from '../../src/api/resource-paths.js';
import { createKindRegistry } from '../../src/resources/kinds/built-in-kinds.js';
import { startApiWorld, testFetch, type ApiWorld } from '../support/api-world.js';
import { SEEDED_NAMES, seedEveryKind } from './seed-every-kind.js';

interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

type Caller = Role | 'anonymous';
/** What the matrix checks: the authorisation outcome, not what the handler then does. */
type Outcome = 'unauthenticated' | 'forbidden' | 'permitted';

/** Admin last: its deletes succeed, and no other caller's row should depend on them. */
const CALLERS: readonly Caller[] = [
  'anonymous',
  ...ROLES.filter((role) => role !== 'admin'),
  'admin',
];
const VICTIM_USER = 'matrix-victim';

/**
 * Starts a world and records every route its Fastify instance registers. Fastify publishes each
 * new instance on this diagnostics channel before any plugin runs, so the hook sees all routes.
 */
async function startRecordingRoutes(): Promise<{ world: ApiWorld; routes: RouteEntry[] }> {
  const routes: RouteEntry[] = [];
  const record = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        routes.push({ method, url: route.url, access: route.config?.access });
    });
  };
  subscribe('fastify.initialization', record);
  try {
    return { world: await startApiWorld(), routes };
  } finally {
    unsubscribe('fastify.initialization', record);
  }
}

/** The expectation, from the policy itself; `/docs` (the OpenAPI UI) declares no access: public. */
function expectedOutcome(access: RouteAccess | undefined, caller: Caller): Outcome {
  if (access === undefined || access === 'public') return 'permitted';
  if (caller === 'anonymous') return 'unauthenticated';
  if (access === 'authenticated') return 'permitted';
  const principal = { id: caller, username: caller, roles: [caller], via: 'password' } as const;
  return authorize(principal, access.verb, access.kind).allowed ? 'permitted' : 'forbidden';
}

function outcomeOf(status: number): Outcome {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  return 'permitted';
}

function kindOf(access: RouteAccess | undefined): string | undefined {
  return typeof access === 'object' ? access.kind : undefined;
}

describe('RBAC matrix (every route × every role)', () => {
  let world: ApiWorld;
  let routes: RouteEntry[];
  let keyId: string;

  beforeAll(async () => {
    ({ world, routes } = await startRecordingRoutes());
    await seedEveryKind(world.local, 'user');
    const victim = await world.request('admin', 'POST', '/api/users', {
      username: VICTIM_USER,
      password: 'victim-password-for-tests',
      roles: ['user'],
    });
    expect(victim.status).toBe(201);
    const key = await world.request('admin', 'POST', '/api/apikeys', { role: 'user' });
    expect(key.status).toBe(201);
    keyId = key.body.keyId;
  });
  afterAll(async () => world.close());

  /** The route's URL with real objects in its parameters; an unknown parameter fails the test. */
  function pathOf(route: RouteEntry): string {
    const kind = kindOf(route.access);
    const values: Record<string, string | undefined> = {
      namespace: 'default',
      name: kind ? SEEDED_NAMES[kind] : undefined,
      username: VICTIM_USER,
      keyId,
    };
    const path = route.url
      .replace(/:(\w+)/g, (_match, param: string) => {
        const value = values[param];
        if (value === undefined) throw new Error(`no value for :${param} in ${route.url}`);
        return value;
      })
      .replace('*', 'index.html');
    // A stale uid precondition: an allowed delete answers 409 and the seeded object survives.
    return route.method === 'DELETE' && path.startsWith('/apis/')
      ? `${path}?uid=not-the-seeded-uid`
      : path;
  }

  /** One request; a streamed answer (watch, SSE) is cancelled once its status is known. */
  async function send(caller: Caller, method: string, path: string, body: unknown) {
    const headers: Record<string, string> = {};
    if (caller !== 'anonymous') headers.authorization = `Bearer ${await world.tokenFor(caller)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await testFetch(`${world.url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.headers.get('content-type')?.startsWith('application/json')) {
      await response.body?.cancel();
      return { status: response.status, reason: '' };
    }
    const text = await response.text(); // empty for HEAD
    const reason = text ? (JSON.parse(text) as { reason?: string }).reason : undefined;
    return { status: response.status, reason: reason ?? '' };
  }

  /** Minimal bodies: the caller's own object for creates, a no-op for patches, none for actions. */
  function bodyOf(route: RouteEntry, caller: Caller): unknown {
    const verb = typeof route.access === 'object' ? route.access.verb : undefined;
    if (verb?.startsWith('action:')) return undefined;
    if (route.method === 'POST')
      return { metadata: { name: `matrix-${caller}` }, spec: { owner: { userId: caller } } };
    if (route.method === 'PUT')
      return { metadata: { name: SEEDED_NAMES[kindOf(route.access) ?? ''] } };
    if (route.method === 'PATCH') return {};
    return undefined;
  }

  it('records a route table covering every served kind and declaring access everywhere', () => {
    const kinds = new Set(routes.map((route) => kindOf(route.access)));
    for (const kind of servedKinds(createKindRegistry().list())) expect(kinds).toContain(kind.kind);
    const undeclared = routes.filter((r) => r.access === undefined && !r.url.startsWith('/docs'));
    expect(undeclared).toEqual([]);
  });

  it('answers each caller as the policy decides, on every route', async () => {
    const ordered = [
      ...routes.filter((route) => route.method !== 'DELETE'),
      ...routes.filter((route) => route.method === 'DELETE'),
    ];
    const mismatches: string[] = [];
    const seen = new Set<Outcome>();
    for (const route of ordered)
      for (const caller of CALLERS) {
        const expected = expectedOutcome(route.access, caller);
        const response = await send(caller, route.method, pathOf(route), bodyOf(route, caller));
        const actual = outcomeOf(response.status);
        seen.add(actual);
        if (actual !== expected || response.status >= 500)
          mismatches.push(
            `${caller} ${route.method} ${route.url}: expected ${expected}, got ${response.status} ${response.reason}`,
          );
      }
    expect(mismatches).toEqual([]);
    expect([...seen].sort()).toEqual(['forbidden', 'permitted', 'unauthenticated']);
  });

  it('left every seeded object in place, so each row met a real object', async () => {
    const registry = createKindRegistry();
    for (const [kind, name] of Object.entries(SEEDED_NAMES)) {
      const namespace = registry.get(kind).scope === 'Namespaced' ? 'default' : undefined;
      await expect(world.local.get(kind, name, namespace)).resolves.toBeDefined();
    }
    const session = await world.local.get('LabletSession', 'seed-session', 'default');
    expect(session.spec.owner).toEqual({ userId: 'user' });
  });
});
