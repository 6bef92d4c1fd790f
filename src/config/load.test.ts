/** Configuration loading: defaults, precedence and errors that name the key. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSettings, loadConfig } from './load.js';

describe('loadConfig', () => {
  it('gives every setting its documented default', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: './data',
      logLevel: 'info',
    });
    expect(config.store).toMatchObject({
      eventRetentionSeconds: 3600,
      bookmarkIntervalSeconds: 10,
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('layers file ← env ← overrides, each winning over the one before', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lcm-config-'));
    try {
      const file = join(dir, 'lcm.yaml');
      await writeFile(file, 'port: 7000\nlogLevel: debug\nstore:\n  bookmarkIntervalSeconds: 30\n');
      const config = loadConfig({
        configFile: file,
        env: {
          PORT: '7100',
          LCM_STORE_BOOKMARK_INTERVAL_SECONDS: '20',
          DATABASE_URL: 'postgres://db/lcm',
        },
        overrides: { port: 7200 },
      });
      expect(config).toMatchObject({
        port: 7200,
        logLevel: 'debug',
        databaseUrl: 'postgres://db/lcm',
      });
      expect(config.store.bookmarkIntervalSeconds).toBe(20);
      expect(Object.isFrozen(config.store)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ PORT: 'eighty' }, 'port'],
    [{ LCM_STORE_MAX_OBJECT_BYTES: '12' }, 'store.maxObjectBytes'],
    [{ LCM_LOG_LEVEL: 'loud' }, 'logLevel'],
  ])('rejects %j naming the key %s', (env, field) => {
    expect(() => loadConfig({ env })).toThrow(
      expect.objectContaining({ reason: 'Invalid', details: { field } }),
    );
  });

  it('lists the allowed values of an enumerated setting', () => {
    expect(() => loadConfig({ env: { LCM_LOG_LEVEL: 'loud' } })).toThrow(
      /must be one of fatal, error, warn, info/,
    );
  });

  it('derives one environment variable per setting', () => {
    const envVars = listSettings().map((leaf) => leaf.envVar);
    expect(envVars).toContain('PORT');
    expect(envVars).toContain('DATABASE_URL');
    expect(envVars).toContain('LCM_STORE_EVENT_RETENTION_MAX_EVENTS');
    expect(new Set(envVars).size).toBe(envVars.length);
  });
});
