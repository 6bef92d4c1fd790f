/** The LISTEN connection reconnects after it is killed and never after stop. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../clock/index.js';
import { createSilentLogger } from '../../../observability/index.js';
import { createTestDatabase, postgresAvailable } from '../../../../test/support/postgres.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { PgListener } from './pg-listener.js';

const server = await postgresAvailable();

describe.runIf(server.available)('PgListener', () => {
  let database: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function sql(text: string): Promise<void> {
    const client = new pg.Client({ connectionString: database?.url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  }

  const killListeners = () =>
    sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);

  function listen(clock: ManualClock): { listener: PgListener; notified: () => number } {
    let count = 0;
    const listener = new PgListener({
      connectionString: database?.url as string,
      channel: 'lcm_events',
      onNotify: () => count++,
      clock,
      logger: createSilentLogger(),
    });
    return { listener, notified: () => count };
  }

  it('reconnects after its connection is killed, and signals once for what it may have missed', async () => {
    const clock = new ManualClock();
    const { listener, notified } = listen(clock);
    await listener.start();
    await sql(`NOTIFY lcm_events, '1'`);
    await waitFor(() => notified() === 1, { intervalMs: 5 });
    await killListeners();
    await waitFor(() => clock.pendingTimers() === 1, {
      intervalMs: 5,
      description: 'a reconnect timer',
    });
    await clock.advance(250);
    await waitFor(() => notified() === 2, { intervalMs: 5, description: 'the reconnect signal' });
    await sql(`NOTIFY lcm_events, '2'`);
    await waitFor(() => notified() === 3, {
      intervalMs: 5,
      description: 'a notification after reconnecting',
    });
    await listener.stop();
  });

  it('opens no connection after stop, even with a reconnect pending', async () => {
    const clock = new ManualClock();
    const { listener, notified } = listen(clock);
    await listener.start();
    await killListeners();
    await waitFor(() => clock.pendingTimers() === 1, {
      intervalMs: 5,
      description: 'a reconnect timer',
    });
    await listener.stop();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(10_000);
    expect(notified()).toBe(0);
  });
});
