/**
 * When things happen to a confirmed reservation (docs/reservations.md): scale-up at
 * `start − (startupSeconds + leadTime)`, sessions instantiate from `start − leadTime` (phase
 * Provisioning), class at `start` (Active), end at `end` (Completed once every session is
 * Terminated) — and the next of those instants, for a timed requeue instead of polling.
 */
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation, ReservationPhase } from '../../resources/kinds/reservation.js';

export interface ReservationTimeline {
  startMs: number;
  endMs: number;
  /** `start − leadTime`: sessions start instantiating; capacity must be Running by then. */
  readyByMs: number;
}

export function timelineOf(reservation: Reservation, leadTimeMs: number): ReservationTimeline {
  const startMs = Date.parse(reservation.spec.start);
  return { startMs, endMs: Date.parse(reservation.spec.end), readyByMs: startMs - leadTimeMs };
}

/** `start − (startupSeconds + leadTime)`: new workers are Running when sessions instantiate. */
export function scaleUpAtMs(timeline: ReservationTimeline, startupSeconds: number): number {
  return timeline.readyByMs - startupSeconds * 1000;
}

/** The phase a confirmed reservation is in at `nowMs`. */
export function confirmedPhaseAt(
  timeline: ReservationTimeline,
  sessions: readonly LabletSession[],
  nowMs: number,
): ReservationPhase {
  if (nowMs >= timeline.endMs)
    return sessions.every((session) => session.status?.phase === 'Terminated')
      ? 'Completed'
      : 'Active';
  if (nowMs >= timeline.startMs) return 'Active';
  if (nowMs >= timeline.readyByMs) return 'Provisioning';
  return 'Confirmed';
}

/** Milliseconds until the next of `instantsMs` after `nowMs`, or undefined when none is left. */
export function untilNext(instantsMs: readonly number[], nowMs: number): number | undefined {
  const future = instantsMs.filter((at) => at > nowMs);
  return future.length === 0 ? undefined : Math.min(...future) - nowMs;
}
