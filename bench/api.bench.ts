/**
 * API benchmark: the real server over PostgreSQL (its own process and throwaway database), driven
 * by autocannon with an admin API key. Get, list (limit 100), create and merge-patch at fixed
 * concurrency, then the same at a fixed rate; p50/p99 latency and req/s per scenario.
 * Settings: API_BENCH_CONNECTIONS (32), API_BENCH_SECONDS (10), API_BENCH_RATE (500 req/s).
 */
import autocannon, { type Request } from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, postgresAvailable } from '../test/support/postgres.js';
import { aBenchSession, benchSessionName } from './api-bench-fixtures.js';
import { printTable } from './bench-support.js';

const CONNECTIONS = Number(process.env.API_BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.API_BENCH_SECONDS ?? 10);
const RATE = Number(process.env.API_BENCH_RATE ?? 500);
/** Seeded sessions: the get, list and patch targets (SPEC.md: ≥ 1,000 concurrent sessions). */
const SESSIONS = 1000;
const SESSIONS_PATH = '/apis/lcm/v1/namespaces/default/labletsessions';
/** The aims: get p99 and mutation p99 at the fixed rate. */
const AIM_P99_MS = { get: 50, mutation: 100 };

interface Scenario {
  name: string;
  kind: 'get' | 'list' | 'mutation';
  /** Requests per second over all connections; as fast as the server goes when absent. */
  rate?: number;
  request: Request;
}

function scenarios(): Scenario[] {
  let created = 0;
  let patched = 0;
  const json = { 'content-type': 'application/json' };
  const get: Request = { method: 'GET', path: `${SESSIONS_PATH}/${benchSessionName(0)}` };
  const list: Request = { method: 'GET', path: `${SESSIONS_PATH}?limit=100` };
  const create: Request = {
    method: 'POST',
    path: SESSIONS_PATH,
    headers: json,
    setupRequest: (request) => ({
      ...request,
      body: JSON.stringify(aBenchSession(`bench-new-${++created}`)),
    }),
  };
  // Round robin over the seeded sessions: concurrent patches never touch the same object.
  const patch: Request = {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    setupRequest: (request) => ({
      ...request,
      path: `${SESSIONS_PATH}/${benchSessionName(++patched % SESSIONS)}`,
      body: JSON.stringify({ metadata: { labels: { bench: String(patched) } } }),
    }),
  };
  return [
    { name: 'get', kind: 'get', request: get },
    { name: 'list (limit 100)', kind: 'list', request: list },
    { name: 'create', kind: 'mutation', request: create },
    { name: 'update (merge patch)', kind: 'mutation', request: patch },
    { name: `get @ ${RATE}/s`, kind: 'get', rate: RATE, request: get },
    { name: `create @ ${RATE}/s`, kind: 'mutation', rate: RATE, request: create },
    { name: `update @ ${RATE}/s`, kind: 'mutation', rate: RATE, request: patch },
  ];
}

async function startServer(
  databaseUrl: string,
  password: string,
): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./api-bench-server.ts', import.meta.url));
  const child = fork(script, [databaseUrl, password, String(SESSIONS)]);
  const ready = once(child, 'message') as Promise<[{ url: string }]>;
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the API server exited (${String(code)}) before listening`);
  });
  const [message] = await Promise.race([ready, exited]);
  return { url: message.url, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.send('stop');
  await exited;
}

/** Logs in as the admin and creates an admin API key, as an integration would. */
async function createAdminKey(url: string, password: string): Promise<string> {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  };
  const { token } = await post('/api/auth/login', { username: 'admin', password });
  const { key } = await post('/api/apikeys', { role: 'admin', description: 'benchmark' }, token);
  if (!key) throw new Error('POST /api/apikeys returned no key');
  return key;
}

async function measure(url: string, key: string, scenario: Scenario) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${key}` },
    requests: [scenario.request],
    ...(scenario.rate ? { overallRate: scenario.rate } : {}),
  });
  const aim = scenario.rate && scenario.kind !== 'list' ? AIM_P99_MS[scenario.kind] : undefined;
  return {
    scenario: scenario.name,
    'req/s': Math.round((result.requests.total ?? 0) / result.duration),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'max ms': result.latency.max,
    'non-2xx': result.non2xx,
    errors: result.errors,
    aim:
      aim === undefined ? '' : `p99 < ${aim} ms: ${result.latency.p99 < aim ? 'met' : 'NOT met'}`,
  };
}

export async function runApiBenchmark(): Promise<void> {
  const server = await postgresAvailable();
  if (!server.available) {
    console.log(`\napi: skipped, it needs PostgreSQL (${server.reason ?? ''})`);
    return;
  }
  const database = await createTestDatabase();
  const password = `bench-${randomUUID()}`;
  const { url, child } = await startServer(database.url, password);
  try {
    const key = await createAdminKey(url, password);
    const rows = [];
    for (const scenario of scenarios()) rows.push(await measure(url, key, scenario));
    printTable(
      `API over PostgreSQL: ${CONNECTIONS} connections, ${SECONDS} s per scenario, ${SESSIONS} seeded sessions`,
      rows,
    );
  } finally {
    await stopServer(child);
    await database.drop();
  }
}
