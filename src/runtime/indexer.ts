/** The informer's local cache: objects by namespace → name, plus named secondary indexes. */
import { formatObjectKey, type AnyResource } from '../resources/index.js';
import { parseObjectKey, type ObjectKeyRef } from './reconciler.js';

/**
 * Maps an object to the index values it is found under. Strings and numbers are indexed (numbers
 * as decimal strings); `undefined`, `null` and anything else are skipped, so
 * `(obj) => [obj.status?.worker]` indexes only objects that have a worker.
 */
export type IndexFunc<T extends AnyResource = AnyResource> = (object: T) => readonly unknown[];

interface Index<T extends AnyResource> {
  fn: IndexFunc<T>;
  /** index value → object keys */
  entries: Map<string, Set<string>>;
}

/**
 * Holds the latest known version of each object. Objects are deep-frozen on the way in: the cache
 * is shared by every reader, so a reconciler must copy before changing anything (a mutation throws
 * a TypeError instead of silently corrupting the cache).
 */
export class Indexer<T extends AnyResource = AnyResource> {
  readonly #byNamespace = new Map<string, Map<string, T>>();
  readonly #indexes = new Map<string, Index<T>>();
  #size = 0;

  /** Adds a named index, built at once over the current contents. Throws if `name` exists. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.#indexes.has(name)) throw new Error(`index "${name}" already exists`);
    const index: Index<T> = { fn, entries: new Map() };
    this.#indexes.set(name, index);
    for (const object of this.list()) addToIndex(index, object);
  }

  /** Objects whose index function returned `value` for index `name`. Throws for an unknown index. */
  byIndex(name: string, value: string): T[] {
    const index = this.#indexes.get(name);
    if (!index) throw new Error(`index "${name}" does not exist; add it with addIndex first`);
    const keys = index.entries.get(value);
    if (!keys) return [];
    const objects: T[] = [];
    for (const key of keys) {
      const object = this.get(parseObjectKey(key));
      if (object) objects.push(object);
    }
    return objects;
  }

  get(key: ObjectKeyRef): T | undefined {
    return this.#byNamespace.get(key.namespace ?? '')?.get(key.name);
  }

  /** All cached objects, or those of one namespace. */
  list(namespace?: string): T[] {
    if (namespace !== undefined) return [...(this.#byNamespace.get(namespace)?.values() ?? [])];
    const all: T[] = [];
    for (const names of this.#byNamespace.values()) all.push(...names.values());
    return all;
  }

  /** Queue keys (`namespace/name` or `name`) of all cached objects. */
  keys(): string[] {
    return this.list().map((object) => keyOf(object));
  }

  get size(): number {
    return this.#size;
  }

  /** Stores `object` (frozen), replacing the cached version; returns the previous one. */
  upsert(object: T): T | undefined {
    const frozen = deepFreeze(object);
    const namespace = object.metadata.namespace ?? '';
    let names = this.#byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      this.#byNamespace.set(namespace, names);
    }
    const previous = names.get(object.metadata.name);
    names.set(object.metadata.name, frozen);
    if (!previous) this.#size++;
    for (const index of this.#indexes.values()) {
      if (previous) removeFromIndex(index, previous);
      addToIndex(index, frozen);
    }
    return previous;
  }

  /** Removes the object with `key`; returns it, or `undefined` when it was not cached. */
  remove(key: ObjectKeyRef): T | undefined {
    const namespace = key.namespace ?? '';
    const names = this.#byNamespace.get(namespace);
    const previous = names?.get(key.name);
    if (!names || !previous) return undefined;
    names.delete(key.name);
    if (names.size === 0) this.#byNamespace.delete(namespace);
    this.#size--;
    for (const index of this.#indexes.values()) removeFromIndex(index, previous);
    return previous;
  }
}

/** The queue key of a cached object. */
export function keyOf(object: AnyResource): string {
  return formatObjectKey(object.metadata);
}

function indexValues<T extends AnyResource>(index: Index<T>, object: T): Set<string> {
  const values = new Set<string>();
  for (const value of index.fn(object)) {
    if (typeof value === 'string') values.add(value);
    else if (typeof value === 'number') values.add(String(value));
  }
  return values;
}

function addToIndex<T extends AnyResource>(index: Index<T>, object: T): void {
  const key = keyOf(object);
  for (const value of indexValues(index, object)) {
    let keys = index.entries.get(value);
    if (!keys) {
      keys = new Set();
      index.entries.set(value, keys);
    }
    keys.add(key);
  }
}

function removeFromIndex<T extends AnyResource>(index: Index<T>, object: T): void {
  const key = keyOf(object);
  for (const value of indexValues(index, object)) {
    const keys = index.entries.get(value);
    keys?.delete(key);
    if (keys?.size === 0) index.entries.delete(value);
  }
}

function deepFreeze<V>(value: V): V {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
