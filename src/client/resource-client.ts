/**
 * The ResourceClient: the one interface controllers and the API use to read and write objects.
 * The local implementation runs admission over the store in-process; the HTTP implementation
 * (API issue) talks to a remote `lcm api`. Controllers never see which one they have.
 */
import type { AnyResource } from '../resources/index.js';
import type {
  DeletePreconditions,
  ListOptions,
  ListResult,
  StoreOp,
  Watch,
  WatchEvent,
  WatchOptions,
} from '../store/index.js';

export type {
  DeletePreconditions,
  ListOptions,
  ListResult,
  StoreOp,
  Watch,
  WatchEvent,
  WatchOptions,
};

/** A JSON merge patch (RFC 7386): objects merge, `null` removes a field, anything else replaces. */
export type MergePatch = Record<string, unknown>;

export interface PatchOptions {
  namespace?: string;
  /** `status` patches status only (the status subresource); default patches spec and metadata. */
  subresource?: 'status';
}

/**
 * Reads and writes objects. Every method rejects with `LcmError`s: `Invalid` (schema or rule
 * violation, naming the field), `NotFound`, `AlreadyExists`, `Conflict` (stale resourceVersion:
 * re-read and retry — never re-send the stale write), `Gone` (watch too old: relist),
 * `Forbidden`/`Unauthorized` (remote client), `Unavailable`.
 */
export interface ResourceClient {
  get(kind: string, name: string, namespace?: string): Promise<AnyResource>;
  list(kind: string, options?: ListOptions): Promise<ListResult>;
  /** Creates after defaulting and validation. */
  create(object: AnyResource): Promise<AnyResource>;
  /** Replaces spec and metadata; `metadata.resourceVersion` is the precondition. */
  update(object: AnyResource): Promise<AnyResource>;
  /** Replaces status; `metadata.resourceVersion` is the precondition. */
  updateStatus(object: AnyResource): Promise<AnyResource>;
  /**
   * Applies a JSON merge patch to the current object. With `metadata.resourceVersion` in the patch
   * it is the precondition; without, the patch is re-applied to a fresh read on `Conflict`.
   */
  patch(
    kind: string,
    name: string,
    patch: MergePatch,
    options?: PatchOptions,
  ): Promise<AnyResource>;
  delete(
    kind: string,
    name: string,
    options?: { namespace?: string; preconditions?: DeletePreconditions },
  ): Promise<AnyResource>;
  /** Several writes, all or none, each admitted like its single-object form. */
  transact(ops: readonly StoreOp[]): Promise<AnyResource[]>;
  /**
   * Streams changes after `options.sinceRevision`, as `ResourceStore.watch`: one kind, or several
   * kinds in one strictly increasing revision order (an event's revision resumes the whole set).
   * `Invalid` for an unknown kind or an empty array; `Gone` when the revision was compacted.
   */
  watch(kind: string | readonly string[], options?: WatchOptions): Promise<Watch>;
}
