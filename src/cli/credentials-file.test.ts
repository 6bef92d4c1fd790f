/** The stored login: where it lives, its file mode, and a clear refusal of a file that is not one. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configDirFrom, CredentialsFile } from './credentials-file.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lcm-credentials-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const LOGIN = { server: 'http://127.0.0.1:8080', token: 't', expiresAt: '2030-01-01T00:00:00Z' };

describe('CredentialsFile', () => {
  it('reads nothing before a login and back what was written, in a 0600 file in a 0700 folder', async () => {
    const file = new CredentialsFile({ dir: join(dir, 'lcm') });

    expect(await file.read()).toBeUndefined();
    await file.write(LOGIN);

    expect(await file.read()).toEqual(LOGIN);
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'lcm'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual(LOGIN);
  });

  it('refuses a file that is not a stored login with Invalid', async () => {
    const file = new CredentialsFile({ dir });
    await writeFile(file.path, '{"token": 1}');

    await expect(file.read()).rejects.toMatchObject({ reason: 'Invalid' });
  });
});

describe('configDirFrom', () => {
  it('prefers LCM_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configDirFrom({ LCM_CONFIG_DIR: '/a', XDG_CONFIG_HOME: '/b' })).toBe('/a');
    expect(configDirFrom({ XDG_CONFIG_HOME: '/b' })).toBe('/b/lcm');
    expect(configDirFrom({})).toBe(join(homedir(), '.config', 'lcm'));
  });
});
