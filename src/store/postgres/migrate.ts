/**
 * Applies pending migrations at start, each in its own transaction, under an advisory lock so
 * several replicas starting together migrate once.
 */
import type { Logger } from '../../observability/index.js';
import type { SqlDriver } from './drivers/sql-driver.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/** Arbitrary constant naming LCM's migration lock. */
const MIGRATION_LOCK_ID = 4_212_026;

export async function migrate(
  driver: SqlDriver,
  logger: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  await driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.query(`CREATE TABLE IF NOT EXISTS lcm_schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM lcm_schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      logger.info({ version: migration.version, name: migration.name }, 'applying migration');
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO lcm_schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
  });
}
