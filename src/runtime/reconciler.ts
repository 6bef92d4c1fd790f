/**
 * The reconcile contract (STYLE.md 3.10): what a controller implements, what it returns, and the
 * one error that means "do not retry".
 */
import type { Logger } from '../observability/index.js';

/**
 * Names one object of the controller's kind: `namespace` for namespaced kinds, then `name`.
 * It deliberately carries no kind, no revision and no event type — see {@link Reconciler}.
 */
export interface ObjectKeyRef {
  namespace?: string;
  name: string;
}

/** What the runtime hands to every `reconcile` call. */
export interface ReconcileContext {
  /**
   * Aborted when the controller stops (shutdown, or the leader lease was lost). Pass it to every
   * wait and external call, and stop causing side effects once it is aborted: after losing the
   * lease another replica may start acting on the same objects.
   */
  signal: AbortSignal;
  /** A child logger bound to the controller name and the key. */
  logger: Logger;
}

/**
 * The outcome of a successful reconcile. An empty object means "done until something changes";
 * the runtime then forgets the key's backoff.
 *
 * There is deliberately no bare `requeue: true` flag (controller-runtime deprecated it): "try again
 * soon" is either an error (throw, and the runtime backs off 1 s → 5 min) or a known time to look
 * again (`requeueAfterMs`).
 */
export interface ReconcileResult {
  /**
   * Reconcile this key again after this many milliseconds even if nothing changes, e.g. to check a
   * deadline or poll an external system. Resets the key's error backoff.
   * @default undefined (no timed requeue)
   */
  requeueAfterMs?: number;
}

/**
 * Drives one object toward its `spec`, one idempotent step at a time.
 *
 * **Level-based, not edge-based.** A request carries only the object's key, never the event that
 * caused it. Events for the same key are merged while it waits in the queue (ten updates may cause
 * one reconcile), a reconcile may run for a periodic resync with no event at all, and after a crash
 * or a lost watch nothing tells the controller which events it missed. So `reconcile` must not ask
 * "what changed?" but "what is the state now, and what is the next step toward the desired state?":
 * read the current object (from the informer cache), compare with the world, act, and record what
 * it observed in `status`. Running it twice in a row must be harmless.
 *
 * **Guarantees from the runtime:** one key is never reconciled concurrently with itself; keys are
 * retried with per-key exponential backoff; every key in the cache is reconciled again each
 * resync period.
 *
 * **Errors:** any thrown error means "retry with backoff". A `Conflict` from a write means the
 * cached object was stale: throw it (or return) and let the runtime requeue — the next run reads
 * the newer object from the cache; never re-send the same write. Throw {@link TerminalError} when
 * retrying cannot help (after recording the failure in a condition).
 */
export interface Reconciler {
  reconcile(ctx: ReconcileContext, key: ObjectKeyRef): Promise<ReconcileResult>;
}

/**
 * A reconcile failure that retrying cannot fix (bad input, a permanent provider refusal). The
 * runtime logs it, counts it as `result="terminal"` and forgets the key until its object changes
 * again; it is never requeued. Set a condition on the object before throwing so a person sees why.
 */
export class TerminalError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TerminalError';
  }
}

/**
 * The inverse of `formatObjectKey` (resources/meta.ts), which builds queue keys: `namespace/name`,
 * or `name` for cluster-scoped objects. Names and namespaces never contain `/` (DNS-1123).
 */
export function parseObjectKey(key: string): ObjectKeyRef {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
