import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltInWorld, type BuiltInWorld } from '../../../../test/support/built-in-world.js';
import { interceptClient } from '../../../../test/support/intercept-client.js';
import {
  aSeatTemplate,
  aTimedSession,
  seedDefinition,
  settled,
  startRunningWorker,
  startScheduler,
} from '../../../../test/support/scheduler-fixtures.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { explainSession } from '../../../api/actions/explain-session.js';
import type { ResourceClient } from '../../../client/resource-client.js';
import type { SchedulingConfig } from '../../../config/index.js';
import { UnavailableError } from '../../../errors/index.js';
import type { AnyResource } from '../../../resources/index.js';
import type { LabletSession } from '../../../resources/kinds/lablet-session.js';
import type { Worker } from '../../../resources/kinds/worker.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Templates: `tiny` ($0.5) is too small for a session, `cheap-off` ($0.1) is disabled, `pair`
 * ($1, 2 seats, ready 600 s after the request) is the cheapest that fits, `big` ($3) fits too.
 */
async function aWorld(): Promise<BuiltInWorld> {
  const world = createBuiltInWorld();
  cleanups.push(() => world.store.close());
  await seedDefinition(world.client, world.clock);
  const tiny = aSeatTemplate('tiny', 1, { costPerHour: 0.5 });
  tiny.spec.capacity = { cpu: 0.5, memoryMiB: 512, storageGiB: 2, nodes: 1 };
  for (const template of [
    tiny,
    aSeatTemplate('cheap-off', 8, { costPerHour: 0.1, enabled: false }),
    aSeatTemplate('pair', 2, { costPerHour: 1, startupSeconds: 600 }),
    aSeatTemplate('big', 8, { costPerHour: 3 }),
  ])
    await world.client.create(template);
  return world;
}

function run(
  world: BuiltInWorld,
  config: Partial<SchedulingConfig> = {},
  client: ResourceClient = world.client,
) {
  const scheduler = startScheduler(client, world.clock, config);
  cleanups.push(scheduler.stop);
  return scheduler;
}

const workers = async (world: BuiltInWorld) =>
  (await world.client.list('Worker')).items as unknown as Worker[];
const scaleUpWorkers = async (world: BuiltInWorld) =>
  (await world.client.list('Worker', { labelSelector: 'lcm.io/scale-up=true' }))
    .items as unknown as Worker[];
const schedulingOf = async (world: BuiltInWorld, name: string) =>
  ((await world.client.get('LabletSession', name, 'default')) as unknown as LabletSession).status
    ?.scheduling;

/** Adds session `name` and waits until the scheduler has recorded a decision for it. */
async function arrive(world: BuiltInWorld, name: string): Promise<void> {
  await world.client.create(aTimedSession(name, world.clock, 5));
  await waitFor(async () => (await schedulingOf(world, name)) !== undefined);
}

const inMs = (world: BuiltInWorld, ms: number) => new Date(world.clock.nowMs() + ms).toISOString();

describe('scale-up', () => {
  it('asks for exactly one worker, from the cheapest enabled template that fits', async () => {
    const world = await aWorld();
    const scheduler = run(world);

    await arrive(world, 's1');
    await waitFor(() => settled(scheduler));

    const created = await workers(world);
    expect(created).toHaveLength(1);
    const [worker] = created as [Worker];
    expect(worker.metadata.name).toMatch(/^pair-[a-z0-9]{5}$/);
    expect(worker.metadata.labels).toEqual({ 'lcm.io/scale-up': 'true' });
    expect(JSON.parse(worker.metadata.annotations?.['lcm.io/scale-up-demand'] ?? '')).toEqual([
      'default/s1',
    ]);
    expect(worker.spec).toMatchObject({
      template: 'pair',
      region: 'sim-1',
      desiredState: 'Running',
    });
    expect(await schedulingOf(world, 's1')).toMatchObject({
      result: 'ScaleUp',
      reason: 'ScaledUp',
      scaleUp: { worker: worker.metadata.name, template: 'pair', eta: inMs(world, 600_000) },
    });
  });

  it('lets a session that fits the starting worker wait for it, past the cooldown too', async () => {
    const world = await aWorld();
    run(world);
    await arrive(world, 's1');
    const [first] = (await workers(world)) as [Worker];
    const eta = inMs(world, 600_000);
    await world.clock.advance(120_000);

    await arrive(world, 's2');

    expect(await workers(world)).toHaveLength(1);
    expect(await schedulingOf(world, 's2')).toMatchObject({
      result: 'Waiting',
      reason: 'WaitingForWorker',
      queuePosition: 2,
      scaleUp: { worker: first.metadata.name, template: 'pair', eta },
    });
  });

  it('asks for the next worker only after the cooldown', async () => {
    const world = await aWorld();
    run(world);
    for (const name of ['s1', 's2']) await arrive(world, name);
    expect(await scaleUpWorkers(world)).toHaveLength(1);

    await arrive(world, 's3');

    expect(await scaleUpWorkers(world)).toHaveLength(1);
    expect(await schedulingOf(world, 's3')).toMatchObject({
      result: 'Waiting',
      reason: 'ScaleUpCooldown',
    });
    await world.clock.advance(59_000);
    expect(await scaleUpWorkers(world)).toHaveLength(1);

    await world.clock.advance(1_000);
    await waitFor(async () => (await scaleUpWorkers(world)).length === 2);
    expect(await schedulingOf(world, 's3')).toMatchObject({
      result: 'ScaleUp',
      reason: 'ScaledUp',
    });
  });

  it('stays within maxWorkersPerRegion, counting starting workers but not stopped ones', async () => {
    const world = await aWorld();
    const cordoned = await startRunningWorker(world.client, 'cordoned', 'pair');
    await world.client.update({ ...cordoned, spec: { ...cordoned.spec, unschedulable: true } });
    await world.client.create({
      apiVersion: 'lcm/v1',
      kind: 'Worker',
      metadata: { name: 'booting-tiny' },
      spec: { template: 'tiny', region: 'sim-1', desiredState: 'Running' },
    });
    await stopWorker(world.client, await startRunningWorker(world.client, 'stopped', 'big'));
    run(world, { maxWorkersPerRegion: 2 });

    await arrive(world, 's1');

    expect((await workers(world)).map((w) => w.metadata.name).sort()).toEqual([
      'booting-tiny',
      'cordoned',
      'stopped',
    ]);
    expect(await schedulingOf(world, 's1')).toMatchObject({
      result: 'Waiting',
      reason: 'RegionFull',
      message: expect.stringContaining('maxWorkersPerRegion = 2'),
      rejected: { Cordoned: 1, NotRunning: 2 },
    });
  });

  it('does not scale while the worker count cannot be read, and does once it can', async () => {
    const world = await aWorld();
    let listsFail = false;
    const client = interceptClient(world.client, {
      list: (kind, options) =>
        listsFail && kind === 'Worker'
          ? Promise.reject(new UnavailableError('database restarting'))
          : world.client.list(kind, options),
    });
    const scheduler = run(world, {}, client);
    await waitFor(() => settled(scheduler));
    listsFail = true;

    await arrive(world, 's1');

    expect(await workers(world)).toHaveLength(0);
    expect(await schedulingOf(world, 's1')).toMatchObject({
      result: 'Waiting',
      reason: 'WorkerCountUnknown',
      message: expect.stringContaining('database restarting'),
    });
    listsFail = false;
    await world.clock.advance(10_000);
    await waitFor(async () => (await workers(world)).length === 1);
  });

  it('is shown by explain, with the ETA', async () => {
    const world = await aWorld();
    run(world);
    await arrive(world, 's1');

    const explanation = explainSession(await world.client.get('LabletSession', 's1', 'default'));

    const [worker] = (await workers(world)) as [Worker];
    const eta = inMs(world, 600_000);
    expect(explanation).toMatchObject({
      phase: 'Pending',
      result: 'ScaleUp',
      queuePosition: 1,
      scaleUp: { worker: worker.metadata.name, template: 'pair', eta },
    });
    expect(explanation.message).toContain(eta);
  });
});

/** Steps a Running worker through Stopping to Stopped. */
async function stopWorker(client: ResourceClient, worker: AnyResource): Promise<void> {
  let current = worker;
  for (const phase of ['Stopping', 'Stopped'])
    current = await client.updateStatus({ ...current, status: { ...current.status, phase } });
}
