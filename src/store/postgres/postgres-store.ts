/**
 * The PostgreSQL backend, over a server (`pg`) or embedded PGlite: a `lcm_resources` table and a
 * `lcm_events` log written in one transaction, with NOTIFY waking the watchers that read the log.
 */
import type { Timer } from '../../clock/index.js';
import {
  AlreadyExistsError,
  ConflictError,
  GoneError,
  hasReason,
  isLcmError,
  UnavailableError,
  type LcmError,
} from '../../errors/index.js';
import type { Logger } from '../../observability/index.js';
import { parseLabelSelector, type AnyResource } from '../../resources/index.js';
import { decodeContinue, encodeContinue, validateLimit } from '../continue-token.js';
import { LogWatch, goneError, watchedKinds } from '../log-watch.js';
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
import { withResourceVersion } from '../with-resource-version.js';
import { WritePlanner, type StoredObject } from '../write-planner.js';
import { sqlErrorCode, type SqlDriver } from './drivers/sql-driver.js';
import { migrate } from './migrate.js';
import { compactEvents } from './sql/compact-events.js';
import { getResource } from './sql/get-resource.js';
import { listResources } from './sql/list-resources.js';
import { readEvents } from './sql/read-events.js';
import { EventTail } from './event-tail.js';
import { readCurrent } from './sql/read-current.js';
import { toRevision, type ResourceRow } from './sql/rows.js';
import { EVENTS_CHANNEL, STALE_READ_CODE, writeChanges } from './sql/write-changes.js';

export interface PostgresStoreOptions extends StoreOptions {
  driver: SqlDriver;
  logger: Logger;
}

/**
 * Errors a concurrent writer can cause between our read and our write: a row changed (LCM01) or a
 * create raced another (23505). Re-reading and re-planning turns them into the right answer
 * (success, or a precise Conflict / AlreadyExists).
 */
const RETRYABLE_CODES = new Set([STALE_READ_CODE, '23505', '40001', '40P01']);
const MAX_ATTEMPTS = 10;

export class PostgresStore implements ResourceStore {
  readonly #options: PostgresStoreOptions;
  readonly #driver: SqlDriver;
  readonly #planner: WritePlanner;
  readonly #listeners = new Set<() => void>();
  readonly #watches = new Set<Watch>();
  readonly #tail: EventTail;
  #stopListening: (() => Promise<void>) | undefined;
  #compactionTimer: Timer | undefined;
  #pollTimer: Timer | undefined;
  #closed = false;

  private constructor(options: PostgresStoreOptions) {
    this.#options = options;
    this.#driver = options.driver;
    this.#planner = new WritePlanner({ ...options, maxObjectBytes: options.config.maxObjectBytes });
    // Internal kinds (audit records, receipts) are written with everything and watched by none.
    const tailKinds = options.registry
      .list()
      .filter((definition) => !definition.internal)
      .map((definition) => definition.kind);
    this.#tail = new EventTail({
      read: (query) => this.#run(() => readEvents(this.#driver, query)),
      kinds: () => tailKinds,
    });
  }

  /** Migrates the schema, starts listening for commits and schedules compaction. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    await migrate(options.driver, options.logger);
    store.#stopListening = await options.driver.listen(EVENTS_CHANNEL, () => store.#notify());
    store.#scheduleCompaction();
    store.#schedulePoll();
    return store;
  }

  async create(object: AnyResource): Promise<AnyResource> {
    return this.#single({ op: 'create', object });
  }

  async get(kind: string, name: string, namespace?: string): Promise<AnyResource> {
    const ref = this.#planner.refFor(kind, name, namespace);
    const row = await this.#run(() => getResource(this.#driver, ref));
    if (!row) throw notFoundError(ref);
    return withResourceVersion(row.object, toRevision(row.revision));
  }

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    this.#options.registry.get(kind);
    validateLimit(options.limit);
    const selector = parseLabelSelector(options.labelSelector);
    const after = options.continue ? decodeContinue(options.continue) : undefined;
    const page = await this.#run(() =>
      listResources(this.#driver, {
        kind,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        selector,
        ...(after ? { after } : {}),
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
      }),
    );
    if (after && after.revision < page.compactedRevision)
      throw new GoneError('the continue token has expired; start the list again', {
        details: { field: 'continue' },
      });
    const revision = after?.revision ?? page.headRevision;
    const rows = options.limit === undefined ? page.rows : page.rows.slice(0, options.limit);
    const last = rows[rows.length - 1];
    const hasMore = last !== undefined && rows.length < page.rows.length;
    return {
      items: rows.map((row) => withResourceVersion(row.object, toRevision(row.revision))),
      revision,
      ...(hasMore
        ? { continue: encodeContinue({ revision, namespace: last.namespace, name: last.name }) }
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

  async transact(ops: readonly StoreOp[]): Promise<AnyResource[]> {
    const refs = this.#planner.resolveRefs(ops);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#run(() => this.#transactOnce(ops, refs));
      } catch (error) {
        const code = sqlErrorCode(error);
        if (!code || !RETRYABLE_CODES.has(code)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw contentionError(code, attempt);
      }
    }
  }

  async watch(kind: string | readonly string[], options: WatchOptions = {}): Promise<Watch> {
    const kinds = watchedKinds(this.#options.registry, kind);
    const probe = await this.#run(() =>
      readEvents(this.#driver, { kinds, sinceRevision: 0, limit: 0 }),
    );
    const sinceRevision = options.sinceRevision ?? probe.headRevision;
    if (sinceRevision < probe.compactedRevision)
      throw goneError(sinceRevision, probe.compactedRevision);
    const { config, clock } = this.#options;
    const watch: Watch = new LogWatch({
      source: {
        read: async (query) => {
          const batch = await this.#tail.read(query);
          if (query.sinceRevision < batch.compactedRevision)
            throw goneError(query.sinceRevision, batch.compactedRevision);
          return batch;
        },
        onCommit: (listener) => {
          this.#listeners.add(listener);
          return () => this.#listeners.delete(listener);
        },
      },
      clock,
      kinds,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      sinceRevision,
      bookmarkIntervalMs: config.bookmarkIntervalSeconds * 1000,
      onClose: () => this.#watches.delete(watch),
    });
    this.#watches.add(watch);
    return watch;
  }

  async currentRevision(): Promise<number> {
    const rows = await this.#run(() =>
      this.#driver.query<{ value: string }>('SELECT value FROM lcm_revision'),
    );
    return toRevision(rows[0]?.value);
  }

  async compact(): Promise<void> {
    const { eventRetentionMaxEvents, eventRetentionSeconds } = this.#options.config;
    const olderThan = new Date(this.#options.clock.nowMs() - eventRetentionSeconds * 1000);
    await this.#run(() =>
      compactEvents(this.#driver, { maxEvents: eventRetentionMaxEvents, olderThan }),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#compactionTimer?.cancel();
    this.#pollTimer?.cancel();
    for (const watch of [...this.#watches]) watch.close();
    await this.#stopListening?.();
    await this.#driver.close();
  }

  /** Read, plan, then one atomic write statement that re-checks every row it relied on. */
  async #transactOnce(ops: readonly StoreOp[], refs: readonly ObjectRef[]): Promise<AnyResource[]> {
    const rows = await readCurrent(this.#driver, refs);
    const plan = this.#planner.plan(ops, refs, toStoredMap(rows));
    let revision = 0;
    if (plan.some((write) => write.type !== 'UNCHANGED')) {
      const changes = plan.map((write) => ({
        ref: write.ref,
        object: write.object,
        type: write.type === 'UNCHANGED' ? ('CHECK' as const) : write.type,
        ...(write.storedRevision === undefined ? {} : { expectedRevision: write.storedRevision }),
      }));
      revision = await writeChanges(this.#driver, changes, this.#options.clock.now());
    }
    return plan.map((write) =>
      write.type === 'UNCHANGED'
        ? withResourceVersion(write.object, write.storedRevision ?? 0)
        : withResourceVersion(write.object, revision++),
    );
  }

  async #single(op: StoreOp): Promise<AnyResource> {
    const [result] = await this.transact([op]);
    return result as AnyResource;
  }

  /** Runs a database call; connection failures become `Unavailable`, typed errors pass through. */
  async #run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new UnavailableError('the store is closed');
    try {
      return await work();
    } catch (error) {
      if (isLcmError(error) || !isConnectionFailure(error)) throw error;
      throw new UnavailableError(`the database is unavailable: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  #notify(): void {
    this.#tail.markStale();
    for (const listener of this.#listeners) listener();
  }

  /** The safety net under NOTIFY: every watch looks at the log again now and then. */
  #schedulePoll(): void {
    this.#pollTimer = this.#options.clock.setTimer(this.#options.config.watchPollIntervalMs, () => {
      if (this.#closed) return;
      this.#notify();
      this.#schedulePoll();
    });
  }

  #scheduleCompaction(): void {
    const intervalMs = this.#options.config.compactionIntervalSeconds * 1000;
    this.#compactionTimer = this.#options.clock.setTimer(intervalMs, () => {
      this.compact()
        .catch((error: unknown) => {
          if (!hasReason(error, 'Unavailable') || !this.#closed)
            this.#options.logger.warn({ err: error }, 'event log compaction failed');
        })
        .finally(() => {
          if (!this.#closed) this.#scheduleCompaction();
        });
    });
  }
}

/** The typed error when writers kept changing the same objects under us for every attempt. */
function contentionError(code: string, attempts: number): LcmError {
  const message = `the objects kept changing while being written (${attempts} attempts); read them again and retry`;
  return code === '23505'
    ? new AlreadyExistsError(message, { details: { retryable: true } })
    : new ConflictError(message, { details: { retryable: true } });
}

/** No SQLSTATE (a socket error) or classes 08 (connection), 53 (resources), 57 (operator intervention). */
function isConnectionFailure(error: unknown): boolean {
  const code = sqlErrorCode(error);
  return code === undefined || /^(08|53|57)/.test(code);
}

function toStoredMap(rows: readonly ResourceRow[]): Map<string, StoredObject> {
  return new Map(
    rows.map((row) => [refKey(row), { object: row.object, revision: toRevision(row.revision) }]),
  );
}
