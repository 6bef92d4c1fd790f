import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretSource } from './file-secret-source.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lcm-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSecretSource', () => {
  it('reads the file named after the secret, without the trailing newline', async () => {
    await writeFile(join(dir, 'cml-token'), 'abc123==\n');
    expect(await new FileSecretSource({ dir }).read('cml-token')).toBe('abc123==');
  });

  it('names the missing file, and never a value, when the secret does not exist', async () => {
    const error = await new FileSecretSource({ dir }).read('cml-token').catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'NotFound' });
    expect((error as Error).message).toContain(join(dir, 'cml-token'));
  });

  it('refuses names that would leave the secrets folder', async () => {
    const secrets = new FileSecretSource({ dir });
    for (const name of ['../etc/passwd', 'a/b', '.hidden', ''])
      await expect(secrets.read(name)).rejects.toMatchObject({ reason: 'Invalid' });
  });
});
