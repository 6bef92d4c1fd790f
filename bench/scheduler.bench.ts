/**
 * Scheduler benchmark: the time of one `placeSession` decision (p50/p99, pure, as the fleet fills
 * up) and end-to-end binds/s of the real scheduler controller binding every pending session
 * through the store's `transact`, at 100 and 1,000 workers, on PGlite and PostgreSQL.
 * Settings: SCHEDULER_BENCH_SESSIONS (10000), SCHEDULER_BENCH_WORKERS (100,1000).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltInAdmission } from '../src/admission/built-in-admission.js';
import { SystemClock, type Clock } from '../src/clock/index.js';
import { LocalResourceClient } from '../src/client/local-client.js';
import type { ResourceClient, StoreOp } from '../src/client/resource-client.js';
import { checkFleetInvariants } from '../src/controllers/invariants/check-fleet-invariants.js';
import { readFleet } from '../src/controllers/invariants/read-fleet.js';
import { createSilentLogger, type Registry } from '../src/observability/index.js';
import type { AnyResource } from '../src/resources/index.js';
import { createKindRegistry } from '../src/resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../src/store/conformance/conformance-helpers.js';
import type { ResourceStore } from '../src/store/index.js';
import { PgDriver } from '../src/store/postgres/drivers/pg-driver.js';
import { PgliteDriver } from '../src/store/postgres/drivers/pglite-driver.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { createTestDatabase, postgresAvailable } from '../test/support/postgres.js';
import {
  aSeatTemplate,
  aTimedSession,
  decisionsCounted,
  seedDefinition,
  startScheduler,
} from '../test/support/scheduler-fixtures.js';
import { measureDecisions } from './scheduler-decisions.js';
import { printTable } from './bench-support.js';

const SESSIONS = Number(process.env.SCHEDULER_BENCH_SESSIONS ?? 10_000);
const WORKER_COUNTS = (process.env.SCHEDULER_BENCH_WORKERS ?? '100,1000').split(',').map(Number);
const BATCH = 200;

interface Target {
  name: string;
  open(clock: Clock): Promise<{ store: ResourceStore; dispose: () => Promise<void> }>;
}

async function targets(): Promise<Target[]> {
  const options = (clock: Clock) => ({
    registry: createKindRegistry(),
    clock,
    config: { ...CONFORMANCE_CONFIG, bookmarkIntervalSeconds: 60 },
    logger: createSilentLogger(),
  });
  const list: Target[] = [
    {
      name: 'PGlite',
      open: async (clock) => {
        const dir = await mkdtemp(join(tmpdir(), 'lcm-bench-'));
        const store = await PostgresStore.open({
          ...options(clock),
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
    list.push({
      name: 'PostgreSQL',
      open: async (clock) => {
        const database = await createTestDatabase();
        const opts = options(clock);
        const driver = new PgDriver({
          connectionString: database.url,
          clock,
          logger: opts.logger,
          maxConnections: 16,
        });
        const store = await PostgresStore.open({ ...opts, driver });
        return { store, dispose: () => store.close().then(database.drop) };
      },
    });
  return list;
}

/** Writes `count` operations (built per index) in transactions of BATCH operations. */
async function inBatches(
  client: ResourceClient,
  count: number,
  op: (i: number) => StoreOp,
): Promise<AnyResource[]> {
  const results: AnyResource[] = [];
  for (let from = 0; from < count; from += BATCH) {
    const ops = Array.from({ length: Math.min(BATCH, count - from) }, (_, j) => op(from + j));
    results.push(...(await client.transact(ops)));
  }
  return results;
}

/** `workers` Running workers with exactly SESSIONS seats in all, and SESSIONS pending sessions. */
async function seed(client: ResourceClient, clock: Clock, workers: number): Promise<void> {
  await seedDefinition(client, clock);
  const template = aSeatTemplate('seats', Math.ceil(SESSIONS / workers), { enabled: false });
  const declared = template.spec.capacity;
  await client.create(template);
  const spec = { template: 'seats', region: 'sim-1', desiredState: 'Running' };
  let fleet = await inBatches(client, workers, (i) => ({
    op: 'create',
    object: { apiVersion: 'lcm/v1', kind: 'Worker', metadata: { name: `w${i}` }, spec },
  }));
  for (const phase of ['Provisioning', 'Running']) {
    const current = fleet;
    fleet = await inBatches(client, workers, (i) => {
      const worker = current[i] as AnyResource;
      const status = {
        ...worker.status,
        phase,
        privateIp: '10.0.0.1',
        capacity: { declared, allocated: { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 } },
      };
      return { op: 'updateStatus', object: { ...worker, status } };
    });
  }
  await inBatches(client, SESSIONS, (i) => ({
    op: 'create',
    object: aTimedSession(`s${i}`, clock, 5),
  }));
}

interface EndToEnd {
  syncSeconds: number;
  bindsPerSecond: number;
  meanDecisionMs: number;
  violations: number;
}

/** Runs one scheduler until every session is bound. */
async function endToEnd(target: Target, workers: number): Promise<EndToEnd> {
  const clock = new SystemClock();
  const { store, dispose } = await target.open(clock);
  try {
    const client = new LocalResourceClient({
      store,
      admission: new BuiltInAdmission({ clock }),
      clock,
    });
    await seed(client, clock, workers);
    const startedMs = clock.nowMs();
    const scheduler = startScheduler(client, clock);
    // PGlite runs in this thread and may starve this loop: the bind times come from the sessions.
    while ((await decisionsCounted(scheduler.metrics, 'Bound')) < SESSIONS)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const meanDecisionMs = await meanDecisionMsOf(scheduler.metrics);
    await scheduler.stop();
    const fleet = await readFleet(client);
    const bindTimes = fleet.sessions
      .map((s) => Date.parse(s.status?.scheduledAt ?? ''))
      .sort((a, b) => a - b);
    const first = bindTimes[0] ?? startedMs;
    const last = bindTimes.at(-1) ?? startedMs;
    return {
      syncSeconds: (first - startedMs) / 1000,
      bindsPerSecond: (SESSIONS - 1) / ((last - first) / 1000),
      meanDecisionMs,
      violations: checkFleetInvariants(fleet).length,
    };
  } finally {
    await dispose();
  }
}

/** Mean of `lcm_scheduler_decision_seconds` (a histogram has no exact p99; measureDecisions has). */
async function meanDecisionMsOf(metrics: Registry): Promise<number> {
  const histogram = await metrics.getSingleMetric('lcm_scheduler_decision_seconds')?.get();
  const values = (histogram?.values ?? []) as { metricName?: string; value: number }[];
  const sum = values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  const count = values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 1;
  return (sum / count) * 1000;
}

export async function runSchedulerBenchmark(): Promise<void> {
  const decisions = WORKER_COUNTS.map((workers) => ({
    workers,
    ...measureDecisions(workers, SESSIONS),
  }));
  printTable(
    `placeSession per decision (${SESSIONS} sessions placed one after another on a filling fleet)`,
    decisions.map((row) => ({
      workers: row.workers,
      'p50 ms': row.p50Ms.toFixed(3),
      'p99 ms': row.p99Ms.toFixed(3),
      'max ms': row.maxMs.toFixed(3),
    })),
  );
  const rows: Record<string, string | number>[] = [];
  for (const target of await targets())
    for (const workers of WORKER_COUNTS) {
      const result = await endToEnd(target, workers);
      rows.push({
        backend: target.name,
        workers,
        sessions: SESSIONS,
        'caches synced + first bind s': result.syncSeconds.toFixed(1),
        'binds/s': Math.round(result.bindsPerSecond),
        'mean decision ms (in controller)': result.meanDecisionMs.toFixed(3),
        'invariant violations': result.violations,
      });
    }
  printTable('scheduler controller end to end (one scheduler, binds through transact)', rows);
}
