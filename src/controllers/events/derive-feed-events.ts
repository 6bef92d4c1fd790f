/**
 * Turns one change from the store's log into the feed's events (docs/events.md "Derivation"), for
 * the kinds the feed watches. Pure apart from `memory`, which it keeps in step with the log.
 */
import type { WatchEvent } from '../../client/resource-client.js';
import type { AnyResource } from '../../resources/index.js';
import { definitionEvents } from './definition-events.js';
import type { FeedEvent } from './feed-event.js';
import type { FeedMemory } from './feed-memory.js';
import { newHistoryEntries } from './new-history-entries.js';
import { sessionEvents } from './session-events.js';
import { workerEvents } from './worker-events.js';

/** The kinds the feed follows, in one watch. */
export const FEED_KINDS: readonly string[] = ['LabletSession', 'LabletDefinition', 'Worker'];

/** A change of an object (not a BOOKMARK). */
export type ChangeEvent = Extract<WatchEvent, { object: AnyResource }>;

/**
 * The events `change` stands for, given what `memory` knows of the object before it; `now` dates
 * events that carry no time of their own (a definition's activation).
 */
export function deriveFeedEvents(change: ChangeEvent, memory: FeedMemory, now: Date): FeedEvent[] {
  const { object, revision } = change;
  if (change.type === 'DELETED') {
    memory.forget(object);
    return [];
  }
  const added = change.type === 'ADDED';
  const before = added ? undefined : memory.get(object);
  memory.remember(object);
  const entries = () => newHistoryEntries(object, added, before?.historyLength);
  switch (object.kind) {
    case 'LabletSession':
      return sessionEvents(object, entries(), revision);
    case 'Worker':
      return workerEvents(object, entries(), { revision, added, now });
    case 'LabletDefinition':
      return definitionEvents(object, { added, before, revision, now });
    default:
      return [];
  }
}
