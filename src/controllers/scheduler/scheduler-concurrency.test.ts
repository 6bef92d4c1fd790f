/**
 * Two schedulers on one store with no leader election (on purpose), racing to place 500 sessions
 * on 20 workers with exactly 500 seats: every session is bound once, no worker is over-committed
 * and no port is held twice — on the memory store and on a real PostgreSQL server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable } from '../../../test/support/postgres.js';
import {
  aSeatTemplate,
  aTimedSession,
  decisionsCounted,
  seedDefinition,
  startRunningWorker,
  startScheduler,
} from '../../../test/support/scheduler-fixtures.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { BuiltInAdmission } from '../../admission/built-in-admission.js';
import { ManualClock } from '../../clock/index.js';
import { LocalResourceClient } from '../../client/local-client.js';
import { createSilentLogger } from '../../observability/index.js';
import { createKindRegistry } from '../../resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../../store/conformance/conformance-helpers.js';
import type { ResourceStore } from '../../store/index.js';
import { MemoryStore } from '../../store/memory/memory-store.js';
import { PgDriver } from '../../store/postgres/drivers/pg-driver.js';
import { PostgresStore } from '../../store/postgres/postgres-store.js';
import { checkFleetInvariants } from '../invariants/check-fleet-invariants.js';
import { readFleet } from '../invariants/read-fleet.js';

const WORKERS = 20;
const SEATS = 25;
const SESSIONS = WORKERS * SEATS;

type OpenStore = (clock: ManualClock) => Promise<{ store: ResourceStore; close(): Promise<void> }>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const openMemory: OpenStore = async (clock) => {
  const store = new MemoryStore({
    registry: createKindRegistry(),
    clock,
    config: CONFORMANCE_CONFIG,
  });
  return { store, close: () => store.close() };
};

const openPostgres: OpenStore = async (clock) => {
  const database = await createTestDatabase();
  const logger = createSilentLogger();
  const driver = new PgDriver({ connectionString: database.url, clock, logger });
  const store = await PostgresStore.open({
    registry: createKindRegistry(),
    clock,
    config: CONFORMANCE_CONFIG,
    driver,
    logger,
  });
  return { store, close: () => store.close().then(database.drop) };
};

async function raceTwoSchedulers(open: OpenStore): Promise<void> {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const { store, close } = await open(clock);
  cleanups.push(close);
  const client = new LocalResourceClient({
    store,
    admission: new BuiltInAdmission({ clock }),
    clock,
  });
  await seedDefinition(client, clock);
  await client.create(aSeatTemplate('seats', SEATS, { enabled: false }));
  for (let i = 0; i < WORKERS; i++) await startRunningWorker(client, `w${i}`, 'seats');
  for (let i = 0; i < SESSIONS; i += 50)
    await Promise.all(
      Array.from({ length: 50 }, (_, j) => client.create(aTimedSession(`s${i + j}`, clock, 5))),
    );

  const schedulers = [startScheduler(client, clock), startScheduler(client, clock)];
  for (const scheduler of schedulers) cleanups.push(scheduler.stop);
  const bound = async () => {
    const counts = await Promise.all(schedulers.map((s) => decisionsCounted(s.metrics, 'Bound')));
    return counts.reduce((sum, count) => sum + count, 0);
  };
  // Conflicts between the two back off on the manual clock: keep it moving.
  await waitFor(
    async () => {
      await clock.advance(1000);
      return (await bound()) === SESSIONS;
    },
    { timeoutMs: 60_000, intervalMs: 10 },
  );
  for (const scheduler of schedulers) await scheduler.stop();

  const fleet = await readFleet(client);
  expect(checkFleetInvariants(fleet)).toEqual([]);
  expect(fleet.sessions.filter((s) => s.status?.phase === 'Scheduled')).toHaveLength(SESSIONS);
  expect(fleet.workers.map((w) => w.status?.allocations?.length)).toEqual(
    Array.from({ length: WORKERS }, () => SEATS),
  );
  expect(await bound()).toBe(SESSIONS);
}

describe('two schedulers racing on one store', () => {
  it(`bind ${SESSIONS} sessions exactly once on the memory store`, async () => {
    await raceTwoSchedulers(openMemory);
  });
});

const server = await postgresAvailable();
describe('two schedulers racing on one store: PostgreSQL', () => {
  if (server.available)
    it(`bind ${SESSIONS} sessions exactly once on PostgreSQL`, async () => {
      await raceTwoSchedulers(openPostgres);
    });
  else it.skip(`skipped: ${server.reason}`, () => undefined);
});
