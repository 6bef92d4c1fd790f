/**
 * Phase state machines as data: a transition table per kind (SPEC.md), and the one helper that
 * changes a phase and appends `{ from, to, at, reason, actor }` to `status.history`.
 */
import { InvalidError } from '../../errors/index.js';

export interface PhaseHistoryEntry {
  from?: string;
  to: string;
  at: string;
  reason?: string;
  actor?: string;
}

/** A phase table: for each phase, the phases it may move to. */
export type TransitionTable<Phase extends string> = Readonly<Record<Phase, readonly Phase[]>>;

export interface PhaseMachine<Phase extends string> {
  kind: string;
  phases: readonly Phase[];
  /** Phases an object may be created in. */
  initial: readonly Phase[];
  table: TransitionTable<Phase>;
}

export function definePhaseMachine<Phase extends string>(
  kind: string,
  table: TransitionTable<Phase>,
  initial: readonly Phase[],
): PhaseMachine<Phase> {
  return { kind, phases: Object.keys(table) as Phase[], initial, table };
}

export function canTransition<Phase extends string>(
  machine: PhaseMachine<Phase>,
  from: Phase,
  to: Phase,
): boolean {
  return machine.table[from].includes(to);
}

export function isPhase<Phase extends string>(
  machine: PhaseMachine<Phase>,
  value: unknown,
): value is Phase {
  return typeof value === 'string' && (machine.phases as readonly string[]).includes(value);
}

/** Throws `Invalid` (field `status.phase`) unless `from → to` is in the table; same phase is fine. */
export function assertTransition<Phase extends string>(
  machine: PhaseMachine<Phase>,
  from: unknown,
  to: unknown,
): void {
  if (!isPhase(machine, to))
    throw new InvalidError(
      `status.phase "${String(to)}" is not a ${machine.kind} phase; phases: ${machine.phases.join(', ')}`,
      {
        details: { field: 'status.phase' },
      },
    );
  if (from === undefined) {
    if (!machine.initial.includes(to))
      throw new InvalidError(
        `a new ${machine.kind} starts in ${machine.initial.join(' or ')}, not ${to}`,
        {
          details: { field: 'status.phase' },
        },
      );
    return;
  }
  if (!isPhase(machine, from) || from === to) return;
  if (!canTransition(machine, from, to)) {
    const allowed = machine.table[from];
    throw new InvalidError(
      `${machine.kind} cannot move from ${from} to ${to}; from ${from} it may move to ${allowed.length > 0 ? allowed.join(', ') : 'nothing (final)'}`,
      { details: { field: 'status.phase', from, to } },
    );
  }
}

/** Status with a phase and its history; kinds' status types extend it. */
export interface PhasedStatus<Phase extends string = string> {
  phase?: Phase;
  history?: PhaseHistoryEntry[];
}

/**
 * Returns `status` moved to phase `to`, with the change appended to `history`. Throws `Invalid` for a
 * transition the table does not allow. Moving to the current phase returns `status` unchanged.
 */
export function transitionPhase<Phase extends string, S extends PhasedStatus<Phase>>(
  machine: PhaseMachine<Phase>,
  status: S,
  to: Phase,
  change: { at: Date; reason?: string; actor?: string },
): S {
  if (status.phase === to) return status;
  assertTransition(machine, status.phase, to);
  const entry: PhaseHistoryEntry = {
    ...(status.phase === undefined ? {} : { from: status.phase }),
    to,
    at: change.at.toISOString(),
    ...(change.reason ? { reason: change.reason } : {}),
    ...(change.actor ? { actor: change.actor } : {}),
  };
  return { ...status, phase: to, history: [...(status.history ?? []), entry] };
}
