/**
 * The informer (k8s client-node's ListWatch): list, watch from the list's revision, keep a local
 * cache with indexes, tell handlers about changes, and relist on `Gone`. It never skips an event.
 */
import type { Clock } from '../clock/index.js';
import type { ResourceClient, Watch, WatchEvent } from '../client/resource-client.js';
import { hasReason, toError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import {
  matchesLabelSelector,
  parseLabelSelector,
  type AnyResource,
  type LabelSelector,
} from '../resources/index.js';
import { Indexer, keyOf, type IndexFunc } from './indexer.js';
import { ExponentialRateLimiter } from './rate-limiter.js';
import type { ObjectKeyRef } from './reconciler.js';

export interface InformerOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  kind: string;
  /** Cache only this namespace. @default all namespaces */
  namespace?: string;
  /** Cache only objects matching this selector, e.g. `tier=gold`. @default every object */
  labelSelector?: string;
  /** First reconnect delay after a failed list or watch. @default 1000 */
  reconnectBaseDelayMs?: number;
  /** Reconnect delays double up to this. @default 30_000 (k8s client-node's cap) */
  reconnectMaxDelayMs?: number;
}

/** Change callbacks; they run synchronously, in revision order, after the cache was updated. */
export interface InformerEventHandler<T extends AnyResource = AnyResource> {
  onAdd?(object: T): void;
  onUpdate?(oldObject: T, newObject: T): void;
  /** Receives the last known state of the object. */
  onDelete?(object: T): void;
}

const RECONNECT_KEY = 'watch';

/** One watch event; derived from `Watch` because runtime/ must not import store/. */

/**
 * Keeps a cache of one kind in step with the store. After `start()` it lists, then watches from
 * the list's revision; an event whose revision is not newer than what the cache already reflects
 * is ignored. When the watch revision was compacted (`Gone`) it lists again and emits deletes for
 * objects that vanished and updates for those that changed meanwhile. Other failures (the watch
 * ends, the store is unreachable) reconnect from the last applied revision with exponential
 * backoff on the injected clock, so no event is skipped.
 */
export class Informer<T extends AnyResource = AnyResource> {
  readonly #options: InformerOptions;
  readonly #logger: Logger;
  readonly #selector: LabelSelector | undefined;
  readonly #indexer = new Indexer<T>();
  readonly #handlers = new Set<InformerEventHandler<T>>();
  readonly #backoff: ExponentialRateLimiter;
  #revision = 0;
  #synced = false;
  #syncWaiters: (() => void)[] = [];
  #running: Promise<void> | undefined;
  #stopping = false;
  #abort = new AbortController();
  #watch: Watch | undefined;

  constructor(options: InformerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ informer: options.kind });
    this.#selector = options.labelSelector ? parseLabelSelector(options.labelSelector) : undefined;
    this.#backoff = new ExponentialRateLimiter({
      baseDelayMs: options.reconnectBaseDelayMs ?? 1000,
      maxDelayMs: options.reconnectMaxDelayMs ?? 30_000,
    });
  }

  get kind(): string {
    return this.#options.kind;
  }

  /** Starts listing and watching in the background; a no-op while already running. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#synced = false;
    this.#abort = new AbortController();
    this.#running = this.#run();
  }

  /** Closes the watch and resolves once the list/watch loop has ended. The cache is kept. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort(new Error('informer stopped'));
    this.#watch?.close();
    await this.#running;
    this.#running = undefined;
    this.#releaseSyncWaiters();
  }

  /** True once the first list after `start()` is in the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves `true` once synced, or `false` if the informer stops or `signal` aborts first. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return true;
    if (!this.#running || signal?.aborted) return false;
    let release: () => void = () => undefined;
    // Only this caller's abort ends this wait; other waiters keep waiting for the sync.
    const onAbort = (): void => {
      this.#syncWaiters = this.#syncWaiters.filter((waiter) => waiter !== release);
      release();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    await new Promise<void>((resolve) => {
      release = resolve;
      this.#syncWaiters.push(resolve);
    });
    signal?.removeEventListener('abort', onAbort);
    return this.hasSynced() && !(signal?.aborted ?? false);
  }

  /** The store revision the cache reflects: the last list's, or the last event's or bookmark's. */
  latestRevision(): number {
    return this.#revision;
  }

  /**
   * Registers change callbacks; returns a function that removes them. When the cache is already
   * synced, `onAdd` is called at once for every cached object, so late handlers miss nothing.
   */
  addEventHandler(handler: InformerEventHandler<T>): () => void {
    this.#handlers.add(handler);
    if (this.#synced)
      for (const object of this.#indexer.list()) this.#call(handler, 'onAdd', object);
    return () => this.#handlers.delete(handler);
  }

  /** See {@link Indexer.addIndex}. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    this.#indexer.addIndex(name, fn);
  }

  /** See {@link Indexer.byIndex}. */
  byIndex(name: string, value: string): T[] {
    return this.#indexer.byIndex(name, value);
  }

  /** The cached object (frozen: copy before changing it), or `undefined`. */
  get(key: ObjectKeyRef): T | undefined {
    return this.#indexer.get(key);
  }

  /** Cached objects, all or of one namespace. */
  list(namespace?: string): T[] {
    return this.#indexer.list(namespace);
  }

  /** Queue keys of all cached objects. */
  keys(): string[] {
    return this.#indexer.keys();
  }

  get size(): number {
    return this.#indexer.size;
  }

  async #run(): Promise<void> {
    let needList = true;
    let goneInARow = 0;
    while (!this.#isStopping()) {
      try {
        if (needList) await this.#relist();
        needList = false;
        await this.#watchOnce(() => {
          goneInARow = 0;
          this.#backoff.forget(RECONNECT_KEY);
        });
      } catch (error) {
        this.#watch?.close();
        this.#watch = undefined;
        if (this.#isStopping()) break;
        if (hasReason(error, 'Gone')) {
          needList = true;
          this.#logger.info({ revision: this.#revision }, 'watch revision compacted; relisting');
          // Gone means the store answered: relist at once (the usual case after a long
          // disconnect). Gone again right after a relist backs off, so a store that keeps
          // compacting is not hammered.
          if (++goneInARow === 1) continue;
        } else goneInARow = 0;
        const delayMs = this.#backoff.when(RECONNECT_KEY);
        this.#logger.warn({ err: toError(error), delayMs }, 'list/watch failed; reconnecting');
        await this.#options.clock.sleep(delayMs, this.#abort.signal).catch(() => undefined);
      }
    }
  }

  /** Watches from the cache's revision until the watch ends; `onProgress` marks a healthy stream. */
  async #watchOnce(onProgress: () => void): Promise<void> {
    const { client, kind, namespace } = this.#options;
    const watch = await client.watch(kind, {
      sinceRevision: this.#revision,
      ...(namespace ? { namespace } : {}),
    });
    this.#watch = watch;
    if (this.#isStopping()) watch.close();
    for await (const event of watch) {
      this.#apply(event);
      onProgress();
    }
    this.#watch = undefined;
    if (!this.#stopping) throw new Error('the watch ended; reconnecting from the last revision');
  }

  async #relist(): Promise<void> {
    const { client, kind, namespace, labelSelector } = this.#options;
    const list = await client.list(kind, {
      ...(namespace ? { namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
    });
    if (this.#isStopping()) return;
    const listed = new Set<string>();
    for (const item of list.items as T[]) {
      listed.add(keyOf(item));
      const cached = this.#indexer.get(item.metadata);
      if (cached?.metadata.resourceVersion === item.metadata.resourceVersion) continue;
      this.#indexer.upsert(item);
      if (cached) this.#emit('onUpdate', cached, item);
      else this.#emit('onAdd', item);
    }
    for (const cached of this.#indexer.list()) {
      if (listed.has(keyOf(cached))) continue;
      this.#indexer.remove(cached.metadata);
      this.#emit('onDelete', cached);
    }
    this.#revision = list.revision;
    this.#synced = true;
    this.#releaseSyncWaiters();
  }

  #apply(event: WatchEvent): void {
    // The watch starts strictly after our revision, so this only guards against a misbehaving
    // backend: an old event must never resurrect an object the cache has already moved past.
    if (event.revision <= this.#revision) return;
    this.#revision = event.revision;
    if (event.type === 'BOOKMARK') return;
    const object = event.object as T;
    const cached = this.#indexer.get(object.metadata);
    if (cached && revisionOf(cached, 0) >= revisionOf(object, event.revision)) return;
    const selected = event.type !== 'DELETED' && this.#matches(object);
    if (!selected) {
      // A delete, or an update that moved the object out of the selector: gone from our view.
      if (cached) {
        this.#indexer.remove(object.metadata);
        this.#emit('onDelete', event.type === 'DELETED' ? object : cached);
      }
      return;
    }
    this.#indexer.upsert(object);
    if (cached) this.#emit('onUpdate', cached, object);
    else this.#emit('onAdd', object);
  }

  #releaseSyncWaiters(): void {
    for (const resolve of this.#syncWaiters.splice(0)) resolve();
  }

  /** A method, not a field read: the flag flips across awaits, which TS narrowing cannot see. */
  #isStopping(): boolean {
    return this.#stopping;
  }

  #matches(object: T): boolean {
    return !this.#selector || matchesLabelSelector(this.#selector, object.metadata.labels);
  }

  #emit(type: 'onAdd' | 'onDelete', object: T): void;
  #emit(type: 'onUpdate', oldObject: T, newObject: T): void;
  #emit(type: keyof InformerEventHandler<T>, first: T, second?: T): void {
    for (const handler of this.#handlers) this.#call(handler, type, first, second);
  }

  /** A throwing handler is logged, never allowed to break the cache or other handlers. */
  #call(handler: InformerEventHandler<T>, type: keyof InformerEventHandler<T>, a: T, b?: T): void {
    try {
      if (type === 'onUpdate') handler.onUpdate?.(a, b as T);
      else handler[type]?.(a);
    } catch (error) {
      this.#logger.error({ err: toError(error), handler: type }, 'informer event handler threw');
    }
  }
}

function revisionOf(object: AnyResource, fallback: number): number {
  const revision = Number(object.metadata.resourceVersion);
  return Number.isFinite(revision) ? revision : fallback;
}
