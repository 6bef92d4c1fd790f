/** Empties LCM's tables so one database can serve several tests of a file. */
import type { SqlDriver } from '../../src/store/postgres/drivers/sql-driver.js';

export async function resetDatabase(driver: SqlDriver): Promise<void> {
  await driver.exec(`
    TRUNCATE lcm_resources, lcm_events;
    UPDATE lcm_revision SET value = 0, compacted = 0;
  `);
}
