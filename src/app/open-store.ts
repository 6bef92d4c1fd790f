/** Builds the configured store: PostgreSQL when `databaseUrl` is set, else embedded PGlite in `dataDir`. */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Clock } from '../clock/index.js';
import type { LcmConfig } from '../config/index.js';
import type { Logger } from '../observability/index.js';
import type { KindRegistry } from '../resources/index.js';
import type { ResourceStore } from '../store/index.js';
import { PgDriver } from '../store/postgres/drivers/pg-driver.js';
import { PgliteDriver } from '../store/postgres/drivers/pglite-driver.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';

export interface OpenStoreOptions {
  config: Pick<LcmConfig, 'databaseUrl' | 'dataDir' | 'store'>;
  registry: KindRegistry;
  clock: Clock;
  logger: Logger;
}

export async function openStore(options: OpenStoreOptions): Promise<ResourceStore> {
  const { config, registry, clock } = options;
  const logger = options.logger.child({ component: 'store' });
  if (config.databaseUrl) {
    logger.info('using PostgreSQL (DATABASE_URL)');
    const driver = new PgDriver({ connectionString: config.databaseUrl, clock, logger });
    return PostgresStore.open({ driver, logger, registry, clock, config: config.store });
  }
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  logger.info({ dataDir }, 'using the embedded PGlite store');
  const driver = await PgliteDriver.open(dataDir);
  return PostgresStore.open({ driver, logger, registry, clock, config: config.store });
}
