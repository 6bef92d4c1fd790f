/**
 * Store benchmark: single-object updates/s (1 and 8 concurrent writers), 10-op transactions/s, and
 * watch latency (commit → watcher receives) p50/p99, on PGlite and PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import type { ResourceStore } from '../src/store/index.js';
import { aWidget } from '../src/store/conformance/test-kinds.js';
import { benchTargets, percentile, printTable } from './bench-support.js';

const DURATION_MS = 5000;

async function seed(store: ResourceStore, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) await store.create(aWidget(`${prefix}-${i}`, { n: 0 }));
}

/** Each writer updates its own object as fast as it can for DURATION_MS; returns updates/s. */
async function updatesPerSecond(store: ResourceStore, writers: number): Promise<number> {
  const prefix = `u${writers}`;
  await seed(store, writers, prefix);
  const deadline = performance.now() + DURATION_MS;
  let done = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      let current = await store.get('TestWidget', `${prefix}-${writer}`, 'default');
      while (performance.now() < deadline) {
        current = await store.update({ ...current, spec: { n: (current.spec.n as number) + 1 } });
        done++;
      }
    }),
  );
  return done / (DURATION_MS / 1000);
}

/** Transactions of 10 updates each (distinct objects per writer); returns transactions/s. */
async function transactionsPerSecond(store: ResourceStore, writers: number): Promise<number> {
  const prefix = `t${writers}`;
  await seed(store, writers * 10, prefix);
  const deadline = performance.now() + DURATION_MS;
  let done = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      let objects = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.get('TestWidget', `${prefix}-${writer * 10 + i}`, 'default'),
        ),
      );
      while (performance.now() < deadline) {
        objects = await store.transact(
          objects.map((object) => ({
            op: 'update' as const,
            object: { ...object, spec: { n: (object.spec.n as number) + 1 } },
          })),
        );
        done++;
      }
    }),
  );
  return done / (DURATION_MS / 1000);
}

/** Sequential updates at ~200/s; latency from the writer's commit returning to the watcher's receipt. */
async function watchLatency(
  store: ResourceStore,
): Promise<{ p50: number; p99: number; samples: number }> {
  await seed(store, 1, 'lat');
  const committedAt = new Map<number, number>();
  const receivedAt = new Map<number, number>();
  const watch = await store.watch('TestWidget');
  const reading = (async () => {
    for await (const event of watch)
      if (event.type === 'MODIFIED') receivedAt.set(event.revision, performance.now());
  })();
  let current = await store.get('TestWidget', 'lat-0', 'default');
  for (let i = 0; i < 1000; i++) {
    const started = performance.now();
    current = await store.update({ ...current, spec: { n: i + 1 } });
    committedAt.set(Number(current.metadata.resourceVersion), performance.now());
    const pause = 5 - (performance.now() - started);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  watch.close();
  await reading;
  const latencies = [...committedAt]
    .map(([revision, at]) =>
      Math.max(0, (receivedAt.get(revision) ?? Number.POSITIVE_INFINITY) - at),
    )
    .sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    samples: latencies.length,
  };
}

export async function runStoreBenchmark(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const target of await benchTargets()) {
    const { store, dispose } = await target.open();
    try {
      const single1 = await updatesPerSecond(store, 1);
      const single8 = await updatesPerSecond(store, 8);
      const tx1 = await transactionsPerSecond(store, 1);
      const tx8 = await transactionsPerSecond(store, 8);
      const latency = await watchLatency(store);
      rows.push({
        backend: target.name,
        'updates/s (1 writer)': Math.round(single1),
        'updates/s (8 writers)': Math.round(single8),
        '10-op tx/s (1 writer)': Math.round(tx1),
        '10-op tx/s (8 writers)': Math.round(tx8),
        'watch p50 ms': latency.p50.toFixed(2),
        'watch p99 ms': latency.p99.toFixed(2),
      });
    } finally {
      await dispose();
    }
  }
  printTable(`store benchmark (${DURATION_MS / 1000} s per throughput figure)`, rows);
}
