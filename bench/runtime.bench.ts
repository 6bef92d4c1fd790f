/**
 * Runtime benchmark: events/s through informer → work queue → a no-op reconcile, and reaction
 * latency (write committed → reconcile starts) p50/p99, on PGlite and PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { ALLOW_ALL } from '../src/admission/admission.js';
import { LocalResourceClient } from '../src/client/local-client.js';
import { SystemClock } from '../src/clock/index.js';
import { createMetricsRegistry, createSilentLogger } from '../src/observability/index.js';
import type { AnyResource } from '../src/resources/index.js';
import { Controller, Informer, type ObjectKeyRef } from '../src/runtime/index.js';
import { aWidget } from '../src/store/conformance/test-kinds.js';
import type { ResourceStore } from '../src/store/index.js';
import { benchTargets, percentile, printTable } from './bench-support.js';

const OBJECTS = 5000;
const LATENCY_SAMPLES = 1000;

/** The pipeline under test: a shared informer, a controller with a no-op reconciler. */
async function startPipeline(store: ResourceStore) {
  const client = new LocalResourceClient({ store, admission: ALLOW_ALL });
  const clock = new SystemClock();
  const logger = createSilentLogger();
  const informer = new Informer({ client, clock, logger, kind: 'TestWidget' });
  /** Reconcile starts: the cached resourceVersion seen and when. */
  const starts: { revision: number; atMs: number }[] = [];
  const controller = new Controller({
    name: 'bench',
    for: 'TestWidget',
    informers: [informer],
    client,
    clock,
    logger,
    metrics: createMetricsRegistry({ defaultMetrics: false }),
    reconciler: {
      reconcile: async (_ctx, key: ObjectKeyRef) => {
        const cached = informer.get(key);
        starts.push({
          revision: Number(cached?.metadata.resourceVersion ?? 0),
          atMs: performance.now(),
        });
        return {};
      },
    },
  });
  const abort = new AbortController();
  const running = controller.start(abort.signal);
  await informer.waitForSync();
  const stop = async () => {
    abort.abort();
    await running;
    await informer.stop();
  };
  return { informer, controller, starts, stop };
}

type Pipeline = Awaited<ReturnType<typeof startPipeline>>;

/** Resolves once the informer has applied `revision` and every queued key was reconciled. */
async function drained(pipeline: Pipeline, revision: number): Promise<void> {
  while (!(pipeline.informer.latestRevision() >= revision && pipeline.controller.isIdle()))
    await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Commits `OBJECTS` changes in one transaction; returns events/s from commit to drained. */
async function burst(
  store: ResourceStore,
  pipeline: Pipeline,
  ops: Parameters<ResourceStore['transact']>[0],
): Promise<{ eventsPerSecond: number; results: AnyResource[] }> {
  const results = await store.transact(ops);
  const committedAt = performance.now();
  const revision = Math.max(...results.map((o) => Number(o.metadata.resourceVersion)));
  await drained(pipeline, revision);
  return { eventsPerSecond: ops.length / ((performance.now() - committedAt) / 1000), results };
}

async function throughput(store: ResourceStore, pipeline: Pipeline) {
  const names = Array.from({ length: OBJECTS }, (_, i) => `t-${i}`);
  const reconcilesBefore = pipeline.starts.length;
  const created = await burst(
    store,
    pipeline,
    names.map((name) => ({ op: 'create' as const, object: aWidget(name, { n: 0 }) })),
  );
  const updated = await burst(
    store,
    pipeline,
    created.results.map((object) => ({
      op: 'update' as const,
      object: { ...object, spec: { n: 1 } },
    })),
  );
  const deleted = await burst(
    store,
    pipeline,
    names.map((name) => ({
      op: 'delete' as const,
      kind: 'TestWidget',
      name,
      namespace: 'default',
    })),
  );
  return {
    create: created.eventsPerSecond,
    update: updated.eventsPerSecond,
    delete: deleted.eventsPerSecond,
    reconciles: pipeline.starts.length - reconcilesBefore,
  };
}

/** Sequential updates at ~200/s; latency from the write's commit to the reconcile that sees it. */
async function reactionLatency(store: ResourceStore, pipeline: Pipeline) {
  let current = await store.create(aWidget('lat', { n: 0 }));
  const committed: { revision: number; atMs: number }[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const started = performance.now();
    current = await store.update({ ...current, spec: { n: i + 1 } });
    committed.push({ revision: Number(current.metadata.resourceVersion), atMs: performance.now() });
    const pause = 5 - (performance.now() - started);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  await drained(pipeline, Number(current.metadata.resourceVersion));
  const latencies = committed
    .map(({ revision, atMs }) => {
      const reaction = pipeline.starts.find((start) => start.revision >= revision);
      return Math.max(0, (reaction?.atMs ?? Number.POSITIVE_INFINITY) - atMs);
    })
    .sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function runRuntimeBenchmark(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const target of await benchTargets()) {
    const { store, dispose } = await target.open();
    const pipeline = await startPipeline(store);
    try {
      const rates = await throughput(store, pipeline);
      const latency = await reactionLatency(store, pipeline);
      rows.push({
        backend: target.name,
        'create events/s': Math.round(rates.create),
        'update events/s': Math.round(rates.update),
        'delete events/s': Math.round(rates.delete),
        [`reconciles (of ${3 * OBJECTS} events)`]: rates.reconciles,
        'write→reconcile p50 ms': latency.p50.toFixed(2),
        'write→reconcile p99 ms': latency.p99.toFixed(2),
      });
    } finally {
      await pipeline.stop();
      await dispose();
    }
  }
  printTable(
    `runtime benchmark (${OBJECTS}-object transactions through informer → queue → no-op reconcile; latency from commit, ${LATENCY_SAMPLES} updates at ~200/s)`,
    rows,
  );
}
