/**
 * The quick start, for real: `lcm serve` as a child process with an embedded store in a fresh data
 * folder answers /healthz, /readyz and /metrics, creates the first admin, and stops cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';

const children: ChildProcess[] = [];

/** Starts `lcm serve` on a free port and resolves with its URL once it logs that it is up. */
interface Started {
  url: string;
  simulators: { lds?: string; grading?: string };
  child: ChildProcess;
  stderr: () => string;
}

async function startServe(dataDir: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['bin/lcm.js', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LCM_LOG_LEVEL: 'info', LCM_ADMIN_PASSWORD: '' },
    },
  );
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const entry = JSON.parse(line) as {
      msg?: string;
      url?: string;
      simulators?: Started['simulators'];
    };
    if (entry.msg === 'lcm serve is up' && entry.url)
      return { url: entry.url, simulators: entry.simulators ?? {}, child, stderr: () => stderr };
  }
  throw new Error('lcm serve exited before it was up');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
});

describe('lcm serve', () => {
  it('serves /healthz and /readyz with an embedded store and simulators, and exits cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lcm-serve-'));
    try {
      const { url, simulators, child, stderr } = await startServe(dataDir);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      // First start: an admin with a generated password, shown once on stderr.
      await waitFor(() => stderr().includes('with password'));
      const password = /user "admin" with password (\S+)/.exec(stderr())?.[1];
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const metrics = await (
        await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
      ).text();
      expect(metrics).toContain('lcm_process_cpu_user_seconds_total');
      // The default external systems are simulators speaking their real protocols.
      const lds = await fetch(`${simulators.lds ?? ''}/reservations/v3/lab_session/nope`, {
        headers: { authorization: `Basic ${Buffer.from('lds:lds').toString('base64')}` },
      });
      expect(lds.status).toBe(404);
      expect((await fetch(`${simulators.grading ?? ''}/api/v1/sessions/nope`)).status).toBe(401);
      await stop(child);
      expect(child.exitCode).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a bad setting with a message that names it', async () => {
    const child = spawn(process.execPath, ['bin/lcm.js', 'serve', '--port', 'eighty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('configuration port');
  });
});
