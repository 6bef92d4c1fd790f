/**
 * A reservation's next status from what the reconcile saw: the phase (forward only, through
 * RESERVATION_MACHINE, so `history` records every move), its sessions counted by phase, the
 * capacity plan and conditions. The caller writes it only when it differs from the stored one.
 */
import { setCondition, type Condition } from '../../resources/index.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { canTransition, transitionPhase } from '../../resources/kinds/phase-machine.js';
import {
  RESERVATION_MACHINE,
  type Reservation,
  type ReservationPhase,
  type ReservationStatus,
} from '../../resources/kinds/reservation.js';

/** The `actor` of the phase changes this controller makes. */
const ACTOR = 'reservations';

const REASONS: Readonly<Record<ReservationPhase, string>> = {
  Pending: 'Created',
  Confirmed: 'Confirmed',
  Provisioning: 'LeadTimeReached',
  Active: 'Started',
  Completed: 'Ended',
  Cancelled: 'Cancelled',
};

export type ConditionUpdate = Omit<Condition, 'lastTransitionTime'>;

export interface ReservationStatusInput {
  reservation: Reservation;
  /** Where it should be now; a move the phase table does not allow (backwards) is not made. */
  phase: ReservationPhase;
  sessions: readonly LabletSession[];
  now: Date;
  /** Undefined keeps the stored plan (it is frozen once the class has ended). */
  capacityPlan?: NonNullable<ReservationStatus['capacityPlan']>;
  conditions?: readonly ConditionUpdate[];
}

export function nextReservationStatus(input: ReservationStatusInput): ReservationStatus {
  const { reservation, phase, now } = input;
  let status: ReservationStatus = { ...reservation.status };
  const from = status.phase;
  if (from !== phase && (from === undefined || canTransition(RESERVATION_MACHINE, from, phase)))
    status = transitionPhase(RESERVATION_MACHINE, status, phase, {
      at: now,
      reason: REASONS[phase],
      actor: ACTOR,
    });
  status.sessions = countByPhase(input.sessions);
  if (input.capacityPlan) status.capacityPlan = input.capacityPlan;
  for (const update of input.conditions ?? [])
    status.conditions = setCondition(status.conditions, update, now);
  const generation = reservation.metadata.generation;
  if (generation !== undefined) status.observedGeneration = generation;
  return status;
}

/** `{ Pending: 3, Running: 27 }`: a session not yet given a phase counts as Pending. */
export function countByPhase(sessions: readonly LabletSession[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const session of sessions) {
    const phase = session.status?.phase ?? 'Pending';
    counts[phase] = (counts[phase] ?? 0) + 1;
  }
  return counts;
}
