/**
 * The reservations controller's capacity plan and scale-up: the workers a class needs appear at
 * `start − (startupSeconds + leadTime)`, all at once, once, within the region's limit, and the
 * plan in status follows them from asked-for to Running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reservation } from '../../src/resources/kinds/reservation.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import {
  LEAD_TIME_MINUTES,
  MINUTE_MS,
  START_IN_MS,
  STARTUP_MS,
  createReservationsWorld,
  type ReservationsWorld,
} from '../support/reservations-world.js';
import { interceptClient } from '../support/intercept-client.js';
import { startRunningWorker } from '../support/scheduler-fixtures.js';
import { waitFor } from '../support/wait-for.js';

let world: ReservationsWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function aWorld(): Promise<ReservationsWorld> {
  world = await createReservationsWorld();
  return world;
}

/** Ten seats on 4-seat workers: three workers, asked for 35 minutes after the world's start. */
const SCALE_UP_IN_MS = START_IN_MS - LEAD_TIME_MINUTES * MINUTE_MS - STARTUP_MS;
const seatKeys = Array.from({ length: 10 }, (_, at) => `default/class-${at + 1}`);

const demandOf = (worker: Worker): string[] =>
  JSON.parse(worker.metadata.annotations?.['lcm.io/scale-up-demand'] ?? '[]') as string[];
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const capacityReady = (reservation: Reservation) =>
  reservation.status?.conditions?.find((condition) => condition.type === 'CapacityReady');

describe('capacity plan and scale-up', () => {
  it('asks for the missing workers at start − (startup + lead time), all at once and once', async () => {
    const w = await aWorld();
    const running = w.run();
    const readyBy = new Date(w.clock.nowMs() + START_IN_MS - LEAD_TIME_MINUTES * MINUTE_MS);
    await w.confirm('class');
    await waitFor(async () => (await w.reservation('class')).status?.capacityPlan !== undefined);
    const planned = await w.reservation('class');
    expect(planned.status?.capacityPlan).toEqual({
      workersNeeded: 3,
      workersReady: 0,
      readyBy: readyBy.toISOString(),
    });
    expect(capacityReady(planned)).toMatchObject({ status: 'False', reason: 'ScaleUpScheduled' });

    await w.clock.advance(SCALE_UP_IN_MS - 1000);
    await running.settled();
    expect(await w.workers()).toEqual([]);

    await w.clock.advance(1000);
    await waitFor(async () => (await w.workers()).length === 3);
    const workers = await w.workers();
    for (const worker of workers) {
      expect(worker.metadata.labels).toEqual({ 'lcm.io/scale-up': 'true' });
      expect(worker.spec).toMatchObject({
        template: 'seat4',
        region: 'sim-1',
        desiredState: 'Running',
      });
    }
    expect(workers.flatMap(demandOf).sort()).toEqual([...seatKeys].sort());
    await waitFor(
      async () => capacityReady(await w.reservation('class'))?.reason === 'WorkersStarting',
    );
    expect((await w.reservation('class')).status?.capacityPlan?.workersNeeded).toBe(3);

    await w.clock.advance(LEAD_TIME_MINUTES * MINUTE_MS + STARTUP_MS / 2); // more requeues
    await running.settled();
    expect(await w.workers()).toHaveLength(3);
  });

  it('counts workers Running as ready and needs no more', async () => {
    const w = await aWorld();
    const running = w.run();
    await w.confirm('class');
    await w.clock.advance(SCALE_UP_IN_MS);
    await waitFor(async () => (await w.workers()).length === 3);

    for (const worker of await w.workers()) await w.runWorker(worker.metadata.name);

    await waitFor(
      async () => (await w.reservation('class')).status?.capacityPlan?.workersReady === 3,
    );
    const reservation = await w.reservation('class');
    expect(reservation.status?.capacityPlan).toMatchObject({ workersNeeded: 0, workersReady: 3 });
    expect(capacityReady(reservation)).toMatchObject({ status: 'True', reason: 'Ready' });
    await running.settled();
    expect(await w.workers()).toHaveLength(3);
  });

  it('uses free room on running workers before asking for new ones', async () => {
    const w = await aWorld();
    await startRunningWorker(w.client, 'warm', 'seat4');
    w.run();
    await w.confirm('class');
    await waitFor(async () => (await w.reservation('class')).status?.capacityPlan !== undefined);
    expect((await w.reservation('class')).status?.capacityPlan).toMatchObject({
      workersNeeded: 2,
      workersReady: 1,
    });

    await w.clock.advance(SCALE_UP_IN_MS);
    await waitFor(async () => (await w.workers()).length === 3);
    const asked = (await w.workers()).filter((worker) => worker.metadata.name !== 'warm');
    expect(asked.flatMap(demandOf)).toHaveLength(6);
  });

  it('asks at once when confirmed after its scale-up time', async () => {
    const w = await aWorld();
    w.run();
    await w.clock.advance(SCALE_UP_IN_MS + 10 * MINUTE_MS);
    await w.confirm('late', {
      start: new Date(w.clock.nowMs() + 10 * MINUTE_MS).toISOString(),
      end: new Date(w.clock.nowMs() + 70 * MINUTE_MS).toISOString(),
      seatCount: 5,
    });
    await waitFor(async () => (await w.workers()).length === 2);
  });

  it('never goes over the region limit, counting the workers already there', async () => {
    const w = await aWorld();
    await startRunningWorker(w.client, 'busy', 'seat4');
    await w.client.patch('Worker', 'busy', { spec: { unschedulable: true } });
    const running = w.run({ scheduling: { maxWorkersPerRegion: 3 } });
    await w.confirm('class');
    await w.clock.advance(SCALE_UP_IN_MS);

    await waitFor(async () => capacityReady(await w.reservation('class'))?.reason === 'RegionFull');
    expect(await w.workers()).toHaveLength(3);
    await w.clock.advance(LEAD_TIME_MINUTES * MINUTE_MS);
    await running.settled();
    expect(await w.workers()).toHaveLength(3);
    expect((await w.reservation('class')).status?.capacityPlan?.workersNeeded).toBe(3);
  });

  it('keeps two classes scaling up at the same moment within the region limit together', async () => {
    const w = await aWorld();
    // A slow worker list: each class's count is taken while the other's may be in flight.
    const client = interceptClient(w.client, {
      list: async (kind, options) => {
        const listed = await w.client.list(kind, options);
        if (kind === 'Worker') for (let turn = 0; turn < 20; turn++) await yieldTurn();
        return listed;
      },
    });
    const running = w.run({ scheduling: { maxWorkersPerRegion: 4 }, client });
    await w.confirm('class');
    await w.confirm('other');
    await waitFor(async () => (await w.sessions()).length === 20);

    await w.clock.advance(SCALE_UP_IN_MS);
    await waitFor(async () => (await w.workers()).length >= 4);
    await w.clock.advance(LEAD_TIME_MINUTES * MINUTE_MS);
    await running.settled();
    expect(await w.workers()).toHaveLength(4);
  });
});
