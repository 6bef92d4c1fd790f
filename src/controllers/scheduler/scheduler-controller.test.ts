import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltInWorld, type BuiltInWorld } from '../../../test/support/built-in-world.js';
import {
  aSeatTemplate,
  aTimedSession,
  decisionsCounted,
  seedDefinition,
  settled,
  startRunningWorker,
  startScheduler,
  type RunningScheduler,
} from '../../../test/support/scheduler-fixtures.js';
import { interceptClient } from '../../../test/support/intercept-client.js';
import { waitFor } from '../../../test/support/wait-for.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { checkFleetInvariants } from '../invariants/check-fleet-invariants.js';
import { readFleet } from '../invariants/read-fleet.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A world with the Active definition `ccna-1` and template `four` (4 seats, enabled, $1/h). */
async function aWorld(): Promise<BuiltInWorld> {
  const world = createBuiltInWorld();
  cleanups.push(() => world.store.close());
  await seedDefinition(world.client, world.clock);
  await world.client.create(aSeatTemplate('four', 4, { enabled: false }));
  return world;
}

function run(world: BuiltInWorld, client: ResourceClient = world.client): RunningScheduler {
  const scheduler = startScheduler(client, world.clock);
  cleanups.push(scheduler.stop);
  return scheduler;
}

const session = async (world: BuiltInWorld, name: string) =>
  (await world.client.get('LabletSession', name, 'default')) as unknown as LabletSession;
const worker = async (world: BuiltInWorld, name: string) =>
  (await world.client.get('Worker', name)) as unknown as Worker;
const phaseOf = async (world: BuiltInWorld, name: string) =>
  (await session(world, name)).status?.phase;

describe('scheduler controller', () => {
  it('binds a pending session: allocation and Scheduled session in one transaction', async () => {
    const world = await aWorld();
    await startRunningWorker(world.client, 'w1', 'four');
    await world.client.create(aTimedSession('s1', world.clock));
    run(world);

    await waitFor(async () => (await phaseOf(world, 's1')) === 'Scheduled');

    const bound = await session(world, 's1');
    const placed = await worker(world, 'w1');
    expect(bound.status).toMatchObject({
      worker: 'w1',
      scheduledAt: world.clock.now().toISOString(),
      ports: [
        { name: 'r1_serial', device: 'r1', protocol: 'serial', host: '10.0.0.1', port: 2000 },
        { name: 'r1_vnc', device: 'r1', protocol: 'vnc', host: '10.0.0.1', port: 2001 },
      ],
      scheduling: { result: 'Bound', reason: 'Placed', queuePosition: 1, rejected: {} },
    });
    expect(bound.status?.history?.at(-1)).toMatchObject({
      from: 'Pending',
      to: 'Scheduled',
      reason: 'Placed',
    });
    expect(placed.status?.allocations).toEqual([
      {
        holder: { kind: 'LabletSession', namespace: 'default', name: 's1' },
        cpu: 1,
        memoryMiB: 1024,
        storageGiB: 4,
        nodes: 1,
        ports: [
          { name: 'r1_serial', protocol: 'serial', port: 2000 },
          { name: 'r1_vnc', protocol: 'vnc', port: 2001 },
        ],
      },
    ]);
    expect(placed.status?.capacity?.allocated).toEqual({
      cpu: 1,
      memoryMiB: 1024,
      storageGiB: 4,
      nodes: 1,
    });
  });

  it('packs sessions onto the fullest worker, each with its own ports, never past capacity', async () => {
    const world = await aWorld();
    await startRunningWorker(world.client, 'w1', 'four');
    await startRunningWorker(world.client, 'w2', 'four');
    for (let i = 0; i < 9; i++) await world.client.create(aTimedSession(`s${i}`, world.clock));
    const scheduler = run(world);

    await waitFor(async () => (await decisionsCounted(scheduler.metrics, 'Bound')) === 8);
    await waitFor(() => scheduler.controller.isIdle());

    const fleet = await readFleet(world.client);
    expect(checkFleetInvariants(fleet)).toEqual([]);
    expect(fleet.workers.map((w) => w.status?.allocations?.length)).toEqual([4, 4]);
    const waiting = fleet.sessions.filter((s) => s.status?.phase === 'Pending');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.status?.scheduling).toMatchObject({
      result: 'Waiting',
      reason: 'NoTemplateFits',
      rejected: { InsufficientCpu: 2 },
    });
  });

  it('never binds a session a worker already holds', async () => {
    const world = await aWorld();
    const w1 = await startRunningWorker(world.client, 'w1', 'four');
    await world.client.create(aTimedSession('s1', world.clock));
    const held = {
      holder: { kind: 'LabletSession', namespace: 'default', name: 's1' },
      cpu: 1,
      memoryMiB: 1024,
      storageGiB: 4,
      nodes: 1,
      ports: [],
    };
    const status = { ...w1.status, allocations: [held] };
    await world.client.updateStatus({ ...w1, status });
    await startRunningWorker(world.client, 'w2', 'four');
    const scheduler = run(world);

    await waitFor(() => settled(scheduler));

    expect(await phaseOf(world, 's1')).toBe('Pending');
    expect((await worker(world, 'w2')).status?.allocations ?? []).toEqual([]);
    expect((await worker(world, 'w1')).status?.allocations).toHaveLength(1);
  });

  it('places a session only once its timeslot is within the horizon', async () => {
    const world = await aWorld();
    await startRunningWorker(world.client, 'w1', 'four');
    await world.client.create(aTimedSession('later', world.clock, 120));
    const scheduler = run(world);
    await waitFor(() => scheduler.controller.isIdle() && scheduler.controller.delayedKeys === 1);

    await world.clock.advance(84 * 60_000);
    expect(await phaseOf(world, 'later')).toBe('Pending');
    expect((await session(world, 'later')).status?.scheduling).toBeUndefined();

    await world.clock.advance(60_000);
    await waitFor(async () => (await phaseOf(world, 'later')) === 'Scheduled');
  });

  it('gives freed room to the nearest start first and reports queue positions', async () => {
    const world = await aWorld();
    await world.client.create(aSeatTemplate('one', 1, { enabled: false }));
    const w1 = await startRunningWorker(world.client, 'w1', 'one');
    await world.client.updateStatus({ ...w1, status: { ...w1.status, phase: 'Draining' } });
    await world.client.create(aTimedSession('second', world.clock, 20));
    await world.client.create(aTimedSession('first', world.clock, 10));
    const scheduler = run(world);
    await waitFor(() => settled(scheduler));
    expect((await session(world, 'second')).status?.scheduling).toMatchObject({
      result: 'Waiting',
      queuePosition: 2,
      rejected: { Draining: 1 },
      workers: [{ name: 'w1', fits: false, reason: 'Draining' }],
    });

    const draining = await world.client.get('Worker', 'w1');
    await world.client.updateStatus({
      ...draining,
      status: { ...draining.status, phase: 'Running' },
    });

    await waitFor(async () => (await phaseOf(world, 'first')) === 'Scheduled');
    await waitFor(
      async () => (await session(world, 'second')).status?.scheduling?.queuePosition === 1,
    );
    expect(await phaseOf(world, 'second')).toBe('Pending');
    expect((await session(world, 'second')).status?.scheduling?.rejected).toEqual({
      InsufficientCpu: 1,
    });
  });

  it('writes an unchanged decision only once', async () => {
    const world = await aWorld();
    await world.client.create(aTimedSession('s1', world.clock));
    const scheduler = run(world);
    await waitFor(async () => (await session(world, 's1')).status?.scheduling !== undefined);
    await waitFor(() => settled(scheduler));
    const before = (await session(world, 's1')).metadata.resourceVersion;
    const decided = await decisionsCounted(scheduler.metrics, 'Waiting');

    const template = await world.client.get('WorkerTemplate', 'four');
    await world.client.update({
      ...template,
      metadata: { ...template.metadata, labels: { touched: 'yes' } },
    });
    await waitFor(async () => (await decisionsCounted(scheduler.metrics, 'Waiting')) > decided);
    await waitFor(() => settled(scheduler));

    expect((await session(world, 's1')).metadata.resourceVersion).toBe(before);
  });

  it('re-plans after a Conflict instead of re-sending the stale bind', async () => {
    const world = await aWorld();
    await startRunningWorker(world.client, 'w1', 'four');
    await world.client.create(aTimedSession('s1', world.clock));
    let conflicts = 0;
    const race = async () => {
      const w1 = (await world.client.get('Worker', 'w1')) as unknown as Worker;
      const other = {
        holder: { kind: 'LabletSession', namespace: 'default', name: 'other' },
        cpu: 1,
        memoryMiB: 1024,
        storageGiB: 4,
        nodes: 1,
        ports: [{ name: 'r1_serial', protocol: 'serial', port: 2000 }],
      };
      const capacity = {
        declared: w1.status?.capacity?.declared,
        allocated: { cpu: 1, memoryMiB: 1024, storageGiB: 4, nodes: 1 },
      };
      const status = { ...w1.status, allocations: [other], capacity };
      await world.client.updateStatus({ ...w1, status });
      await world.client.create(aTimedSession('other', world.clock));
    };
    let raced = false;
    const racing = interceptClient(world.client, {
      transact: async (ops) => {
        if (!raced) {
          raced = true;
          await race();
        }
        try {
          return await world.client.transact(ops);
        } catch (error) {
          conflicts++;
          throw error;
        }
      },
    });
    run(world, racing);
    await waitFor(() => conflicts === 1);

    await waitFor(async () => {
      await world.clock.advance(1000);
      return (await phaseOf(world, 's1')) === 'Scheduled';
    });

    expect((await session(world, 's1')).status?.ports?.map((p) => p.port)).toEqual([2001, 2002]);
    const allocations = (await worker(world, 'w1')).status?.allocations ?? [];
    expect(allocations.map((a) => a.holder.name)).toEqual(['other', 's1']);
  });

  it('counts pending sessions and decisions in its metrics', async () => {
    const world = await aWorld();
    await startRunningWorker(world.client, 'w1', 'four');
    await world.client.create(aTimedSession('s1', world.clock));
    await world.client.create(aTimedSession('s2', world.clock, 600));
    const scheduler = run(world);

    await waitFor(async () => (await decisionsCounted(scheduler.metrics, 'Bound')) === 1);
    await waitFor(() => scheduler.controller.isIdle());

    const text = await scheduler.metrics.metrics();
    expect(text).toContain('lcm_pending_sessions 1');
    expect(text).toMatch(/lcm_scheduler_decision_seconds_count 1/);
  });
});
