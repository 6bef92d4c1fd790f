/**
 * The event feed over a memory store of the built-in kinds (ManualClock), with helpers that make
 * the changes the feed announces: definitions, sessions and workers moved through their phases.
 */
import { BuiltInAdmission } from '../../src/admission/built-in-admission.js';
import { ManualClock } from '../../src/clock/index.js';
import { LocalResourceClient } from '../../src/client/local-client.js';
import type { StoreConfig } from '../../src/config/index.js';
import { createEventFeed } from '../../src/controllers/events/event-feed.js';
import type { SinkConfig } from '../../src/controllers/events/http-sink.js';
import type { SecretSource } from '../../src/controllers/workers/secret-source.js';
import { ignoreNotFound } from '../../src/errors/index.js';
import {
  createMetricsRegistry,
  createSilentLogger,
  type Registry,
} from '../../src/observability/index.js';
import { API_VERSION, type AnyResource } from '../../src/resources/index.js';
import { createKindRegistry } from '../../src/resources/kinds/built-in-kinds.js';
import { SESSION_MACHINE } from '../../src/resources/kinds/lablet-session.js';
import { transitionPhase, type PhaseMachine } from '../../src/resources/kinds/phase-machine.js';
import { WORKER_MACHINE } from '../../src/resources/kinds/worker.js';
import { CONFORMANCE_CONFIG } from '../../src/store/conformance/conformance-helpers.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { aDefinition, aSession, aTemplate } from './builders.js';
import { waitFor } from './wait-for.js';

export const FEED_SOURCE = 'https://lcm.example.test';

export interface RunningFeed {
  metrics: Registry;
  stop(): Promise<void>;
}

export class EventFeedWorld {
  readonly clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  readonly store: MemoryStore;
  readonly client: LocalResourceClient;

  constructor(config: Partial<StoreConfig> = {}) {
    this.store = new MemoryStore({
      registry: createKindRegistry(),
      clock: this.clock,
      config: { ...CONFORMANCE_CONFIG, ...config },
    });
    this.client = new LocalResourceClient({
      store: this.store,
      admission: new BuiltInAdmission({ clock: this.clock }),
      clock: this.clock,
    });
  }

  /** Starts a feed to `sinks` and waits until each sink has its cursor (it starts from "now"). */
  async startFeed(sinks: SinkConfig[], secrets?: SecretSource): Promise<RunningFeed> {
    const metrics = createMetricsRegistry({ defaultMetrics: false });
    const feed = createEventFeed({
      client: this.client,
      clock: this.clock,
      logger: createSilentLogger(),
      metrics,
      events: { sinks, maxRetrySeconds: 8 },
      source: FEED_SOURCE,
      ...(secrets ? { secrets } : {}),
    });
    const abort = new AbortController();
    const running = feed.start(abort.signal);
    for (const sink of sinks)
      await waitFor(async () => (await this.cursorOf(sink.name)) !== undefined, {
        description: `the cursor of sink ${sink.name}`,
      });
    return {
      metrics,
      stop: async () => {
        abort.abort();
        await running;
      },
    };
  }

  /** Waits until the feed has seen `count` deliveries acknowledged (the sink may record sooner). */
  async acknowledged(feed: RunningFeed, count: number): Promise<void> {
    await waitFor(
      async () => {
        const metric = await feed.metrics.getSingleMetric('lcm_events_delivered_total')?.get();
        return (metric?.values ?? []).reduce((sum, { value }) => sum + value, 0) >= count;
      },
      { description: `${count} acknowledged deliveries` },
    );
  }

  /** The revision stored in the sink's EventSinkCursor, if any. */
  async cursorOf(sink: string): Promise<number | undefined> {
    const cursor = await ignoreNotFound(this.client.get('EventSinkCursor', sink));
    return (cursor?.spec as { revision?: number } | undefined)?.revision;
  }

  async anActiveDefinition(name = 'ccna-1'): Promise<void> {
    await this.client.create(aDefinition(name, { state: 'Active' }));
  }

  async aSession(name: string): Promise<void> {
    await this.client.create(aSession(name));
  }

  /** A worker the scheduler would create for demand (label `lcm.io/scale-up`). */
  async aScaleUpWorker(name: string): Promise<void> {
    await ignoreNotFound(this.client.get('WorkerTemplate', 'small')).then((found) =>
      found ? undefined : this.client.create(aTemplate('small')),
    );
    await this.client.create({
      apiVersion: API_VERSION,
      kind: 'Worker',
      metadata: {
        name,
        labels: { 'lcm.io/scale-up': 'true' },
        annotations: { 'lcm.io/scale-up-demand': JSON.stringify(['default/s1']) },
      },
      spec: { template: 'small', region: 'sim-1' },
    });
  }

  /** Moves a session (namespace default) or worker one phase, as controllers do. */
  async move(kind: 'LabletSession' | 'Worker', name: string, to: string): Promise<void> {
    const namespace = kind === 'Worker' ? undefined : 'default';
    const current = await this.client.get(kind, name, namespace);
    const machine = (kind === 'Worker' ? WORKER_MACHINE : SESSION_MACHINE) as PhaseMachine<string>;
    const status = transitionPhase(machine, current.status ?? {}, to, {
      at: this.clock.now(),
      reason: `To${to}`,
    });
    await this.client.updateStatus({ ...current, status });
  }

  /** A session status write that changes no phase. */
  async touch(name: string): Promise<void> {
    const current: AnyResource = await this.client.get('LabletSession', name, 'default');
    await this.client.updateStatus({
      ...current,
      status: { ...current.status, message: `touched at ${this.clock.now().toISOString()}` },
    });
  }

  /** Advances the clock (driving retry backoff) until `done` holds. */
  async advanceUntil(done: () => boolean, description: string): Promise<void> {
    await waitFor(
      async () => {
        if (done()) return true;
        await this.clock.advance(1_000);
        return done();
      },
      { intervalMs: 2, description },
    );
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
