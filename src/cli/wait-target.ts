/**
 * What `lcm wait --for` waits for — `phase=<Phase>` or `condition=<Type>[=<Status>]` — and whether
 * an object is there, may still get there, or never will (its phase table cannot reach the target).
 */
import { InvalidError } from '../errors/index.js';
import type { AnyResource, Condition } from '../resources/index.js';
import { findKindModule } from '../resources/kinds/built-in-kinds.js';

export type WaitTarget =
  | { type: 'phase'; phase: string; text: string }
  | { type: 'condition'; condition: string; status: string; text: string };

export type WaitState =
  | { state: 'met' }
  | { state: 'pending' }
  /** The object can no longer reach the target. */
  | { state: 'unreachable'; reason: string };

/** Parses `--for` for `kind`; `Invalid` for another form or a phase the kind does not have. */
export function parseWaitTarget(text: string, kind: string): WaitTarget {
  const [what, value, status] = text.split('=');
  if (what === 'phase' && value && status === undefined) {
    const phases = findKindModule(kind)?.machine?.phases;
    if (phases && !phases.includes(value))
      throw new InvalidError(`${kind} has no phase "${value}"; phases: ${phases.join(', ')}`, {
        details: { field: 'for' },
      });
    return { type: 'phase', phase: value, text };
  }
  if (what === 'condition' && value)
    return { type: 'condition', condition: value, status: status ?? 'True', text };
  throw new InvalidError(`--for "${text}" is not phase=<Phase> or condition=<Type>[=<Status>]`, {
    details: { field: 'for' },
  });
}

/** The current value `target` looks at: the phase, or the condition's status. */
export function observedValue(target: WaitTarget, object: AnyResource): string {
  if (target.type === 'phase') return phaseOf(object) ?? '<none>';
  return conditionOf(object, target.condition)?.status ?? '<none>';
}

export function evaluateWait(target: WaitTarget, object: AnyResource): WaitState {
  if (target.type === 'condition')
    return conditionOf(object, target.condition)?.status === target.status
      ? { state: 'met' }
      : { state: 'pending' };
  const phase = phaseOf(object);
  if (phase === target.phase) return { state: 'met' };
  if (phase === undefined || canReach(object.kind, phase, target.phase))
    return { state: 'pending' };
  return {
    state: 'unreachable',
    reason: `it is ${phase}, from which ${target.phase} cannot be reached`,
  };
}

/** Whether `to` follows `from` in the kind's phase table (true when the kind has no table). */
function canReach(kind: string, from: string, to: string): boolean {
  const table = findKindModule(kind)?.machine?.table;
  if (!table?.[from]) return true;
  const seen = new Set([from]);
  const queue = [from];
  for (let phase = queue.shift(); phase !== undefined; phase = queue.shift())
    for (const next of table[phase] ?? []) {
      if (next === to) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  return false;
}

function phaseOf(object: AnyResource): string | undefined {
  const phase = object.status?.phase;
  return typeof phase === 'string' ? phase : undefined;
}

function conditionOf(object: AnyResource, type: string): Condition | undefined {
  const conditions = object.status?.conditions as Condition[] | undefined;
  return conditions?.find((condition) => condition.type === type);
}
