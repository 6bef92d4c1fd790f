/**
 * The quick start, for real: `lcm serve` as a child process with an embedded store in a fresh data
 * folder answers /healthz, /readyz and /metrics, and stops cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcess[] = [];

/** Starts `lcm serve` on a free port and resolves with its URL once it logs that it is up. */
async function startServe(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['bin/lcm.js', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LCM_LOG_LEVEL: 'info' },
    },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    if (entry.msg === 'lcm serve is up' && entry.url) return { url: entry.url, child };
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
  it('serves /healthz and /readyz with an embedded store, and exits cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lcm-serve-'));
    try {
      const { url, child } = await startServe(dataDir);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', revision: 0 });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('lcm_process_cpu_user_seconds_total');
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
