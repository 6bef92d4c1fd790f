/**
 * The scheduling queue: every Pending session ordered by timeslot start (nearest first, then by
 * key), kept in step with the session informer, so a session's queue position and the sessions
 * due within the horizon are known without sorting 10,000 sessions per decision.
 */
import { formatObjectKey } from '../../resources/index.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Informer } from '../../runtime/index.js';

interface Entry {
  key: string;
  startMs: number;
}

/** When placement may begin: the timeslot start, or the creation time for a session without one. */
export function placementStartMs(session: LabletSession): number {
  const start = session.spec.timeslot?.start ?? session.metadata.creationTimestamp;
  return start === undefined ? 0 : Date.parse(start);
}

/** Pending and still wanted: a session asked to stop or being deleted is not placed. */
export function isPending(session: LabletSession): boolean {
  return (
    (session.status?.phase ?? 'Pending') === 'Pending' &&
    session.spec.desiredState !== 'Stopped' &&
    session.metadata.deletionTimestamp === undefined
  );
}

function versionOf(session: LabletSession): number {
  return Number(session.metadata.resourceVersion ?? 0);
}

function compare(a: Entry, b: Entry): number {
  return a.startMs - b.startMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export class PendingQueue {
  /** Sorted by `compare`. Inserts and removals splice (a memmove of ≤ 10⁴ pointers: cheap). */
  readonly #entries: Entry[] = [];
  readonly #byKey = new Map<string, Entry>();
  /** Sessions this scheduler moved out of Pending, by the resourceVersion of that write. */
  readonly #left = new Map<string, number>();

  /** Fills the queue from `informer`'s cache and follows its changes from then on. */
  static follow(informer: Informer): PendingQueue {
    const queue = new PendingQueue();
    const observe = (object: unknown): void => queue.observe(object as LabletSession);
    for (const session of informer.list()) observe(session);
    informer.addEventHandler({
      onAdd: observe,
      onUpdate: (_old, object) => observe(object),
      onDelete: (object) => {
        queue.#left.delete(formatObjectKey(object.metadata));
        queue.#remove(formatObjectKey(object.metadata));
      },
    });
    return queue;
  }

  get size(): number {
    return this.#entries.length;
  }

  /**
   * Follows this scheduler's own write of a session before the informer delivers it; events older
   * than that write are then ignored, so a bound session does not come back as pending.
   */
  observeOwnWrite(session: LabletSession): void {
    this.#apply(session);
    if (!isPending(session)) this.#left.set(formatObjectKey(session.metadata), versionOf(session));
  }

  /** Adds, moves or removes the session according to its phase and timeslot. */
  observe(session: LabletSession): void {
    const key = formatObjectKey(session.metadata);
    const left = this.#left.get(key);
    if (left !== undefined) {
      if (versionOf(session) < left) return;
      this.#left.delete(key);
    }
    this.#apply(session);
  }

  #apply(session: LabletSession): void {
    const key = formatObjectKey(session.metadata);
    if (!isPending(session)) {
      this.#remove(key);
      return;
    }
    const startMs = placementStartMs(session);
    const existing = this.#byKey.get(key);
    if (existing?.startMs === startMs) return;
    if (existing) this.#remove(key);
    const entry = { key, startMs };
    this.#entries.splice(this.#lowerBound(entry), 0, entry);
    this.#byKey.set(key, entry);
  }

  /** 1-based position of a pending session; undefined when it is not pending. */
  positionOf(key: string): number | undefined {
    const entry = this.#byKey.get(key);
    return entry ? this.#lowerBound(entry) + 1 : undefined;
  }

  /** Keys of the pending sessions whose placement may begin by `ms`, nearest start first. */
  keysDueBy(ms: number): string[] {
    const keys: string[] = [];
    for (const entry of this.#entries) {
      if (entry.startMs > ms) break;
      keys.push(entry.key);
    }
    return keys;
  }

  /** Keys ahead of `key` in the queue, nearest start first. */
  keysAhead(key: string): string[] {
    const position = this.positionOf(key);
    return position === undefined
      ? []
      : this.#entries.slice(0, position - 1).map((entry) => entry.key);
  }

  #remove(key: string): void {
    const entry = this.#byKey.get(key);
    if (!entry) return;
    this.#entries.splice(this.#lowerBound(entry), 1);
    this.#byKey.delete(key);
  }

  /** Index of the first entry not less than `entry` (its own index when present). */
  #lowerBound(entry: Entry): number {
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(this.#entries[middle] as Entry, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
