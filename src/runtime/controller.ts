/**
 * A controller: informers for its kind and the kinds it watches feed keys into a work queue, and
 * workers call the reconciler for each key, with backoff, timed requeues, resync and metrics.
 */
import type { Clock, Timer } from '../clock/index.js';
import type { ResourceClient } from '../client/resource-client.js';
import { hasReason, toError } from '../errors/index.js';
import type { Logger, Registry } from '../observability/index.js';
import { formatObjectKey, type AnyResource } from '../resources/index.js';
import { Informer } from './informer.js';
import type { Runnable } from './manager.js';
import type { RateLimiter } from './rate-limiter.js';
import {
  TerminalError,
  parseObjectKey,
  type ObjectKeyRef,
  type Reconciler,
  type ReconcileResult,
} from './reconciler.js';
import {
  getRuntimeMetrics,
  type ReconcileOutcome,
  type RuntimeMetrics,
} from './runtime-metrics.js';
import { WorkQueue } from './work-queue.js';

/** Another kind whose changes should reconcile objects of the controller's own kind. */
export interface WatchSource {
  kind: string;
  /** The keys (of the controller's kind) to reconcile when `object` changes. */
  mapToKeys(object: AnyResource): readonly ObjectKeyRef[];
}

export interface ControllerOptions {
  /** Unique per process; the `controller` label of every metric and log line. */
  name: string;
  /** The kind this controller reconciles; each of its changes queues the object's own key. */
  for: string;
  /**
   * Kinds whose objects carry an ownerReference to a `for` object; a change queues the owner.
   * @default []
   */
  owns?: readonly string[];
  /** Other kinds to watch, each with a function mapping a changed object to keys. @default [] */
  watches?: readonly WatchSource[];
  /**
   * Informers to use instead of building one per kind, so the reconciler and other controllers
   * can read the same cache. The controller starts them if needed but never stops them.
   * @default [] (the controller builds, starts and stops its own informers)
   */
  informers?: readonly Informer[];
  /**
   * The given `informers` belong to this controller alone: it stops them when it stops (so a
   * shutdown or a lost lease leaves no watch running). @default false
   */
  stopInformers?: boolean;
  /**
   * Restrict the `for` informer to one namespace (only when built here: shared informers are
   * matched by kind alone). @default all namespaces
   */
  namespace?: string;
  reconciler: Reconciler;
  /** Keys reconciled at the same time (never the same key twice). @default 1 */
  maxConcurrentReconciles?: number;
  /** Per-key backoff after errors. @default ExponentialRateLimiter (1 s → 5 min) */
  rateLimiter?: RateLimiter;
  /** Every cached key of `for` is queued again this often; 0 disables. @default 600_000 (10 min) */
  resyncPeriodMs?: number;
  /** Whether the manager runs this controller only while it holds the lease. @default true */
  needsLeaderElection?: boolean;
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  /** The process's Prometheus registry; runtime metrics are registered on it once. */
  metrics: Registry;
}

interface ResolvedSource {
  informer: Informer;
  /** Built by this run, so stopped by it. */
  owned: boolean;
  namespace: string | undefined;
  keysFor(object: AnyResource): readonly ObjectKeyRef[];
}

/**
 * Runs the reconcile loop for one kind. Result handling (controller-runtime semantics):
 * success → forget the key's backoff; `requeueAfterMs` → forget and queue again after the delay;
 * thrown error → queue again after the key's backoff (a `Conflict` included: the next run reads
 * the newer object from the cache rather than re-sending a stale write); `TerminalError` →
 * forget, log and count, no retry. `start` may be called again after it has returned.
 */
export class Controller implements Runnable {
  readonly name: string;
  readonly needsLeaderElection: boolean;
  readonly #options: ControllerOptions;
  readonly #logger: Logger;
  readonly #metrics: RuntimeMetrics;
  readonly #maxConcurrent: number;
  readonly #resyncPeriodMs: number;
  #queue: WorkQueue | undefined;
  #sources: ResolvedSource[] = [];

  constructor(options: ControllerOptions) {
    this.#options = options;
    this.name = options.name;
    this.needsLeaderElection = options.needsLeaderElection ?? true;
    this.#maxConcurrent = options.maxConcurrentReconciles ?? 1;
    this.#resyncPeriodMs = options.resyncPeriodMs ?? 600_000;
    this.#logger = options.logger.child({ controller: options.name });
    this.#metrics = getRuntimeMetrics(options.metrics);
  }

  /**
   * Starts informers, waits for their first list, then reconciles until `signal` aborts. On abort
   * the queue stops taking work, in-flight reconciles (whose `ctx.signal` is this one) finish,
   * owned informers stop, and the promise resolves.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#queue) throw new Error(`controller ${this.name} is already running`);
    const queue = new WorkQueue({
      clock: this.#options.clock,
      maxInFlight: this.#maxConcurrent,
      ...(this.#options.rateLimiter ? { rateLimiter: this.#options.rateLimiter } : {}),
      onDepthChange: (depth) => this.#metrics.workqueueDepth.set({ controller: this.name }, depth),
    });
    this.#queue = queue;
    this.#sources = this.#resolveSources();
    const unsubscribe = this.#sources.map((source) => this.#subscribe(source, queue));
    let resync: Timer | undefined;
    const workers: Promise<void>[] = [];
    try {
      for (const { informer } of this.#sources) informer.start();
      const synced = await Promise.all(this.#sources.map((s) => s.informer.waitForSync(signal)));
      if (!signal.aborted) {
        if (!synced.every(Boolean))
          throw new Error(
            `controller ${this.name}: a shared informer was stopped before it synced`,
          );
        this.#logger.info('caches synced; starting workers');
        for (let i = 0; i < this.#maxConcurrent; i++) workers.push(this.#work(queue, signal));
        resync = this.#scheduleResync(queue);
        await waitForAbort(signal);
      }
    } finally {
      resync?.cancel();
      await queue.shutdown();
      await Promise.all(workers);
      for (const off of unsubscribe) off();
      const stopping = new Set(this.#sources.filter((s) => s.owned).map((s) => s.informer));
      if (this.#options.stopInformers)
        for (const informer of this.#options.informers ?? []) stopping.add(informer);
      await Promise.all([...stopping].map((informer) => informer.stop()));
      this.#metrics.workqueueDepth.set({ controller: this.name }, 0);
      this.#queue = undefined;
      this.#logger.info('stopped');
    }
  }

  /** The informer this controller reads `kind` through while running. */
  informer(kind: string): Informer | undefined {
    return this.#sources.find((source) => source.informer.kind === kind)?.informer;
  }

  /** Test hook: true when no key is ready or being reconciled (timed requeues may be pending). */
  isIdle(): boolean {
    return this.#queue?.isIdle() ?? true;
  }

  /** Keys ready and waiting for a worker. */
  get queueDepth(): number {
    return this.#queue?.depth ?? 0;
  }

  /** Test hook: keys waiting for a backoff or `requeueAfterMs` delay to pass. */
  get delayedKeys(): number {
    return this.#queue?.delayed ?? 0;
  }

  #resolveSources(): ResolvedSource[] {
    const own = this.#options.for;
    const sources: ResolvedSource[] = [];
    const add = (kind: string, keysFor: ResolvedSource['keysFor'], namespace?: string): void => {
      sources.push({ ...this.#informerFor(kind, sources, namespace), namespace, keysFor });
    };
    add(own, (object) => [object.metadata], this.#options.namespace);
    for (const kind of this.#options.owns ?? []) add(kind, (object) => ownerKeys(object, own));
    for (const watch of this.#options.watches ?? [])
      add(watch.kind, (object) => watch.mapToKeys(object));
    return sources;
  }

  /** A shared informer, one this run already built for `kind`, or a new one (owned). */
  #informerFor(
    kind: string,
    built: readonly ResolvedSource[],
    namespace?: string,
  ): { informer: Informer; owned: boolean } {
    const shared = this.#options.informers?.find((informer) => informer.kind === kind);
    if (shared) return { informer: shared, owned: false };
    // Another source of this run on the same kind (e.g. `for` and a watch): one informer is enough.
    const sibling = built.find(
      (source) => source.owned && source.informer.kind === kind && source.namespace === namespace,
    );
    if (sibling) return { informer: sibling.informer, owned: false };
    const { client, clock, logger } = this.#options;
    const informer = new Informer({
      client,
      clock,
      logger,
      kind,
      ...(namespace ? { namespace } : {}),
    });
    return { informer, owned: true };
  }

  #subscribe(source: ResolvedSource, queue: WorkQueue): () => void {
    const enqueue = (...objects: AnyResource[]): void => {
      // Collect first: adding the old object's key can hand it to an idle worker at once, and
      // adding the same key again would then mark it dirty and reconcile it twice.
      const keys = new Set(
        objects.flatMap((o) => source.keysFor(o).map((k) => formatObjectKey(k))),
      );
      for (const key of keys) queue.add(key);
    };
    return source.informer.addEventHandler({
      onAdd: (object) => enqueue(object),
      onUpdate: (oldObject, newObject) => enqueue(oldObject, newObject),
      onDelete: (object) => enqueue(object),
    });
  }

  #scheduleResync(queue: WorkQueue): Timer | undefined {
    if (this.#resyncPeriodMs <= 0) return undefined;
    const forInformer = this.#sources[0]?.informer;
    let timer: Timer;
    const tick = (): void => {
      for (const key of forInformer?.keys() ?? []) queue.add(key);
      timer = this.#options.clock.setTimer(this.#resyncPeriodMs, tick);
    };
    timer = this.#options.clock.setTimer(this.#resyncPeriodMs, tick);
    return { cancel: () => timer.cancel() };
  }

  async #work(queue: WorkQueue, signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await this.#reconcileKey(queue, key, signal);
      } finally {
        queue.done(key);
      }
    }
  }

  async #reconcileKey(queue: WorkQueue, key: string, signal: AbortSignal): Promise<void> {
    const logger = this.#logger.child({ key });
    const startedMs = this.#options.clock.nowMs();
    let outcome: ReconcileOutcome | undefined;
    try {
      const result: ReconcileResult = await this.#options.reconciler.reconcile(
        { signal, logger },
        parseObjectKey(key),
      );
      queue.forget(key);
      if (result.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
        queue.addAfter(key, result.requeueAfterMs);
        outcome = 'requeue_after';
      } else outcome = 'success';
    } catch (error) {
      outcome = this.#handleError(queue, key, error, logger, signal);
    } finally {
      const seconds = (this.#options.clock.nowMs() - startedMs) / 1000;
      this.#metrics.reconcileDuration.observe({ controller: this.name }, seconds);
      if (outcome) this.#metrics.reconcileTotal.inc({ controller: this.name, result: outcome });
    }
  }

  #handleError(
    queue: WorkQueue,
    key: string,
    error: unknown,
    logger: Logger,
    signal: AbortSignal,
  ): ReconcileOutcome | undefined {
    if (error instanceof TerminalError) {
      queue.forget(key);
      logger.error({ err: error }, 'reconcile failed terminally; not retrying');
      return 'terminal';
    }
    if (signal.aborted) {
      // Stopping (shutdown or lost lease): the failure is most likely the abort itself, and the
      // next run or leader lists everything again. Not counted, not retried.
      logger.debug({ err: toError(error) }, 'reconcile ended while stopping');
      return undefined;
    }
    const delayMs = queue.addRateLimited(key);
    this.#metrics.workqueueRetries.inc({ controller: this.name });
    if (hasReason(error, 'Conflict'))
      logger.info({ delayMs }, 'reconcile hit a Conflict (stale cache); requeued to re-read');
    else logger.warn({ err: toError(error), delayMs }, 'reconcile failed; requeued with backoff');
    return 'error';
  }
}

/**
 * Keys of the owners of `object` whose kind is `ownerKind`. A namespaced object's owner is taken
 * to be in the same namespace (Kubernetes' rule for namespaced owners); map a namespaced object
 * to a cluster-scoped owner with `watches` instead.
 */
function ownerKeys(object: AnyResource, ownerKind: string): ObjectKeyRef[] {
  return (object.metadata.ownerReferences ?? [])
    .filter((owner) => owner.kind === ownerKind)
    .map((owner) => ({
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      name: owner.name,
    }));
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}
