/** A controller over a real embedded PostgreSQL (PGlite) keeps working across a store restart. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALLOW_ALL } from '../admission/admission.js';
import { LocalResourceClient } from '../client/local-client.js';
import { ManualClock } from '../clock/index.js';
import { createMetricsRegistry, createSilentLogger } from '../observability/index.js';
import { CONFORMANCE_CONFIG } from '../store/conformance/conformance-helpers.js';
import { aWidget, createTestRegistry } from '../store/conformance/test-kinds.js';
import { PgliteDriver } from '../store/postgres/drivers/pglite-driver.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { FaultyClient } from '../../test/support/faulty-client.js';
import { waitFor } from '../../test/support/wait-for.js';
import { Controller } from './controller.js';
import type { ObjectKeyRef } from './reconciler.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Controller across a store restart', () => {
  it('resumes from where it was once its PGlite store is closed and reopened', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lcm-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const clock = new ManualClock();
    const open = async () => {
      const store = await PostgresStore.open({
        driver: await PgliteDriver.open(dataDir),
        registry: createTestRegistry(),
        clock,
        config: CONFORMANCE_CONFIG,
        logger: createSilentLogger(),
      });
      cleanups.push(() => store.close());
      return store;
    };
    const first = await open();
    const client = new FaultyClient(
      new LocalResourceClient({ store: first, admission: ALLOW_ALL }),
    );
    const seen: string[] = [];
    const controller = new Controller({
      name: 'widgets',
      for: 'TestWidget',
      reconciler: {
        reconcile: async (_ctx, key: ObjectKeyRef) => {
          seen.push(key.name);
          return {};
        },
      },
      client,
      clock,
      logger: createSilentLogger(),
      metrics: createMetricsRegistry({ defaultMetrics: false }),
      resyncPeriodMs: 0,
    });
    const abort = new AbortController();
    const running = controller.start(abort.signal);
    cleanups.push(async () => {
      abort.abort();
      await running;
    });

    await client.create(aWidget('before'));
    await waitFor(() => seen.includes('before'), { description: 'the first reconcile' });

    await first.close();
    const second = await open();
    client.replaceInner(new LocalResourceClient({ store: second, admission: ALLOW_ALL }));
    await client.create(aWidget('after'));
    // Reconnects back off on the clock; move it until the controller has caught up.
    for (let i = 0; i < 60 && !seen.includes('after'); i++) {
      await clock.advance(1000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen).toContain('after');
    expect(seen.filter((name) => name === 'before')).toHaveLength(1);
  });
});
