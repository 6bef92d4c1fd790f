import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aTemplate } from '../../../../test/support/builders.js';
import { createBuiltInWorld, type BuiltInWorld } from '../../../../test/support/built-in-world.js';
import { SETTINGS, anAllocation } from '../../../../test/support/scale-down-fixtures.js';
import {
  createMetricsRegistry,
  createSilentLogger,
  type Registry,
} from '../../../observability/index.js';
import { API_VERSION, findCondition } from '../../../resources/index.js';
import { transitionPhase } from '../../../resources/kinds/phase-machine.js';
import { WORKER_MACHINE, type Worker, type WorkerSpec } from '../../../resources/kinds/worker.js';
import type { ScaleDownSettings } from '../scale-down-policy.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import { WorkerStatusDraft } from '../worker-status-draft.js';
import type { WorkerStepContext } from '../worker-step-context.js';
import { reconcileDrain } from './drain.js';
import { scaleDown } from './scale-down.js';

const MINUTE_MS = 60_000;

let world: BuiltInWorld;
let metrics: Registry;

beforeEach(async () => {
  world = createBuiltInWorld('2026-11-25T10:00:00Z');
  metrics = createMetricsRegistry({ defaultMetrics: false });
  await world.client.create(aTemplate('small'));
});

afterEach(async () => {
  await world.store.close();
});

async function aRunningWorker(name = 'w-1'): Promise<Worker> {
  const created = (await world.client.create({
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: { name },
    spec: { template: 'small', region: 'sim-1' },
    status: { phase: 'Unknown' },
  })) as Worker;
  const status = transitionPhase(WORKER_MACHINE, created.status ?? {}, 'Running', {
    at: world.clock.now(),
    reason: 'Observed',
  });
  return (await world.client.updateStatus({ ...created, status })) as Worker;
}

async function current(name = 'w-1'): Promise<Worker> {
  return (await world.client.get('Worker', name)) as Worker;
}

/**
 * One reconcile running the drain step and then this one, written the way the workers controller
 * writes: the status over the cached worker, then the spec change.
 */
async function reconcile(name = 'w-1', settings: ScaleDownSettings = SETTINGS) {
  const worker = await current(name);
  const draft = new WorkerStatusDraft(worker, world.clock.now());
  const requeues: number[] = [];
  let spec: Partial<WorkerSpec> = {};
  const step = {
    worker,
    draft,
    template: (await world.client.get('WorkerTemplate', 'small')) as WorkerTemplate,
    logger: createSilentLogger(),
    requeueAfter: (ms: number) => requeues.push(ms),
    changeSpec: (change: Partial<WorkerSpec>) => (spec = { ...spec, ...change }),
  };
  reconcileDrain(step as unknown as WorkerStepContext);
  const view = { template: undefined, regionWorkers: [], reservations: [], sessions: [] };
  scaleDown(step, { settings, metrics, view });
  const status = draft.mergeInto(worker);
  const written = status ? await world.client.updateStatus({ ...worker, status }) : worker;
  if (Object.keys(spec).length > 0)
    await world.client.update({ ...written, spec: { ...worker.spec, ...spec } });
  return { requeueAfterMs: requeues.length > 0 ? Math.min(...requeues) : undefined, spec };
}

/** The spec changes this step alone asks for on `worker`. */
function specChangesOf(worker: Worker): Partial<WorkerSpec>[] {
  const changes: Partial<WorkerSpec>[] = [];
  const view = { template: undefined, regionWorkers: [], reservations: [], sessions: [] };
  scaleDown(
    {
      worker,
      draft: new WorkerStatusDraft(worker, world.clock.now()),
      requeueAfter: () => undefined,
      changeSpec: (change) => changes.push(change),
    },
    { settings: SETTINGS, metrics, view },
  );
  return changes;
}

async function decisions(labels: string): Promise<number> {
  const text = await metrics.getSingleMetricAsString('lcm_scale_decisions_total');
  const row = text.split('\n').find((r) => r.startsWith(`lcm_scale_decisions_total{${labels}}`));
  return row ? Number(row.split(' ').pop()) : 0;
}

async function holdCompute(name = 'w-1'): Promise<void> {
  const worker = await current(name);
  await world.client.updateStatus({
    ...worker,
    status: { ...worker.status, allocations: [anAllocation('s-1')] },
  });
}

describe('scaleDown step', () => {
  it('marks a fresh worker idle, keeps it, and looks again when it will have idled long enough', async () => {
    await aRunningWorker();
    const { requeueAfterMs } = await reconcile();
    const worker = await current();
    expect(worker.status?.idle).toEqual({
      since: '2026-11-25T10:00:00.000Z',
      reason: 'NoAllocations',
    });
    expect(findCondition(worker.status?.conditions, 'ScaleDown')).toMatchObject({
      status: 'False',
      reason: 'NotIdleLongEnough',
    });
    expect(requeueAfterMs).toBe(60 * MINUTE_MS);
    expect(await decisions('decision="Keep",reason="NotIdleLongEnough"')).toBe(1);
  });

  it('writes and counts a decision only when its status or reason changes', async () => {
    await aRunningWorker();
    await reconcile();
    const recorded = await current();
    await world.clock.advance(10 * MINUTE_MS);
    await reconcile();
    expect((await current()).metadata.resourceVersion).toBe(recorded.metadata.resourceVersion);
    expect(await decisions('decision="Keep",reason="NotIdleLongEnough"')).toBe(1);
    await reconcile('w-1', { ...SETTINGS, enabled: false });
    const disabled = findCondition((await current()).status?.conditions, 'ScaleDown');
    expect(disabled?.reason).toBe('Disabled');
    expect(await decisions('decision="Keep",reason="Disabled"')).toBe(1);
  });

  it('drains a worker idle past the timeout, then asks for a stop once it is empty', async () => {
    await aRunningWorker();
    await reconcile();
    await world.clock.advance(61 * MINUTE_MS);
    expect(await reconcile()).toEqual({ requeueAfterMs: undefined, spec: { drain: true } });
    const draining = await current();
    expect(draining.spec.drain).toBe(true);
    expect(draining.status?.phase).toBe('Draining');
    expect(draining.status?.drainStartedAt).toBe(world.clock.now().toISOString());
    expect(draining.status?.history?.at(-1)).toMatchObject({
      from: 'Running',
      to: 'Draining',
      reason: 'ScaleDown: IdleTimeout',
    });
    expect(findCondition(draining.status?.conditions, 'ScaleDown')).toMatchObject({
      status: 'True',
      reason: 'IdleTimeout',
      lastTransitionTime: world.clock.now().toISOString(),
    });
    expect(await decisions('decision="ScaleDown",reason="IdleTimeout"')).toBe(1);
    expect((await reconcile()).spec).toEqual({ desiredState: 'Stopped' });
    const stopping = await current();
    expect(stopping.status?.phase).toBe('Draining');
    expect(stopping.spec.desiredState).toBe('Stopped');
  });

  it('asks for Terminated when the action is Terminate', async () => {
    const settings = { ...SETTINGS, action: 'Terminate' as const };
    await aRunningWorker();
    await reconcile('w-1', settings);
    await world.clock.advance(61 * MINUTE_MS);
    await reconcile('w-1', settings);
    await reconcile('w-1', settings);
    expect((await current()).spec.desiredState).toBe('Terminated');
  });

  it('keeps a worker holding compute and clears its idle record', async () => {
    await aRunningWorker();
    await reconcile();
    await world.clock.advance(61 * MINUTE_MS);
    await holdCompute();
    expect((await reconcile()).requeueAfterMs).toBeUndefined();
    const kept = await current();
    expect(kept.status?.phase).toBe('Running');
    expect(kept.status?.idle).toBeUndefined();
    expect(findCondition(kept.status?.conditions, 'ScaleDown')?.reason).toBe('HasAllocations');
  });

  it('leaves drains it did not start, and its own while compute is held, to the drain step', async () => {
    const worker = await aRunningWorker();
    const operatorDrain = (await world.client.updateStatus({
      ...worker,
      status: transitionPhase(WORKER_MACHINE, worker.status ?? {}, 'Draining', {
        at: world.clock.now(),
      }),
    })) as Worker;
    expect(specChangesOf(operatorDrain)).toEqual([]);

    await aRunningWorker('w-2');
    await reconcile('w-2');
    await world.clock.advance(61 * MINUTE_MS);
    await reconcile('w-2');
    await holdCompute('w-2');
    expect(specChangesOf(await current('w-2'))).toEqual([]);
  });
});
