/**
 * The legal way between two LabRecord phases when the table has no direct move (a completed CML
 * call observed late): breadth-first over LAB_MACHINE, preferring "-ing" phases as steps.
 */
import { LAB_MACHINE, type LabPhase } from '../../resources/kinds/lab-record.js';

/** Never walked through on the way to another phase: they say something happened that did not. */
const NOT_A_STEP: ReadonlySet<LabPhase> = new Set([
  'Orphaned',
  'Error',
  'Deleting',
  'Deleted',
  'Archived',
]);

/** True when a record in phase `from` (none: a new record) may be written in phase `to`. */
export function isDirectMove(from: LabPhase | undefined, to: LabPhase): boolean {
  if (from === undefined) return LAB_MACHINE.initial.includes(to);
  return from === to || LAB_MACHINE.table[from].includes(to);
}

/**
 * The phases from `from` to `to`, `to` included (empty when already there), never through
 * Orphaned, Error, Deleting or a final phase, and through an "-ing" phase rather than a settled one
 * (Defined → Wiping → Wiped, not via Booted). A record without a phase starts at Discovered. When
 * no path exists (from a final phase) the answer is `[to]`, which `transitionPhase` then refuses.
 */
export function labPhasePath(from: LabPhase | undefined, to: LabPhase): LabPhase[] {
  if (from === to) return [];
  if (from === undefined)
    return isDirectMove(undefined, to) ? [to] : ['Discovered', ...labPhasePath('Discovered', to)];
  const previous = new Map<LabPhase, LabPhase>();
  const queue: LabPhase[] = [from];
  for (let phase = queue.shift(); phase !== undefined; phase = queue.shift()) {
    for (const next of inProgressFirst(LAB_MACHINE.table[phase])) {
      if (previous.has(next) || next === from) continue;
      previous.set(next, phase);
      if (next === to) return unwind(previous, from, to);
      if (!NOT_A_STEP.has(next)) queue.push(next);
    }
  }
  return [to];
}

function unwind(
  previous: ReadonlyMap<LabPhase, LabPhase>,
  from: LabPhase,
  to: LabPhase,
): LabPhase[] {
  const path: LabPhase[] = [];
  for (let phase: LabPhase | undefined = to; phase !== from; phase = previous.get(phase))
    if (phase === undefined) break;
    else path.unshift(phase);
  return path;
}

/** The "-ing" phases first (a stable sort), so a detour claims the least that did not happen. */
function inProgressFirst(phases: readonly LabPhase[]): LabPhase[] {
  const ing = (phase: LabPhase): number => (phase.endsWith('ing') ? 0 : 1);
  return [...phases].sort((a, b) => ing(a) - ing(b));
}
