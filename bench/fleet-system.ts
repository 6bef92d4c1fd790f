/**
 * The system under the fleet benchmark, as `lcm serve` wires it, in this process on a ScaledClock:
 * the store (PGlite or PostgreSQL, opened as `openStore` does), the API on loopback (event ingest
 * included), every controller, and the simulators posting their CloudEvents to the API. Seeds a
 * fleet of Running workers and one graded definition.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTROLLER_NAMES } from '../src/app/controller-catalogue.js';
import { createFleetProviders } from '../src/app/create-fleet-providers.js';
import { FileSecretSource } from '../src/app/file-secret-source.js';
import { openStore } from '../src/app/open-store.js';
import { createProviderSet, type ProviderSet } from '../src/app/provider-set.js';
import { runControllers } from '../src/app/run-controllers.js';
import { replaceSimulatorApiKey } from '../src/app/simulator-api-key.js';
import type { ScaledClock } from '../src/clock/index.js';
import type { LocalResourceClient } from '../src/client/local-client.js';
import { loadConfig, type StoreConfig } from '../src/config/index.js';
import { createMetricsRegistry, createSilentLogger } from '../src/observability/index.js';
import type { AnyResource } from '../src/resources/index.js';
import { createKindRegistry } from '../src/resources/kinds/built-in-kinds.js';
import type { Worker } from '../src/resources/kinds/worker.js';
import type { ResourceStore } from '../src/store/index.js';
import { startApiWorld, type ApiWorld } from '../test/support/api-world.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { aSeatTemplate, seedDefinition } from '../test/support/scheduler-fixtures.js';

export type Backend = 'PGlite' | 'PostgreSQL';

/** Sessions a worker holds at once: the simulated CML's node licence (20 licensed nodes). */
export const SEATS_PER_WORKER = 20;
export const BENCH_DEFINITION = 'ccna-1';
const TEMPLATE = 'bench-seats';
const BATCH = 200;

export interface FleetSystem {
  store: ResourceStore;
  api: ApiWorld;
  local: LocalResourceClient;
  providers: ProviderSet;
  close(): Promise<void>;
}

/**
 * The store with its periodic work (watch poll, bookmarks, compaction, retention) stretched by the
 * clock factor, so that it runs as often in real time as in production.
 */
async function openBenchStore(
  backend: Backend,
  clock: ScaledClock,
): Promise<{ store: ResourceStore; dispose: () => Promise<void> }> {
  const defaults = loadConfig({ env: {} }).store;
  const store: StoreConfig = {
    ...defaults,
    eventRetentionSeconds: defaults.eventRetentionSeconds * clock.factor,
    compactionIntervalSeconds: defaults.compactionIntervalSeconds * clock.factor,
    bookmarkIntervalSeconds: defaults.bookmarkIntervalSeconds * clock.factor,
    watchPollIntervalMs: defaults.watchPollIntervalMs * clock.factor,
  };
  const options = { registry: createKindRegistry(), clock, logger: createSilentLogger() };
  if (backend === 'PostgreSQL') {
    const database = await createTestDatabase();
    const opened = await openStore({
      ...options,
      config: { databaseUrl: database.url, dataDir: '', store },
    });
    return { store: opened, dispose: () => opened.close().then(database.drop) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'lcm-fleet-bench-'));
  const opened = await openStore({ ...options, config: { dataDir: dir, store } });
  return {
    store: opened,
    dispose: () => opened.close().then(() => rm(dir, { recursive: true, force: true })),
  };
}

export async function startFleetSystem(options: {
  backend: Backend;
  clock: ScaledClock;
  workers: number;
  /** Settings over the defaults (sessions, scheduling, …). */
  overrides: Record<string, unknown>;
}): Promise<FleetSystem> {
  const { clock } = options;
  const { store, dispose } = await openBenchStore(options.backend, clock);
  const api = await startApiWorld({
    clock,
    store,
    overrides: {
      ...options.overrides,
      // The simulators post every LDS and grading event with one API key.
      auth: { mutationRateLimitPerMinute: 1_000_000_000 },
      // Simulated delays (CML boot, grading) in simulated time, as in production.
      providers: { simTimeScale: 1 },
    },
  });
  const logger = createSilentLogger();
  const providers = await createProviderSet({
    config: api.config.providers,
    clock,
    logger,
    eventsSinkUrl: `${api.url}/api/events`,
    eventsSinkCredential: await replaceSimulatorApiKey(api.local),
  });
  const secretsDir = await mkdtemp(join(tmpdir(), 'lcm-fleet-bench-secrets-'));
  const controllers = runControllers({
    names: CONTROLLER_NAMES,
    local: api.local,
    clock,
    logger,
    metrics: createMetricsRegistry({ defaultMetrics: false }),
    config: api.config,
    providers: createFleetProviders(providers),
    secrets: new FileSecretSource({ dir: secretsDir }),
    publicUrl: api.url,
    leaderElection: false,
  });
  return {
    store,
    api,
    local: api.local,
    providers,
    async close() {
      await controllers.stop();
      await providers.close();
      await api.close();
      await dispose();
      await rm(secretsDir, { recursive: true, force: true });
    },
  };
}

/**
 * A seat template (never used for scale-up), the graded definition, and `count` workers created
 * at once; resolves when the workers controller has brought every one to Running.
 */
export async function seedRunningFleet(
  system: FleetSystem,
  clock: ScaledClock,
  count: number,
): Promise<void> {
  const { local } = system;
  await local.create(
    aSeatTemplate(TEMPLATE, SEATS_PER_WORKER, {
      enabled: false,
      startupSeconds: 60,
      image: { amiNamePattern: 'CML-2.9*' },
    }),
  );
  await seedDefinition(local, clock, BENCH_DEFINITION, {
    lds: { formQualifiedName: 'CCNA Lab 1' },
    grading: { timeoutSeconds: 600 },
  });
  const spec = { template: TEMPLATE, region: 'sim-1', desiredState: 'Running' };
  await inBatches(local, count, (i) => ({
    apiVersion: 'lcm/v1',
    kind: 'Worker',
    metadata: { name: `w${String(i).padStart(4, '0')}` },
    spec,
  }));
  for (;;) {
    const workers = (await local.list('Worker')).items as unknown as Worker[];
    if (workers.every((w) => w.status?.phase === 'Running' && w.status.endpoint)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Creates `count` objects (built per index) in transactions of BATCH. */
export async function inBatches(
  client: LocalResourceClient,
  count: number,
  build: (i: number) => AnyResource,
): Promise<void> {
  for (let from = 0; from < count; from += BATCH) {
    const size = Math.min(BATCH, count - from);
    await client.transact(
      Array.from({ length: size }, (_, j) => ({ op: 'create' as const, object: build(from + j) })),
    );
  }
}
