/**
 * The sessions controller's own writes, kept until its informers deliver them: the next step (or
 * the next reconcile of another session on the same worker) sees what was just written instead of
 * a stale cache that would only earn a Conflict — including objects it has just created.
 */
import { formatObjectKey, type AnyResource } from '../../resources/index.js';

function versionOf(object: { metadata: { resourceVersion?: string } }): number {
  return Number(object.metadata.resourceVersion ?? 0);
}

export class OwnWrites {
  readonly #objects = new Map<string, AnyResource>();

  record(objects: readonly AnyResource[]): void {
    for (const object of objects) {
      const key = `${object.kind} ${formatObjectKey(object.metadata)}`;
      const known = this.#objects.get(key);
      if (!known || versionOf(object) > versionOf(known)) this.#objects.set(key, object);
    }
  }

  /** The newer of the cached object and the own write of it; forgets writes the cache caught up with. */
  newest<
    T extends {
      kind: string;
      metadata: { name: string; namespace?: string; resourceVersion?: string };
    },
  >(cached: T | undefined): T | undefined {
    if (!cached) return undefined;
    return this.newestOrOwn(cached.kind, formatObjectKey(cached.metadata), cached);
  }

  /** As `newest`, but an own write (e.g. a create) is returned even when the cache has none yet. */
  newestOrOwn<T>(kind: string, key: string, cached: T | undefined): T | undefined {
    const mapKey = `${kind} ${key}`;
    const own = this.#objects.get(mapKey);
    if (!own) return cached;
    if (cached && versionOf(cached as never) >= versionOf(own)) {
      this.#objects.delete(mapKey);
      return cached;
    }
    return own as unknown as T;
  }
}
