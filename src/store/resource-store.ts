/**
 * The ResourceStore contract (DESIGN.md "The store contract"): every backend — memory, PostgreSQL,
 * PGlite — passes the same conformance suite (`conformance/store-conformance.ts`).
 */
import type { AnyResource } from '../resources/index.js';

/** Change events; `BOOKMARK` carries only a revision. */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type WatchEvent =
  | { type: ChangeType; revision: number; object: AnyResource }
  | { type: 'BOOKMARK'; revision: number };

export interface ListOptions {
  /** Only objects in this namespace (namespaced kinds); all namespaces when omitted. */
  namespace?: string;
  /** Kubernetes-style selector, e.g. `tier=gold,env in (a,b),!legacy`. */
  labelSelector?: string;
  /** Page size; all matching objects when omitted. */
  limit?: number;
  /** The `continue` token of the previous page. */
  continue?: string;
}

export interface ListResult {
  items: AnyResource[];
  /**
   * The store revision this list is consistent with. Start a watch from it to see every later
   * change. All pages of one paged list report the first page's revision; later pages are read
   * as of their own time, so an object changed meanwhile may appear newer than that revision —
   * a watch from it then replays the change (possibly twice), never skips one.
   */
  revision: number;
  /** Present when more items follow; pass it back as `continue`. */
  continue?: string;
}

/** Preconditions for a delete; each one that is given must hold or the delete is a `Conflict`. */
export interface DeletePreconditions {
  resourceVersion?: string;
  uid?: string;
}

/** One operation in a `transact` call. Updates carry their precondition in `metadata.resourceVersion`. */
export type StoreOp =
  | { op: 'create'; object: AnyResource }
  | { op: 'update'; object: AnyResource }
  | { op: 'updateStatus'; object: AnyResource }
  | {
      op: 'delete';
      kind: string;
      name: string;
      namespace?: string;
      preconditions?: DeletePreconditions;
    };

export interface WatchOptions {
  /** Deliver events strictly after this revision; @default the current revision (only new changes). */
  sinceRevision?: number;
  /** Only events for objects in this namespace (so none of cluster-scoped kinds); @default all. */
  namespace?: string;
}

/** An open watch: iterate it for events; `close()` ends the iteration and frees its resources. */
export interface Watch extends AsyncIterableIterator<WatchEvent> {
  close(): void;
}

/**
 * The resource store. All methods reject with `LcmError`s:
 * `Invalid` (bad input, unknown kind, bad name, missing resourceVersion, object too large),
 * `NotFound`, `AlreadyExists`, `Conflict` (stale resourceVersion or uid), `Gone` (revision compacted),
 * `Unavailable` (database unreachable).
 */
export interface ResourceStore {
  /** Creates an object; sets uid, creationTimestamp, generation 1 and resourceVersion. */
  create(object: AnyResource): Promise<AnyResource>;
  /** Reads one object. Throws `NotFound`. */
  get(kind: string, name: string, namespace?: string): Promise<AnyResource>;
  /** Lists objects of a kind, sorted by namespace then name, with paging. */
  list(kind: string, options?: ListOptions): Promise<ListResult>;
  /**
   * Replaces spec and metadata (labels, annotations, finalizers, ownerReferences); status is kept.
   * `metadata.resourceVersion` must equal the stored one (`Conflict` otherwise). `generation` moves
   * when spec changes. Removing the last finalizer of an object being deleted removes it.
   */
  update(object: AnyResource): Promise<AnyResource>;
  /** Replaces status only, with the same resourceVersion precondition; generation is unchanged. */
  updateStatus(object: AnyResource): Promise<AnyResource>;
  /**
   * Deletes an object. With finalizers, only sets `deletionTimestamp` (a MODIFIED event) and the
   * object stays until its last finalizer is removed. Returns the object as last stored.
   */
  delete(
    kind: string,
    name: string,
    options?: { namespace?: string; preconditions?: DeletePreconditions },
  ): Promise<AnyResource>;
  /**
   * Applies several operations atomically: all succeed, or none is visible and the first failure
   * is thrown (with `details.op` = its index). Results are in operation order. An object may appear
   * in at most one operation.
   */
  transact(ops: readonly StoreOp[]): Promise<AnyResource[]>;
  /**
   * Streams changes to objects of `kind` in revision order, strictly after `sinceRevision`, with a
   * periodic BOOKMARK. Given an array of kinds, the changes of all of them arrive in one stream of
   * strictly increasing revisions with no gaps, so any event's revision (or a BOOKMARK's) is a
   * valid `sinceRevision` to resume the whole set from. Throws `Invalid` for an unknown kind or an
   * empty array. Throws (or later yields an error of) `Gone` when that revision has been compacted
   * from the log; the caller then lists again.
   */
  watch(kind: string | readonly string[], options?: WatchOptions): Promise<Watch>;
  /** The latest committed revision. Also serves as the readiness probe. */
  currentRevision(): Promise<number>;
  /** Drops events beyond the retention (age and count) now; also runs periodically. */
  compact(): Promise<void>;
  /** Closes open watches and connections. */
  close(): Promise<void>;
}
