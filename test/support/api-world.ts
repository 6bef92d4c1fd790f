/**
 * A real `lcm` API on a loopback port over a memory store (built-in kinds, built-in admission,
 * built-in issuer), with helpers to act as each role. Tests that need PostgreSQL pass `store`.
 */
import { Agent, fetch as undiciFetch, type Headers as UndiciHeaders } from 'undici';
import { assembleApi, type AssembledApi } from '../../src/app/assemble-api.js';
import { SystemClock, type Clock } from '../../src/clock/index.js';
import type { LcmConfig } from '../../src/config/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { LocalResourceClient } from '../../src/client/local-client.js';
import { createMetricsRegistry, createSilentLogger } from '../../src/observability/index.js';
import { createKindRegistry } from '../../src/resources/kinds/built-in-kinds.js';
import type { ResourceStore } from '../../src/store/index.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { CONFORMANCE_CONFIG } from '../../src/store/conformance/conformance-helpers.js';

/** No keep-alive: a test must not leave pooled sockets open behind it (the leak guard counts them). */
const noKeepAlive = new Agent({ pipelining: 0 });

/** fetch without connection reuse, for tests that call the API directly. */
export const testFetch = (url: string, init: Parameters<typeof undiciFetch>[1] = {}) =>
  undiciFetch(url, { ...init, dispatcher: noKeepAlive });

export const ADMIN_PASSWORD = 'admin-password-for-tests';
/** Every role, each with one built-in user of that name (and `user2`, a second `user`). */
export const ROLE_USERS = ['admin', 'manager', 'author', 'user', 'user2', 'controller'] as const;

export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response fields freely
  body: any;
  headers: UndiciHeaders;
}

export interface ApiWorld {
  url: string;
  api: AssembledApi;
  store: ResourceStore;
  /** The unaudited, unauthorised in-process client, for arranging state. */
  local: LocalResourceClient;
  config: Readonly<LcmConfig>;
  /** A bearer token of the built-in user `name` (see ROLE_USERS; created on first use). */
  tokenFor(name: (typeof ROLE_USERS)[number]): Promise<string>;
  /** fetch against the API with a role's token (or none for `anonymous`). */
  request(
    as: (typeof ROLE_USERS)[number] | 'anonymous',
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function startApiWorld(
  options: {
    store?: ResourceStore;
    clock?: Clock;
    overrides?: Record<string, unknown>;
  } = {},
): Promise<ApiWorld> {
  const clock = options.clock ?? new SystemClock();
  const registry = createKindRegistry();
  const store =
    options.store ?? new MemoryStore({ registry, clock, config: { ...CONFORMANCE_CONFIG } });
  const config = loadConfig({
    env: {},
    overrides: {
      port: 0,
      logLevel: 'silent',
      ...options.overrides,
      auth: { adminPassword: ADMIN_PASSWORD, ...(options.overrides?.auth as object) },
    },
  });
  const api = await assembleApi({
    config,
    store,
    registry,
    clock,
    logger: createSilentLogger(),
    metrics: createMetricsRegistry(),
  });
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const tokens = new Map<string, string>();

  const login = async (username: string, password: string): Promise<string> => {
    const response = await testFetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (response.status !== 200) throw new Error(`login as ${username}: ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  };

  const world: ApiWorld = {
    url,
    api,
    store,
    local: api.local,
    config,
    async tokenFor(name) {
      const cached = tokens.get(name);
      if (cached) return cached;
      if (name !== 'admin') {
        const role = name === 'user2' ? 'user' : name;
        const created = await world.request('admin', 'POST', '/api/users', {
          username: name,
          password: `${name}-password-for-tests`,
          roles: [role],
        });
        if (created.status !== 201 && created.status !== 409)
          throw new Error(
            `creating user ${name}: ${created.status} ${JSON.stringify(created.body)}`,
          );
      }
      const token = await login(
        name,
        name === 'admin' ? ADMIN_PASSWORD : `${name}-password-for-tests`,
      );
      tokens.set(name, token);
      return token;
    },
    async request(as, method, path, body, headers = {}) {
      const auth =
        as === 'anonymous' ? {} : { authorization: `Bearer ${await world.tokenFor(as)}` };
      const response = await testFetch(`${url}${path}`, {
        method,
        headers: {
          ...auth,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined
          ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
          : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async close() {
      await api.close();
      if (!options.store) await store.close();
    },
  };
  return world;
}
