/**
 * The scheduler's own writes, remembered until its informers deliver them (kube-scheduler's
 * "assume"): the next decision then sees the worker it just filled and the session it just bound,
 * instead of a stale cache that would only earn a Conflict and a backoff.
 */
import { formatObjectKey, type AnyResource } from '../../resources/index.js';

function versionOf(object: AnyResource): number {
  return Number(object.metadata.resourceVersion ?? 0);
}

export class AssumedWrites {
  /** kind → `namespace/name` (or `name`) → the object as written. */
  readonly #byKind = new Map<string, Map<string, AnyResource>>();

  /** Remembers objects as a write returned them (with their new resourceVersion). */
  record(objects: readonly AnyResource[]): void {
    for (const object of objects)
      this.#of(object.kind).set(formatObjectKey(object.metadata), object);
  }

  /** Keys of the objects of `kind` whose write the cache may not have delivered yet. */
  keys(kind: string): string[] {
    const objects = this.#byKind.get(kind);
    return objects ? [...objects.keys()] : [];
  }

  /**
   * The newer of a cached object and this scheduler's write of it. Once the cache has caught up
   * the write is forgotten; an object gone from the cache stays gone.
   */
  newest<T extends AnyResource>(cached: T | undefined): T | undefined {
    if (!cached) return undefined;
    const written = this.#byKind.get(cached.kind);
    const key = formatObjectKey(cached.metadata);
    const object = written?.get(key);
    if (!object) return cached;
    if (versionOf(object) > versionOf(cached)) return object as T;
    written?.delete(key);
    return cached;
  }

  #of(kind: string): Map<string, AnyResource> {
    let objects = this.#byKind.get(kind);
    if (!objects) {
      objects = new Map<string, AnyResource>();
      this.#byKind.set(kind, objects);
    }
    return objects;
  }
}
