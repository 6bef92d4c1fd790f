/** The PGlite backend passes the store conformance suite, including restart. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createSilentLogger } from '../../observability/index.js';
import { describeStoreConformance } from '../conformance/store-conformance.js';
import { resetDatabase } from '../../../test/support/reset-database.js';
import { PgliteDriver } from './drivers/pglite-driver.js';
import { PostgresStore } from './postgres-store.js';

let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lcm-pglite-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describeStoreConformance('PGlite', {
  open: async (options) => {
    const driver = await PgliteDriver.open(dataDir);
    const store = await PostgresStore.open({ ...options, driver, logger: createSilentLogger() });
    await resetDatabase(driver);
    return store;
  },
  reopen: async (options) =>
    PostgresStore.open({
      ...options,
      driver: await PgliteDriver.open(dataDir),
      logger: createSilentLogger(),
    }),
});
