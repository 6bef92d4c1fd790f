/** How ready a class is: sessions Ready (or further) of its seats, and workers ready of needed. */
import type { Reservation } from '../../resources/kinds/reservation.js';
import { formatTime } from './format';

const READY_OR_LATER = ['Ready', 'Running', 'Collecting', 'Grading', 'Graded'];

export function seatsOf(reservation: Reservation): number {
  return reservation.spec.seatCount ?? reservation.spec.seats?.length ?? 0;
}

export function ReservationReadiness(props: { reservation: Reservation }) {
  const { reservation } = props;
  const counts = reservation.status?.sessions ?? {};
  const ready = READY_OR_LATER.reduce((sum, phase) => sum + (counts[phase] ?? 0), 0);
  const plan = reservation.status?.capacityPlan;
  const seats = seatsOf(reservation);
  return (
    <span className="readiness">
      <span>
        {ready} / {seats} labs ready
      </span>
      {plan && (
        <span className="muted">
          {' '}
          · workers: {plan.workersReady} ready, {plan.workersNeeded} still to come
          {plan.readyBy ? ` · labs start building ${formatTime(plan.readyBy)}` : ''}
        </span>
      )}
    </span>
  );
}
