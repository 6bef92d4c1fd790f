/**
 * The fleet end to end on the simulators with a manual clock: sessions arrive with no worker, the
 * scheduler asks for one, the workers controller launches it to Running with CML ready and a
 * registered licence, and the scheduler binds the sessions to it — every invariant holding.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkFleetInvariants } from '../../src/controllers/invariants/check-fleet-invariants.js';
import { readFleet } from '../../src/controllers/invariants/read-fleet.js';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import {
  aSeatTemplate,
  aTimedSession,
  seedDefinition,
  startScheduler,
  type RunningScheduler,
} from '../support/scheduler-fixtures.js';
import { startWorkersWorld, type WorkersWorld } from '../support/workers-world.js';

let world: WorkersWorld | undefined;
let scheduler: RunningScheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  await world?.close();
  scheduler = undefined;
  world = undefined;
});

describe('scale-up from zero workers', () => {
  it('launches a worker for arriving sessions and binds them once it is Running', async () => {
    world = await startWorkersWorld();
    const { client, clock } = world;
    await client.create(aSeatTemplate('seat4', 4, { image: { amiNamePattern: 'CML-2.9*' } }));
    await seedDefinition(client, clock);
    scheduler = startScheduler(client, clock);
    await client.create(aTimedSession('s1', clock));
    await client.create(aTimedSession('s2', clock));

    const session = async (name: string) =>
      (await client.get('LabletSession', name, 'default')) as unknown as LabletSession;
    await world.eventually(
      async () =>
        (await session('s1')).status?.phase === 'Scheduled' &&
        (await session('s2')).status?.phase === 'Scheduled',
      'both sessions scheduled',
    );

    const { items } = await client.list('Worker');
    const workers = items as unknown as Worker[];
    expect(workers).toHaveLength(1);
    const [worker] = workers;
    expect(worker?.metadata.labels?.['lcm.io/scale-up']).toBe('true');
    expect(worker?.status).toMatchObject({
      phase: 'Running',
      cml: { ready: true, license: { status: 'Registered' } },
    });
    expect(worker?.status?.allocations).toHaveLength(2);
    expect((await session('s1')).status?.worker).toBe(worker?.metadata.name);
    expect(checkFleetInvariants(await readFleet(client))).toEqual([]);
  });

  it('asks for no second worker while the first keeps failing to launch', async () => {
    world = await startWorkersWorld();
    const { client, clock } = world;
    await client.create(aSeatTemplate('broken', 4)); // no image: every launch is refused
    await seedDefinition(client, clock);
    scheduler = startScheduler(client, clock);
    await client.create(aTimedSession('s1', clock));
    const workers = async () => (await client.list('Worker')).items as unknown as Worker[];
    await world.eventually(
      async () => (await workers())[0]?.status?.phase === 'Failed',
      'the scale-up worker failed',
    );
    const until = clock.nowMs() + 15 * 60_000; // five scale-up cooldowns and three launch retries
    await world.eventually(async () => clock.nowMs() >= until, '15 minutes');
    expect(await workers()).toHaveLength(1);
  });
});
