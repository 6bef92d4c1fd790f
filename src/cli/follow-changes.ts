/**
 * Following one kind's changes for `get -w` and `wait`: a watch from a listed revision that
 * relists when the revision was compacted (`Gone`), until a signal (Ctrl-C, done, timeout) aborts.
 */
import type { ListOptions, ResourceClient } from '../client/resource-client.js';
import { hasReason } from '../errors/index.js';
import type { AnyResource, KindDefinition } from '../resources/index.js';

export interface FollowOptions {
  client: ResourceClient;
  kind: KindDefinition;
  /** Which objects to list after a `Gone` (namespace, label selector). */
  list: ListOptions;
  /** Deliver changes after this revision (usually the revision of the first list). */
  sinceRevision: number;
  /** Called per changed object (and per listed object after a relist). */
  onChange(object: AnyResource, type: 'ADDED' | 'MODIFIED' | 'DELETED'): void;
  signal: AbortSignal;
}

/** Resolves once `signal` aborted; rejects with any error but `Gone`. */
export async function followChanges(options: FollowOptions): Promise<void> {
  const { client, kind, signal } = options;
  const namespace = options.list.namespace;
  let revision = options.sinceRevision;
  while (!signal.aborted) {
    const watch = await client.watch(kind.kind, {
      sinceRevision: revision,
      ...(namespace ? { namespace } : {}),
    });
    const close = (): void => watch.close();
    signal.addEventListener('abort', close, { once: true });
    // Aborted while the watch was opening: the listener above came too late.
    if (isAborted(signal)) close();
    try {
      for await (const event of watch) {
        revision = event.revision;
        if (event.type !== 'BOOKMARK') options.onChange(event.object, event.type);
      }
    } catch (error) {
      if (!hasReason(error, 'Gone')) throw error;
      const listed = await client.list(kind.kind, options.list);
      revision = listed.revision;
      for (const object of listed.items) options.onChange(object, 'MODIFIED');
    } finally {
      signal.removeEventListener('abort', close);
      watch.close();
    }
  }
}

/** A call, not a property read: the flag flips across awaits, which TS narrowing cannot see. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** An AbortSignal that fires on Ctrl-C (SIGINT) or SIGTERM; `dispose` removes the handlers. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    },
  };
}
