import { afterEach, describe, expect, it } from 'vitest';
import { aTemplate } from '../../../test/support/builders.js';
import {
  aWorker,
  startWorkersWorld,
  type WorkersWorld,
} from '../../../test/support/workers-world.js';
import { API_VERSION } from '../../resources/index.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { WorkerTemplateSpec } from '../../resources/kinds/worker-template.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { ADOPTED_LABEL } from './fleet-discovery.js';

const SMALL = aTemplate('small', { image: { amiNamePattern: 'CML-2.9*' } });

const worlds: WorkersWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

async function start(): Promise<WorkersWorld> {
  const world = await startWorkersWorld();
  worlds.push(world);
  await world.client.create(SMALL);
  return world;
}

async function runningWorker(world: WorkersWorld, name = 'w1'): Promise<Worker> {
  await world.client.create(aWorker(name));
  return world.until((w) => w.status?.phase === 'Running', name);
}

/** An instance launched straight on the cloud, as another LCM (or a lost Worker) would have. */
async function launchBehindOurBack(world: WorkersWorld, workerName: string, template: string) {
  return world.cloud.launch({
    template: { name: template, spec: SMALL.spec as unknown as WorkerTemplateSpec },
    workerName,
    clientToken: `manual-${workerName}`,
  });
}

async function aLab(world: WorkersWorld, name: string, worker: string): Promise<void> {
  await world.client.create({
    apiVersion: API_VERSION,
    kind: 'LabRecord',
    metadata: { name },
    spec: { worker, cmlLabId: '8f6bb4a8-2a3b-4c55-9d2e-1f0e5d6c7b8a' },
  });
}

const labPhase = async (world: WorkersWorld, name: string) =>
  ((await world.client.get('LabRecord', name)) as LabRecord).status?.phase;

describe('fleet discovery', () => {
  it('marks a worker Terminated and orphans its labs when its instance is terminated behind our back', async () => {
    const world = await start();
    const worker = await runningWorker(world);
    await aLab(world, 'lab-1', 'w1');
    await aLab(world, 'lab-other', 'w2');

    await world.cloud.terminate(worker.status?.instanceId ?? '');
    const terminated = await world.until((w) => w.status?.phase === 'Terminated');

    expect(terminated.status?.history?.at(-1)?.reason).toMatch(/terminated|no longer exists/);
    await world.eventually(async () => (await labPhase(world, 'lab-1')) === 'Orphaned', 'orphan');
    expect(await labPhase(world, 'lab-other')).toBe('Discovered');
  });

  it('finds a Stopped worker whose instance was terminated while nobody looked', async () => {
    const world = await start();
    const worker = await runningWorker(world);
    await world.client.patch('Worker', 'w1', { spec: { desiredState: 'Stopped' } });
    await world.until((w) => w.status?.phase === 'Stopped');

    await world.cloud.terminate(worker.status?.instanceId ?? '');
    // Nothing makes a Stopped worker reconcile but resync; discovery sees the instance terminated.
    await world.clock.advance(1_000);
    await world.controller.discover();

    const gone = await world.worker('w1');
    expect(gone.status?.phase).toBe('Terminated');
    expect(gone.status?.history?.at(-1)?.reason).toContain('is gone');
  });

  it('adopts an unknown instance of a known template, in the state it is in', async () => {
    const world = await start();
    const instance = await launchBehindOurBack(world, 'ghost', 'small');
    await world.controller.discover();

    const adopted = await world.until((w) => w.status?.phase === 'Running', 'ghost');
    expect(adopted.metadata.labels?.[ADOPTED_LABEL]).toBe('true');
    expect(adopted.spec).toMatchObject({ template: 'small', region: 'sim-1' });
    expect(adopted.status?.instanceId).toBe(instance.id);
    expect(adopted.status?.history?.[0]?.to).toBe('Unknown');
    expect(adopted.status?.cml?.ready).toBe(true);
  });

  it('leaves an instance of an unknown template alone', async () => {
    const world = await start();
    const instance = await launchBehindOurBack(world, 'stray', 'retired-template');
    await world.controller.discover();

    const { items } = await world.client.list('Worker');
    expect(items).toEqual([]);
    expect((await world.cloud.describe(instance.id)).state).toBe('pending');
  });
});
