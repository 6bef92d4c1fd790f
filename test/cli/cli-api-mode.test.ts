/**
 * `lcm api` as its own process on an embedded store: it prints the first admin's password once,
 * serves the API (login and get through the CLI work against it) and exits 0 on SIGTERM.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLcmCli, type LcmCli } from '../support/lcm-cli.js';

let cli: LcmCli;
let dataDir: string;

beforeAll(async () => {
  cli = await createLcmCli();
  dataDir = await mkdtemp(join(tmpdir(), 'lcm-api-'));
});
afterAll(async () => {
  await cli.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('lcm api', () => {
  it('serves the API alone, shows the admin password once and stops on SIGTERM', async () => {
    const api = cli.start(['api', '--port', '0', '--data-dir', dataDir], {
      env: { LCM_LOG_LEVEL: 'info', LCM_ADMIN_PASSWORD: '' },
    });
    await api.waitForOutput(
      (out, err) => out.includes('lcm api is up') && err.includes('with password'),
      'the API to start',
    );
    const url = /"url":"([^"]+)"/.exec(api.stdout())?.[1] ?? '';
    const password = /user "admin" with password (\S+)/.exec(api.stderr())?.[1] ?? '';

    const login = await cli.run(['login', '--server', url, '-u', 'admin'], { input: password });
    const templates = await cli.run(['get', 'workers']);
    api.child.kill('SIGTERM');

    expect(login.code).toBe(0);
    expect(login.stdout).toMatch(new RegExp(`^Logged in to ${url} as admin until `));
    expect(templates.code).toBe(0);
    expect(templates.stderr).toBe('No workers found.\n');
    expect((await api.exited).code).toBe(0);
  });
});
