/** The controller: reconcile, requeue, backoff, terminal errors, metrics, recovery. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../clock/index.js';
import type { StoreConfig } from '../config/index.js';
import { hasReason } from '../errors/index.js';
import {
  createMetricsRegistry,
  createSilentLogger,
  type Registry,
} from '../observability/index.js';
import { aNode, aWidget } from '../store/conformance/test-kinds.js';
import { Controller, type ControllerOptions } from './controller.js';
import { Informer } from './informer.js';
import {
  TerminalError,
  type ObjectKeyRef,
  type ReconcileContext,
  type ReconcileResult,
} from './reconciler.js';
import { FaultyClient } from '../../test/support/faulty-client.js';
import { createMemoryWorld } from '../../test/support/memory-world.js';
import { waitFor } from '../../test/support/wait-for.js';

type Behaviour = (key: string, attempt: number, ctx: ReconcileContext) => Promise<ReconcileResult>;

/** A reconciler that records each call (key and clock time) and does what `behaviour` says. */
class RecordingReconciler {
  readonly calls: { key: string; atMs: number }[] = [];
  readonly clock: ManualClock;
  readonly behaviour: Behaviour;
  constructor(clock: ManualClock, behaviour: Behaviour = async () => ({})) {
    this.clock = clock;
    this.behaviour = behaviour;
  }
  async reconcile(ctx: ReconcileContext, ref: ObjectKeyRef): Promise<ReconcileResult> {
    const key = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
    this.calls.push({ key, atMs: this.clock.nowMs() });
    return this.behaviour(key, this.callsFor(key).length, ctx);
  }
  callsFor(key: string): { key: string; atMs: number }[] {
    return this.calls.filter((call) => call.key === key);
  }
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function setup(config: Partial<StoreConfig> = {}) {
  const { clock, store, local } = createMemoryWorld(config);
  stops.push(() => store.close());
  const client = new FaultyClient(local);
  const metrics = createMetricsRegistry({ defaultMetrics: false });
  const run = (reconciler: RecordingReconciler, options: Partial<ControllerOptions> = {}) => {
    const controller = new Controller({
      name: 'widgets',
      for: 'TestWidget',
      reconciler,
      client,
      clock,
      logger: createSilentLogger(),
      metrics,
      resyncPeriodMs: 0,
      ...options,
    });
    const abort = new AbortController();
    const running = controller.start(abort.signal);
    stops.push(async () => {
      abort.abort();
      await running;
    });
    return {
      controller,
      stop: async () => {
        abort.abort();
        await running;
      },
    };
  };
  return { clock, store, client, metrics, run };
}

async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const match = values.find((value) =>
    Object.entries(labels).every(([label, expected]) => value.labels[label] === expected),
  );
  return match?.value ?? 0;
}

describe('Controller', () => {
  it('reconciles each object that exists at start and each one created later', async () => {
    const { clock, client, run } = setup();
    await client.create(aWidget('before-1'));
    await client.create(aWidget('before-2', {}, { namespace: 'other' }));
    const reconciler = new RecordingReconciler(clock);
    run(reconciler);
    await waitFor(() => reconciler.calls.length === 2);
    await client.create(aWidget('after'));
    await waitFor(() => reconciler.calls.length === 3);
    expect(reconciler.calls.map((c) => c.key).sort()).toEqual([
      'default/after',
      'default/before-1',
      'other/before-2',
    ]);
  });

  it('reconciles an update once, though it queues the keys of both old and new object', async () => {
    const { clock, client, run } = setup();
    const reconciler = new RecordingReconciler(clock);
    const { controller } = run(reconciler);
    const created = await client.create(aWidget('a', { n: 1 }));
    await waitFor(() => reconciler.calls.length === 1 && controller.isIdle());
    await client.update({ ...created, spec: { n: 2 } });
    await waitFor(() => reconciler.calls.length === 2 && controller.isIdle());
    await client.create(aWidget('b'));
    await waitFor(() => reconciler.callsFor('default/b').length === 1 && controller.isIdle());
    expect(reconciler.callsFor('default/a')).toHaveLength(2);
  });

  it('reconciles a key again once requeueAfterMs has passed on the clock', async () => {
    const { clock, client, metrics, run } = setup();
    const reconciler = new RecordingReconciler(clock, async (_, attempt) =>
      attempt === 1 ? { requeueAfterMs: 30_000 } : {},
    );
    const { controller } = run(reconciler);
    await client.create(aWidget('a'));
    await waitFor(() => reconciler.calls.length === 1 && controller.isIdle());
    await clock.advance(29_999);
    expect(reconciler.calls).toHaveLength(1);
    await clock.advance(1);
    await waitFor(() => reconciler.calls.length === 2);
    await waitFor(() => controller.isIdle());
    expect(
      await metricValue(metrics, 'lcm_reconcile_total', {
        controller: 'widgets',
        result: 'requeue_after',
      }),
    ).toBe(1);
    expect(
      await metricValue(metrics, 'lcm_reconcile_total', {
        controller: 'widgets',
        result: 'success',
      }),
    ).toBe(1);
  });

  it('retries a failing key after 1 s, 2 s and 4 s, counting errors and retries', async () => {
    const { clock, client, metrics, run } = setup();
    const reconciler = new RecordingReconciler(clock, async (_, attempt) => {
      if (attempt <= 3) throw new Error(`provider down (attempt ${attempt})`);
      return {};
    });
    const { controller } = run(reconciler);
    await client.create(aWidget('a'));
    for (const delayMs of [1000, 2000, 4000]) {
      await waitFor(() => controller.isIdle() && controller.delayedKeys === 1);
      const before = reconciler.calls.length;
      await clock.advance(delayMs - 1);
      expect(reconciler.calls).toHaveLength(before);
      await clock.advance(1);
      await waitFor(() => reconciler.calls.length === before + 1);
    }
    const times = reconciler.calls.map((call) => call.atMs);
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([1000, 2000, 4000]);
    const count = (result: string) =>
      metricValue(metrics, 'lcm_reconcile_total', { controller: 'widgets', result });
    await waitFor(() => controller.isIdle());
    expect(await count('error')).toBe(3);
    expect(await count('success')).toBe(1);
    expect(
      await metricValue(metrics, 'lcm_workqueue_retries_total', { controller: 'widgets' }),
    ).toBe(3);
  });

  it('does not retry a TerminalError, and counts it as terminal', async () => {
    const { clock, client, metrics, run } = setup();
    const reconciler = new RecordingReconciler(clock, async () => {
      throw new TerminalError('the definition names a node type that does not exist');
    });
    const { controller } = run(reconciler);
    await client.create(aWidget('a'));
    await waitFor(() => reconciler.calls.length === 1 && controller.isIdle());
    await clock.advance(600_000);
    expect(reconciler.calls).toHaveLength(1);
    expect(
      await metricValue(metrics, 'lcm_reconcile_total', {
        controller: 'widgets',
        result: 'terminal',
      }),
    ).toBe(1);
    expect(
      await metricValue(metrics, 'lcm_workqueue_retries_total', { controller: 'widgets' }),
    ).toBe(0);
  });

  it('requeues after a Conflict and succeeds by reading the newer object from the cache', async () => {
    const { clock, client, metrics, run } = setup();
    const informer = new Informer({
      client,
      clock,
      logger: createSilentLogger(),
      kind: 'TestWidget',
    });
    stops.push(() => informer.stop());
    let conflicts = 0;
    const reconciler = new RecordingReconciler(clock, async (key, attempt) => {
      const cached = informer.get({ namespace: 'default', name: key.split('/')[1] as string });
      if (!cached || cached.spec.done === true) return {};
      // Another writer changes the object between our read and our write, once.
      if (attempt === 1) await client.update({ ...cached, spec: { ...cached.spec, other: 1 } });
      try {
        await client.update({ ...cached, spec: { ...cached.spec, done: true } });
      } catch (error) {
        if (hasReason(error, 'Conflict')) conflicts++;
        throw error;
      }
      return {};
    });
    run(reconciler, { informers: [informer] });
    await client.create(aWidget('a'));
    await waitFor(() => conflicts === 1);
    await clock.advance(1000);
    await waitFor(() => informer.get({ namespace: 'default', name: 'a' })?.spec.done === true);
    expect(informer.get({ namespace: 'default', name: 'a' })?.spec).toEqual({
      other: 1,
      done: true,
    });
    expect(conflicts).toBe(1);
    expect(
      await metricValue(metrics, 'lcm_reconcile_total', { controller: 'widgets', result: 'error' }),
    ).toBe(1);
  });

  it('leaves shared informers running when it stops, and stops them with stopInformers', async () => {
    const { clock, client, run } = setup();
    const shared = () => {
      const informer = new Informer({
        client,
        clock,
        logger: createSilentLogger(),
        kind: 'TestWidget',
      });
      stops.push(() => informer.stop());
      return informer;
    };
    const sharedInformer = shared();
    const borrowing = run(new RecordingReconciler(clock), { informers: [sharedInformer] });
    await waitFor(() => sharedInformer.hasSynced() && client.openWatches === 1);
    await borrowing.stop();
    expect(client.openWatches).toBe(1);
    await sharedInformer.stop();

    const ownInformer = shared();
    const owning = run(new RecordingReconciler(clock), {
      informers: [ownInformer],
      stopInformers: true,
    });
    await waitFor(() => ownInformer.hasSynced() && client.openWatches === 1);
    await owning.stop();
    expect(client.openWatches).toBe(0);
  });

  it('keeps reconciling after a store outage during which the missed events were compacted', async () => {
    const { clock, client, store, run } = setup({ eventRetentionMaxEvents: 5 });
    const reconciler = new RecordingReconciler(clock);
    run(reconciler);
    await client.create(aWidget('a'));
    await waitFor(() => reconciler.calls.length === 1 && client.openWatches === 1);

    client.failWatches = true;
    client.breakWatches();
    await waitFor(() => client.openWatches === 0);
    await client.create(aWidget('b'));
    await client.delete('TestWidget', 'a', { namespace: 'default' });
    for (let i = 0; i < 10; i++) await client.create(aNode(`noise-${i}`));
    await store.compact();
    client.failWatches = false;
    await clock.advance(1000);

    await waitFor(
      () =>
        reconciler.callsFor('default/b').length === 1 &&
        reconciler.callsFor('default/a').length === 2,
    );
    // The watch could not resume (Gone), so the informer listed again.
    expect(client.lists).toBeGreaterThanOrEqual(2);
    await client.create(aWidget('c'));
    await waitFor(() => reconciler.callsFor('default/c').length === 1);
  });

  it('maps changes of a watched kind to keys of its own kind', async () => {
    const { clock, client, run } = setup();
    const reconciler = new RecordingReconciler(clock);
    run(reconciler, {
      watches: [
        {
          kind: 'TestNode',
          mapToKeys: (node) => [{ namespace: 'default', name: String(node.spec.widget) }],
        },
      ],
    });
    await client.create(aNode('n1', { widget: 'w1' }));
    await waitFor(() => reconciler.callsFor('default/w1').length === 1);
  });

  it('queues every cached key again each resync period', async () => {
    const { clock, client, run } = setup();
    await client.create(aWidget('a'));
    await client.create(aWidget('b'));
    const reconciler = new RecordingReconciler(clock);
    const { controller } = run(reconciler, { resyncPeriodMs: 60_000 });
    await waitFor(() => reconciler.calls.length === 2 && controller.isIdle());
    await clock.advance(60_000);
    await waitFor(() => reconciler.calls.length === 4);
  });

  it('aborts in-flight reconciles on stop, waits for them, and closes its watches', async () => {
    const { clock, client, run } = setup();
    let sawAbort = false;
    const reconciler = new RecordingReconciler(clock, async (_key, _attempt, ctx) => {
      await clock.sleep(3_600_000, ctx.signal).catch(() => (sawAbort = true));
      return {};
    });
    const { stop } = run(reconciler);
    await client.create(aWidget('slow'));
    await waitFor(() => reconciler.calls.length === 1);
    await stop();
    expect(sawAbort).toBe(true);
    expect(client.openWatches).toBe(0);
  });

  it('shares one metrics registry between controllers, labelled by controller name', async () => {
    const { clock, client, metrics, run } = setup();
    const widgets = new RecordingReconciler(clock);
    const nodes = new RecordingReconciler(clock);
    run(widgets);
    run(nodes, { name: 'nodes', for: 'TestNode' });
    await client.create(aWidget('w'));
    await client.create(aNode('n'));
    await waitFor(() => widgets.calls.length === 1 && nodes.calls.length === 1);
    for (const controller of ['widgets', 'nodes'])
      expect(
        await metricValue(metrics, 'lcm_reconcile_total', { controller, result: 'success' }),
      ).toBe(1);
    expect(await metricValue(metrics, 'lcm_workqueue_depth', { controller: 'nodes' })).toBe(0);
    const histogram = await metrics.getSingleMetric('lcm_reconcile_duration_seconds')?.get();
    expect(histogram?.values.some((v) => v.labels.controller === 'nodes')).toBe(true);
  });
});
