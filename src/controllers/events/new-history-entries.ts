/**
 * Which `status.history` entries a change of a session or worker added. Phase changes are read from
 * the history (appended by `transitionPhase` and by admission on creation), not from `status.phase`,
 * because the history says which step each change was — its index makes a stable event id.
 */
import type { PhaseHistoryEntry } from '../../resources/kinds/phase-machine.js';
import type { AnyResource } from '../../resources/index.js';

/** A history entry with its index in `status.history`. */
export interface IndexedEntry {
  index: number;
  entry: PhaseHistoryEntry;
}

/** The history entries of a phased object; [] when it has none. */
export function historyOf(object: AnyResource): readonly PhaseHistoryEntry[] {
  const history = (object.status as { history?: unknown } | undefined)?.history;
  return Array.isArray(history) ? (history as PhaseHistoryEntry[]) : [];
}

/**
 * The entries this change added: all of a new object's; those past `coveredLength` for an object
 * the feed knows; for one first seen in a MODIFIED (written after the position the feed resumed
 * from), the last entry — admission lets a write move the phase one step at most, so no other
 * entry can be new, and that one may have been sent before (same id: a duplicate, not a gap).
 */
export function newHistoryEntries(
  object: AnyResource,
  added: boolean,
  coveredLength: number | undefined,
): IndexedEntry[] {
  const history = historyOf(object);
  const from = added ? 0 : (coveredLength ?? Math.max(0, history.length - 1));
  return history.slice(from).map((entry, offset) => ({ index: from + offset, entry }));
}
