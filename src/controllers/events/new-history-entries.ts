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
 * from), the trailing entries written at the same instant as the last one — one write may record
 * a step it passed through (Stopped → Archived → Terminated is written as Archived and Terminated
 * together). Entries sent before come again with the same id: duplicates, never a gap.
 */
export function newHistoryEntries(
  object: AnyResource,
  added: boolean,
  coveredLength: number | undefined,
): IndexedEntry[] {
  const history = historyOf(object);
  const from = added ? 0 : (coveredLength ?? lastWriteStart(history));
  return history.slice(from).map((entry, offset) => ({ index: from + offset, entry }));
}

/** The index of the first of the trailing entries that share the last entry's time. */
function lastWriteStart(history: readonly PhaseHistoryEntry[]): number {
  let start = Math.max(0, history.length - 1);
  const at = history[start]?.at;
  while (start > 0 && history[start - 1]?.at === at) start--;
  return start;
}
