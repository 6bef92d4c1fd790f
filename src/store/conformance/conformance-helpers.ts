/** Helpers for the store conformance suite: defaults, event collection and error capture. */
import type { StoreConfig } from '../../config/index.js';
import type { AnyResource } from '../../resources/index.js';
import type { ChangeType, Watch, WatchEvent } from '../resource-store.js';

export const CONFORMANCE_CONFIG: StoreConfig = {
  eventRetentionSeconds: 3600,
  eventRetentionMaxEvents: 100_000,
  compactionIntervalSeconds: 3600,
  bookmarkIntervalSeconds: 5,
  watchPollIntervalMs: 500,
  maxObjectBytes: 1_048_576,
};

export type ChangeEvent = Extract<WatchEvent, { object: AnyResource }>;

/** Reads change events (skipping bookmarks) until `count` have arrived. */
export async function takeChanges(watch: Watch, count: number): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  while (events.length < count) {
    const next = await watch.next();
    if (next.done) throw new Error(`watch ended after ${events.length} of ${count} events`);
    if (next.value.type !== 'BOOKMARK') events.push(next.value);
  }
  return events;
}

/** Reads change events until one at or beyond `revision` arrives. */
export async function takeChangesThrough(watch: Watch, revision: number): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  while ((events[events.length - 1]?.revision ?? -1) < revision) {
    const next = await watch.next();
    if (next.done)
      throw new Error(`watch ended at ${events.length} events before revision ${revision}`);
    if (next.value.type !== 'BOOKMARK') events.push(next.value);
  }
  return events;
}

export function summarize(events: readonly ChangeEvent[]): [ChangeType, string, number][] {
  return events.map((event) => [event.type, event.object.metadata.name, event.revision]);
}

/** Runs `work` and returns what it threw, failing when it did not throw. */
export async function caught(
  work: () => Promise<unknown>,
): Promise<{ reason?: string; details?: Record<string, unknown>; message: string }> {
  try {
    await work();
  } catch (error) {
    return error as { reason?: string; details?: Record<string, unknown>; message: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export function revisionOf(object: AnyResource): number {
  return Number(object.metadata.resourceVersion);
}
