/** PgDriver prepares named statements once but plans them per call (found by the API benchmark). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../clock/index.js';
import { createSilentLogger } from '../../../observability/index.js';
import { createTestDatabase, postgresAvailable } from '../../../../test/support/postgres.js';
import { PgDriver } from './pg-driver.js';

const server = await postgresAvailable();

describe.runIf(server.available)('PgDriver', () => {
  let database: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('never runs a named statement with a cached generic plan', async () => {
    // One connection, so the statement and pg_prepared_statements share a session.
    const driver = new PgDriver({
      connectionString: database?.url as string,
      clock: new SystemClock(),
      logger: createSilentLogger(),
      maxConnections: 1,
    });
    try {
      for (let n = 0; n < 8; n++)
        await driver.query('SELECT $1::int AS n', [n], { name: 'lcm_test_probe' });
      const [plans] = await driver.query<{ generic_plans: string; custom_plans: string }>(
        `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'lcm_test_probe'`,
      );
      expect(Number(plans?.generic_plans)).toBe(0);
      expect(Number(plans?.custom_plans)).toBe(8);
    } finally {
      await driver.close();
    }
  });
});
