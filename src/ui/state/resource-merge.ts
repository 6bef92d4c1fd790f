/**
 * The dashboard's object cache as pure functions: per kind a map of objects by key, merged by
 * `metadata.resourceVersion` so that an older answer (a late list, snapshot or action response)
 * never overwrites a newer event from the stream, and a deleted object never comes back.
 */
import type { AnyResource } from '../../resources/index.js';

/** One kind's objects by `namespace/name` (cluster-scoped: `/name`), and the deletions seen. */
export interface KindState {
  readonly objects: ReadonlyMap<string, AnyResource>;
  /** Revision of each deletion seen; older copies of these objects are refused. */
  readonly tombstones: ReadonlyMap<string, string>;
  /** True once a snapshot (or full list) of the kind has been applied. */
  readonly synced: boolean;
}

/** The whole cache: one KindState per kind. Never mutated; every change returns a new value. */
export type ResourceState = Readonly<Record<string, KindState>>;

export const EMPTY_STATE: ResourceState = Object.freeze({});

const EMPTY_KIND: KindState = { objects: new Map(), tombstones: new Map(), synced: false };

/** The key of an object within its kind. */
export function objectKey(object: Pick<AnyResource, 'metadata'>): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * Compares two revisions numerically (`"9" < "10"`); revisions are decimal strings of unbounded
 * length, so they are compared as digit strings rather than as floating-point numbers.
 */
export function compareRevisions(a: string, b: string): number {
  const left = a.replace(/^0+(?=\d)/, '');
  const right = b.replace(/^0+(?=\d)/, '');
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

function revisionOf(object: AnyResource): string {
  return object.metadata.resourceVersion ?? '0';
}

function kindOf(state: ResourceState, kind: string): KindState {
  return state[kind] ?? EMPTY_KIND;
}

/** Whether `incoming` may replace what the kind holds under its key. */
function isCurrent(held: KindState, key: string, revision: string): boolean {
  const current = held.objects.get(key);
  if (current && compareRevisions(revision, revisionOf(current)) < 0) return false;
  const deletedAt = held.tombstones.get(key);
  return deletedAt === undefined || compareRevisions(revision, deletedAt) > 0;
}

/**
 * An object seen in an ADDED or MODIFIED event, or in a single response (a GET, a create, an
 * action's result): it replaces the held copy only when its resourceVersion is at least the held
 * one and newer than a deletion seen for it.
 */
export function applyObject(state: ResourceState, object: AnyResource): ResourceState {
  const held = kindOf(state, object.kind);
  const key = objectKey(object);
  if (!isCurrent(held, key, revisionOf(object))) return state;
  const objects = new Map(held.objects);
  objects.set(key, object);
  const tombstones = new Map(held.tombstones);
  tombstones.delete(key);
  return { ...state, [object.kind]: { ...held, objects, tombstones } };
}

/**
 * A DELETED event (its object carries the deletion's revision): removes the held copy unless that
 * copy is newer, and remembers the deletion so an older copy arriving later is refused.
 */
export function applyDeletion(state: ResourceState, object: AnyResource): ResourceState {
  const held = kindOf(state, object.kind);
  const key = objectKey(object);
  const revision = revisionOf(object);
  const current = held.objects.get(key);
  if (current && compareRevisions(revision, revisionOf(current)) < 0) return state;
  const deletedAt = held.tombstones.get(key);
  if (deletedAt !== undefined && compareRevisions(revision, deletedAt) <= 0) return state;
  const objects = new Map(held.objects);
  objects.delete(key);
  const tombstones = new Map(held.tombstones);
  tombstones.set(key, revision);
  return { ...state, [object.kind]: { ...held, objects, tombstones } };
}

/** A change as the stream sends it. */
export interface ChangeEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: AnyResource;
}

export function applyChange(state: ResourceState, change: ChangeEvent): ResourceState {
  return change.type === 'DELETED'
    ? applyDeletion(state, change.object)
    : applyObject(state, change.object);
}

/**
 * A complete listing of one kind as of `revision` (a stream snapshot or a list response), which
 * may be older than events already applied. Objects held at a newer revision are kept; objects
 * held at or before `revision` and missing from the listing were deleted by then; listed items
 * older than a held copy or a seen deletion are refused.
 */
export function applyListing(
  state: ResourceState,
  kind: string,
  items: readonly AnyResource[],
  revision: string,
): ResourceState {
  const held = kindOf(state, kind);
  const objects = new Map<string, AnyResource>();
  for (const [key, object] of held.objects)
    if (compareRevisions(revisionOf(object), revision) > 0) objects.set(key, object);
  const tombstones = new Map<string, string>();
  for (const [key, deletedAt] of held.tombstones)
    if (compareRevisions(deletedAt, revision) > 0) tombstones.set(key, deletedAt);
  const merged: KindState = { objects, tombstones, synced: true };
  for (const item of items) {
    const key = objectKey(item);
    if (isCurrent(merged, key, revisionOf(item))) objects.set(key, item);
  }
  return { ...state, [kind]: merged };
}

/**
 * After the stream's `reset` (its history is gone, or the store was replaced and revisions
 * started over): nothing held can be compared with what follows, so the next snapshot of each
 * kind replaces it outright.
 */
export function replaceKind(
  state: ResourceState,
  kind: string,
  items: readonly AnyResource[],
): ResourceState {
  const objects = new Map(items.map((item) => [objectKey(item), item] as const));
  return { ...state, [kind]: { objects, tombstones: new Map(), synced: true } };
}

/** The objects of a kind, in no particular order. */
export function objectsOf<T = AnyResource>(state: ResourceState, kind: string): T[] {
  return [...kindOf(state, kind).objects.values()] as T[];
}

/** One object by kind, namespace and name. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the cache holds any kind; the caller names the kind's type
export function findObject<T = AnyResource>(
  state: ResourceState,
  kind: string,
  namespace: string | undefined,
  name: string,
): T | undefined {
  return kindOf(state, kind).objects.get(`${namespace ?? ''}/${name}`) as T | undefined;
}

export function isSynced(state: ResourceState, kind: string): boolean {
  return kindOf(state, kind).synced;
}
