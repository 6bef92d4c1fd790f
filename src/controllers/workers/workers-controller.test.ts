import { afterEach, describe, expect, it } from 'vitest';
import { aTemplate } from '../../../test/support/builders.js';
import {
  aWorker,
  startWorkersWorld,
  type WorkersWorld,
} from '../../../test/support/workers-world.js';
import { findCondition, isConditionTrue } from '../../resources/index.js';
import type { Allocation, Worker } from '../../resources/kinds/worker.js';
import type { ScaleDownSettings } from './scale-down-policy.js';

const SCALE_DOWN: ScaleDownSettings = {
  enabled: false,
  idleTimeoutMs: 3_600_000,
  minWorkersPerRegion: 0,
  cooldownMs: 600_000,
  action: 'Stop',
};
const SMALL = aTemplate('small', { image: { amiNamePattern: 'CML-2.9*' } });

const worlds: WorkersWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

async function start(options: Parameters<typeof startWorkersWorld>[0] = {}) {
  const world = await startWorkersWorld(options);
  worlds.push(world);
  await world.client.create(SMALL);
  return world;
}

function phases(worker: Worker): string[] {
  return (worker.status?.history ?? []).map((entry) => entry.to);
}

const isRunning = (worker: Worker) => worker.status?.phase === 'Running';

async function runningWorker(world: WorkersWorld, name = 'w1'): Promise<Worker> {
  await world.client.create(aWorker(name));
  return world.until(isRunning, name);
}

async function setDesired(world: WorkersWorld, state: string, name = 'w1'): Promise<void> {
  await world.client.patch('Worker', name, { spec: { desiredState: state } });
}

/** Writes allocations the way the scheduler does: status, on the current resourceVersion. */
async function allocate(world: WorkersWorld, allocations: Allocation[]): Promise<void> {
  const worker = await world.worker('w1');
  await world.client.updateStatus({ ...worker, status: { ...worker.status, allocations } });
}

const SESSION_ALLOCATION: Allocation = {
  holder: { kind: 'LabletSession', namespace: 'default', name: 's1' },
  cpu: 2,
  memoryMiB: 4096,
  storageGiB: 10,
  nodes: 3,
  ports: [{ name: 'r1_serial', protocol: 'serial', port: 2000 }],
};

describe('workers controller: lifecycle', () => {
  it('launches a new Worker and reports it Running once CML is ready', async () => {
    const world = await start();
    const worker = await runningWorker(world);

    expect(phases(worker)).toEqual(['Pending', 'Provisioning', 'Starting', 'Running']);
    const instance = await world.cloud.describe(worker.status?.instanceId ?? '');
    expect(instance.state).toBe('running');
    expect(worker.status).toMatchObject({
      amiId: 'ami-0c2a9e0000000291a',
      privateIp: instance.privateIp,
      endpoint: await world.cml.endpointFor(instance.id),
      cml: {
        version: '2.9.0',
        ready: true,
        service: 'Available',
        license: { status: 'Registered', type: 'enterprise', nodeLimit: 20, nodesInUse: 0 },
      },
      capacity: {
        declared: { cpu: 8, memoryMiB: 32768, storageGiB: 200, nodes: 20 },
        allocated: { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 },
      },
      metrics: { labsRunning: 0, nodesRunning: 0 },
    });
    for (const type of ['Ready', 'Schedulable', 'LicenseValid'])
      expect(isConditionTrue(worker.status?.conditions, type), type).toBe(true);
  });

  it('stops, starts and terminates the instance as desiredState says', async () => {
    const world = await start();
    const { status } = await runningWorker(world);
    const instanceId = status?.instanceId ?? '';

    await setDesired(world, 'Stopped');
    const stopped = await world.until((w) => w.status?.phase === 'Stopped');
    expect((await world.cloud.describe(instanceId)).state).toBe('stopped');
    expect(findCondition(stopped.status?.conditions, 'Schedulable')?.reason).toBe('NotRunning');

    await setDesired(world, 'Running');
    const restarted = await world.until(isRunning);
    expect(phases(restarted).slice(-4)).toEqual(['Stopping', 'Stopped', 'Starting', 'Running']);
    expect(restarted.status?.instanceId).toBe(instanceId);

    await setDesired(world, 'Terminated');
    const terminated = await world.until((w) => w.status?.phase === 'Terminated');
    expect(phases(terminated).slice(-2)).toEqual(['Terminating', 'Terminated']);
    expect((await world.cloud.describe(instanceId)).state).toBe('terminated');
    expect(terminated.status?.cml?.ready).toBe(false);
  });

  it('keeps a worker whose allocations hold compute Running until they are released', async () => {
    const world = await start();
    await runningWorker(world);
    await allocate(world, [SESSION_ALLOCATION]);
    await setDesired(world, 'Stopped');

    const blocked = await world.until(
      (w) => isConditionTrue(w.status?.conditions, 'StopBlocked'),
      'w1',
      'StopBlocked',
    );
    await world.clock.advance(120_000);
    const held = await world.worker('w1');
    expect(held.status?.phase).toBe('Running');
    expect(held.status?.allocations).toEqual([SESSION_ALLOCATION]);
    expect(findCondition(blocked.status?.conditions, 'StopBlocked')?.message).toContain(
      'default/s1',
    );

    await allocate(world, []);
    await world.until((w) => w.status?.phase === 'Stopped');
  });

  it('launches once when the first launch failed after the cloud had acted', async () => {
    const world = await start();
    // The cloud creates the instance, then the answer is lost (a timeout after AWS acted).
    world.cloudFaults.failNext({ method: 'RunInstances', status: 500, body: { applied: true } });
    const worker = await runningWorker(world);

    const tagged = await world.cloud.listByTag('lcm:worker', 'w1');
    expect(tagged.map((instance) => instance.id)).toEqual([worker.status?.instanceId]);
  });

  it('marks a worker Failed with the reason when the cloud refuses its template', async () => {
    const world = await start();
    await world.client.create(aTemplate('no-image'));
    await world.client.create(aWorker('w1', { template: 'no-image' }));

    const failed = await world.until((w) => w.status?.phase === 'Failed');
    expect(findCondition(failed.status?.conditions, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'LaunchFailed',
      message: expect.stringContaining('names no image'),
    });
  });

  it('converges despite 5% random failures of the cloud and of CML', async () => {
    const world = await start({ cmlFaults: { errorRate: 0.05 } });
    world.cloudFaults.configure({ errorRate: 0.05 });
    await world.client.create(aWorker('w1'));
    await world.client.create(aWorker('w2'));
    await world.until(isRunning, 'w1');
    await world.until(isRunning, 'w2');

    await setDesired(world, 'Stopped', 'w2');
    await world.until((w) => w.status?.phase === 'Stopped', 'w2');
    world.cloudFaults.reset();
    expect(await world.cloud.listByTag('lcm:managed-by', 'lcm')).toHaveLength(2);
  });
});

describe('workers controller: drain', () => {
  it('drains an empty worker to Stopped and clears the drain request', async () => {
    const world = await start();
    await runningWorker(world);
    await world.client.patch('Worker', 'w1', { spec: { drain: true } });

    const stopped = await world.until((w) => w.status?.phase === 'Stopped' && !w.spec.drain);
    expect(phases(stopped).slice(-3)).toEqual(['Draining', 'Stopping', 'Stopped']);
    expect(stopped.spec.desiredState).toBe('Stopped');
    expect(stopped.status?.drainStartedAt).toBeDefined();
  });

  it('keeps a draining worker with sessions, and a cancelled drain makes it Running again', async () => {
    const world = await start();
    await runningWorker(world);
    await allocate(world, [SESSION_ALLOCATION]);
    await world.client.patch('Worker', 'w1', { spec: { drain: true } });
    const draining = await world.until((w) => w.status?.phase === 'Draining');
    expect(findCondition(draining.status?.conditions, 'Schedulable')?.reason).toBe('Draining');

    await world.clock.advance(600_000);
    expect((await world.worker('w1')).status?.phase).toBe('Draining');
    await world.client.patch('Worker', 'w1', { spec: { drain: false } });
    await world.until(isRunning);
  });
});

describe('workers controller: scale-down', () => {
  it('drains and stops a worker idle past the timeout when scale-down is on', async () => {
    const world = await start({ scaleDown: { ...SCALE_DOWN, enabled: true } });
    await runningWorker(world);
    await world.clock.advance(SCALE_DOWN.idleTimeoutMs + 60_000);

    const stopped = await world.until((w) => w.status?.phase === 'Stopped');
    expect(phases(stopped).slice(-3)).toEqual(['Draining', 'Stopping', 'Stopped']);
    expect(findCondition(stopped.status?.conditions, 'ScaleDown')).toMatchObject({
      status: 'True',
      reason: 'IdleTimeout',
    });
  });
});

describe('workers controller: metrics', () => {
  it('exports workers by phase and the capacity of Running workers', async () => {
    const world = await start();
    await runningWorker(world);
    await allocate(world, [SESSION_ALLOCATION]);
    const text = async (name: string) => world.metrics.getSingleMetricAsString(name);

    expect(await text('lcm_workers')).toContain('lcm_workers{phase="Running"} 1');
    expect(await text('lcm_workers')).toContain('lcm_workers{phase="Stopped"} 0');
    expect(await text('lcm_worker_capacity_declared')).toContain(
      'lcm_worker_capacity_declared{resource="nodes"} 20',
    );
  });
});
