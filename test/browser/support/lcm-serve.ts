/**
 * A real `lcm serve` for the browser tests: the crash test's child process (serve-process.ts) on
 * a free loopback port, a fresh data folder and the default simulators, at real speed, with a
 * known admin password and an admin token for arranging state through the API.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, serveProcess, type ServeProcess } from '../../support/serve-process.js';
import { testFetch } from '../../support/api-world.js';

export const ADMIN_PASSWORD = 'browser-test-admin-password';

export interface LcmServe {
  url: string;
  /** fetch against the API as admin; resolves with the status and parsed body. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
  stderrTail(): string;
}

export async function startLcmServe(): Promise<LcmServe> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lcm-browser-'));
  const now = String(Date.now());
  const child: ServeProcess = serveProcess({
    PORT: String(await freePort()),
    LCM_DATA_DIR: dataDir,
    LCM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LCM_LOG_LEVEL: 'warn',
    LCM_TEST_CLOCK_FACTOR: '1',
    LCM_TEST_CLOCK_ORIGIN: now,
    LCM_TEST_CLOCK_REAL_ORIGIN: now,
  });
  const url = await child.start();
  const login = await testFetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  return {
    url,
    async api(method, path, body) {
      const response = await testFetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async stop() {
      await child.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    stderrTail: () => child.stderrTail(),
  };
}
