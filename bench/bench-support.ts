/** Shared benchmark plumbing: stores to measure, percentiles and a printed table. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../src/clock/index.js';
import { createSilentLogger } from '../src/observability/index.js';
import { createTestRegistry } from '../src/store/conformance/test-kinds.js';
import { CONFORMANCE_CONFIG } from '../src/store/conformance/conformance-helpers.js';
import type { ResourceStore } from '../src/store/index.js';
import { PgDriver } from '../src/store/postgres/drivers/pg-driver.js';
import { PgliteDriver } from '../src/store/postgres/drivers/pglite-driver.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { createTestDatabase, postgresAvailable } from '../test/support/postgres.js';

export interface BenchTarget {
  name: string;
  open(): Promise<{ store: ResourceStore; dispose: () => Promise<void> }>;
}

const storeOptions = () => ({
  registry: createTestRegistry(),
  clock: new SystemClock(),
  config: { ...CONFORMANCE_CONFIG, bookmarkIntervalSeconds: 60 },
  logger: createSilentLogger(),
});

export async function benchTargets(): Promise<BenchTarget[]> {
  const targets: BenchTarget[] = [
    {
      name: 'PGlite',
      open: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'lcm-bench-'));
        const store = await PostgresStore.open({
          ...storeOptions(),
          driver: await PgliteDriver.open(dir),
        });
        return {
          store,
          dispose: () => store.close().then(() => rm(dir, { recursive: true, force: true })),
        };
      },
    },
  ];
  if ((await postgresAvailable()).available)
    targets.push({
      name: 'PostgreSQL',
      open: async () => {
        const database = await createTestDatabase();
        const options = storeOptions();
        const driver = new PgDriver({
          connectionString: database.url,
          clock: options.clock,
          logger: options.logger,
          maxConnections: 16,
        });
        const store = await PostgresStore.open({ ...options, driver });
        return { store, dispose: () => store.close().then(database.drop) };
      },
    });
  return targets;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  console.table(rows);
}
