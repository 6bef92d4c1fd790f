/**
 * The in-memory backend: the full store contract without persistence, for fast tests of the
 * layers above. Single-threaded JavaScript makes each `transact` atomic.
 */
import type { Timer } from '../../clock/index.js';
import { GoneError, UnavailableError } from '../../errors/index.js';
import {
  parseLabelSelector,
  matchesLabelSelector,
  type AnyResource,
} from '../../resources/index.js';
import { decodeContinue, encodeContinue, validateLimit } from '../continue-token.js';
import {
  LogWatch,
  goneError,
  watchedKinds,
  type LogEvent,
  type LogReadResult,
} from '../log-watch.js';
import { notFoundError, refKey, type ObjectRef } from '../object-validation.js';
import type {
  DeletePreconditions,
  ListOptions,
  ListResult,
  ResourceStore,
  StoreOp,
  Watch,
  WatchOptions,
} from '../resource-store.js';
import type { StoreOptions } from '../store-options.js';
import { WritePlanner, type StoredObject } from '../write-planner.js';
import { withResourceVersion } from '../with-resource-version.js';

interface MemoryLogEntry {
  event: LogEvent;
  namespace: string;
  atMs: number;
}

export class MemoryStore implements ResourceStore {
  readonly #options: StoreOptions;
  readonly #planner: WritePlanner;
  readonly #objects = new Map<string, StoredObject & { ref: ObjectRef }>();
  readonly #log: MemoryLogEntry[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #watches = new Set<Watch>();
  #revision = 0;
  #compactedRevision = 0;
  #closed = false;
  #compactionTimer: Timer | undefined;

  constructor(options: StoreOptions) {
    this.#options = options;
    this.#planner = new WritePlanner({ ...options, maxObjectBytes: options.config.maxObjectBytes });
    this.#scheduleCompaction();
  }

  async create(object: AnyResource): Promise<AnyResource> {
    return this.#single({ op: 'create', object });
  }

  async get(kind: string, name: string, namespace?: string): Promise<AnyResource> {
    this.#assertOpen();
    const ref = this.#planner.refFor(kind, name, namespace);
    const stored = this.#objects.get(refKey(ref));
    if (!stored) throw notFoundError(ref);
    return structuredClone(withResourceVersion(stored.object, stored.revision));
  }

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    this.#assertOpen();
    this.#options.registry.get(kind);
    validateLimit(options.limit);
    const selector = parseLabelSelector(options.labelSelector);
    const after = options.continue ? decodeContinue(options.continue) : undefined;
    if (after && after.revision < this.#compactedRevision)
      throw new GoneError('the continue token has expired; start the list again', {
        details: { field: 'continue' },
      });
    const matching = [...this.#objects.values()]
      .filter(
        ({ ref }) =>
          ref.kind === kind && (!options.namespace || ref.namespace === options.namespace),
      )
      .filter(({ ref }) => !after || compareRefs(ref, after) > 0)
      .filter(({ object }) => matchesLabelSelector(selector, object.metadata.labels))
      .sort((a, b) => compareRefs(a.ref, b.ref));
    const revision = after?.revision ?? this.#revision;
    const page = options.limit === undefined ? matching : matching.slice(0, options.limit);
    const last = page[page.length - 1];
    const hasMore = page.length < matching.length && last;
    return {
      items: page.map(({ object, revision: rev }) =>
        structuredClone(withResourceVersion(object, rev)),
      ),
      revision,
      ...(hasMore
        ? {
            continue: encodeContinue({
              revision,
              namespace: last.ref.namespace,
              name: last.ref.name,
            }),
          }
        : {}),
    };
  }

  async update(object: AnyResource): Promise<AnyResource> {
    return this.#single({ op: 'update', object });
  }

  async updateStatus(object: AnyResource): Promise<AnyResource> {
    return this.#single({ op: 'updateStatus', object });
  }

  async delete(
    kind: string,
    name: string,
    options: { namespace?: string; preconditions?: DeletePreconditions } = {},
  ): Promise<AnyResource> {
    return this.#single({ op: 'delete', kind, name, ...options });
  }

  async transact(input: readonly StoreOp[]): Promise<AnyResource[]> {
    this.#assertOpen();
    // Copy first: a caller mutating its object afterwards must not reach into the store.
    const ops = structuredClone(input);
    const refs = this.#planner.resolveRefs(ops);
    const current = new Map<string, StoredObject>();
    for (const ref of refs) {
      const stored = this.#objects.get(refKey(ref));
      if (stored) current.set(refKey(ref), structuredClone(stored));
    }
    const plan = this.#planner.plan(ops, refs, current);
    const atMs = this.#options.clock.nowMs();
    const results = plan.map((write) => {
      if (write.type === 'UNCHANGED')
        return withResourceVersion(write.object, write.storedRevision ?? 0);
      const revision = ++this.#revision;
      const key = refKey(write.ref);
      if (write.type === 'DELETED') this.#objects.delete(key);
      else this.#objects.set(key, { ref: write.ref, object: write.object, revision });
      const object = withResourceVersion(write.object, revision);
      this.#log.push({
        event: { type: write.type, revision, object },
        namespace: write.ref.namespace,
        atMs,
      });
      return object;
    });
    if (plan.some((write) => write.type !== 'UNCHANGED')) queueMicrotask(() => this.#notify());
    return structuredClone(results);
  }

  async watch(kind: string | readonly string[], options: WatchOptions = {}): Promise<Watch> {
    this.#assertOpen();
    const kinds = watchedKinds(this.#options.registry, kind);
    const sinceRevision = options.sinceRevision ?? this.#revision;
    if (sinceRevision < this.#compactedRevision)
      throw goneError(sinceRevision, this.#compactedRevision);
    const watch: Watch = new LogWatch({
      source: {
        read: (query) => this.#readLog(query),
        onCommit: (listener) => this.#subscribe(listener),
      },
      clock: this.#options.clock,
      kinds,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      sinceRevision,
      bookmarkIntervalMs: this.#options.config.bookmarkIntervalSeconds * 1000,
      onClose: () => this.#watches.delete(watch),
    });
    this.#watches.add(watch);
    return watch;
  }

  async currentRevision(): Promise<number> {
    this.#assertOpen();
    return this.#revision;
  }

  async compact(): Promise<void> {
    const { eventRetentionMaxEvents, eventRetentionSeconds } = this.#options.config;
    const cutoffMs = this.#options.clock.nowMs() - eventRetentionSeconds * 1000;
    let drop = Math.max(0, this.#log.length - eventRetentionMaxEvents);
    while (drop < this.#log.length && (this.#log[drop] as MemoryLogEntry).atMs < cutoffMs) drop++;
    if (drop === 0) return;
    const removed = this.#log.splice(0, drop);
    this.#compactedRevision = (removed[removed.length - 1] as MemoryLogEntry).event.revision;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#compactionTimer?.cancel();
    for (const watch of [...this.#watches]) watch.close();
  }

  async #readLog(query: {
    kinds: readonly string[];
    namespace?: string;
    sinceRevision: number;
    limit: number;
  }): Promise<LogReadResult> {
    if (query.sinceRevision < this.#compactedRevision)
      throw goneError(query.sinceRevision, this.#compactedRevision);
    const start = this.#log.findIndex((entry) => entry.event.revision > query.sinceRevision);
    const events: LogEvent[] = [];
    let headRevision = this.#revision;
    for (let i = start; start >= 0 && i < this.#log.length; i++) {
      const entry = this.#log[i] as MemoryLogEntry;
      if (!query.kinds.includes(entry.event.object.kind)) continue;
      if (query.namespace && entry.namespace !== query.namespace) continue;
      if (events.length === query.limit) {
        headRevision = entry.event.revision - 1;
        break;
      }
      events.push(structuredClone(entry.event));
    }
    return { events, headRevision };
  }

  #subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  #scheduleCompaction(): void {
    this.#compactionTimer = this.#options.clock.setTimer(
      this.#options.config.compactionIntervalSeconds * 1000,
      () => {
        if (this.#closed) return;
        void this.compact();
        this.#scheduleCompaction();
      },
    );
  }

  async #single(op: StoreOp): Promise<AnyResource> {
    const [result] = await this.transact([op]);
    return result as AnyResource;
  }

  #assertOpen(): void {
    if (this.#closed) throw new UnavailableError('the store is closed');
  }
}

function compareRefs(
  a: { namespace: string; name: string },
  b: { namespace: string; name: string },
): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
