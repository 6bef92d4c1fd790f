/** The PostgreSQL backend passes the store conformance suite, each file in its own database. */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createSilentLogger } from '../../observability/index.js';
import { describeStoreConformance } from '../conformance/store-conformance.js';
import { createTestDatabase, postgresAvailable } from '../../../test/support/postgres.js';
import { resetDatabase } from '../../../test/support/reset-database.js';
import { PgDriver } from './drivers/pg-driver.js';
import { PostgresStore } from './postgres-store.js';
import type { ConformanceOpenOptions } from '../conformance/store-conformance.js';

const server = await postgresAvailable();

if (server.available) {
  let database: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  const openStore = (options: ConformanceOpenOptions) => {
    const logger = createSilentLogger();
    const driver = new PgDriver({
      connectionString: database?.url as string,
      clock: options.clock,
      logger,
    });
    return PostgresStore.open({ ...options, driver, logger }).then((store) => ({ store, driver }));
  };
  describeStoreConformance('PostgreSQL', {
    open: async (options) => {
      const { store, driver } = await openStore(options);
      await resetDatabase(driver);
      return store;
    },
    reopen: async (options) => (await openStore(options)).store,
  });
} else {
  describe('ResourceStore conformance: PostgreSQL', () => {
    it.skip(`skipped: ${server.reason}`, () => undefined);
  });
}
