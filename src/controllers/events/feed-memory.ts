/**
 * What one sink's feed remembers of each object as of its position in the log: how many
 * `status.history` entries it has turned into events, and a definition's `spec.state`. A MODIFIED
 * event carries only the new object; this memory says what is new in it (docs/events.md).
 */
import type { AnyResource } from '../../resources/index.js';
import { uidOf } from './feed-event.js';
import { historyOf } from './new-history-entries.js';

export interface ObjectMark {
  /** Entries of `status.history` already covered by events. */
  historyLength: number;
  /** `spec.state` of a LabletDefinition. */
  state?: string;
}

export class FeedMemory {
  readonly #marks = new Map<string, ObjectMark>();

  /**
   * Remembers each listed object not written after `revision`: the log holds no later change of it,
   * so this very version is its state at `revision`. Objects written later are learned from their
   * first event (see `deriveFeedEvents`).
   */
  seed(objects: readonly AnyResource[], revision: number): void {
    for (const object of objects)
      if (Number(object.metadata.resourceVersion) <= revision)
        this.#marks.set(uidOf(object), markOf(object));
  }

  get(object: AnyResource): ObjectMark | undefined {
    return this.#marks.get(uidOf(object));
  }

  remember(object: AnyResource): void {
    this.#marks.set(uidOf(object), markOf(object));
  }

  forget(object: AnyResource): void {
    this.#marks.delete(uidOf(object));
  }
}

function markOf(object: AnyResource): ObjectMark {
  const state = (object.spec as { state?: unknown }).state;
  return {
    historyLength: historyOf(object).length,
    ...(object.kind === 'LabletDefinition' && typeof state === 'string' ? { state } : {}),
  };
}
