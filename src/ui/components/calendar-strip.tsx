/**
 * Reservations on a horizontal time axis (a calendar strip): one lane per class, a bar from its
 * start to its end, the current time as a line. The same data is in the table beside it.
 */
import type { Reservation } from '../../resources/kinds/reservation.js';
import { seatsOf } from './reservation-readiness';

const HOUR = 3_600_000;

export function stripWindow(
  reservations: readonly Reservation[],
  nowMs: number,
): { from: number; to: number } {
  const from = Math.min(nowMs - HOUR, ...reservations.map((r) => Date.parse(r.spec.start)));
  const latest = Math.max(nowMs + 6 * HOUR, ...reservations.map((r) => Date.parse(r.spec.end)));
  return { from, to: Math.min(latest, from + 7 * 24 * HOUR) };
}

export function CalendarStrip(props: { reservations: readonly Reservation[]; nowMs: number }) {
  const { reservations, nowMs } = props;
  if (reservations.length === 0) return null;
  const { from, to } = stripWindow(reservations, nowMs);
  const span = to - from;
  const at = (ms: number) => `${Math.min(100, Math.max(0, ((ms - from) / span) * 100))}%`;
  const stepHours = Math.max(1, Math.ceil(span / HOUR / 8));
  const ticks: number[] = [];
  for (let t = Math.ceil(from / HOUR) * HOUR; t <= to; t += stepHours * HOUR) ticks.push(t);
  return (
    <figure className="strip" aria-label="Timeline of reservations">
      <div className="strip-axis" aria-hidden="true">
        {ticks.map((tick) => (
          <span key={tick} className="strip-tick" style={{ left: at(tick) }}>
            {new Date(tick).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
          </span>
        ))}
      </div>
      <ul className="strip-lanes">
        {reservations.map((reservation) => {
          const start = Date.parse(reservation.spec.start);
          const end = Date.parse(reservation.spec.end);
          return (
            <li key={reservation.metadata.name} className="strip-lane">
              <span
                className="strip-bar"
                data-phase={reservation.status?.phase ?? reservation.spec.state}
                style={{ left: at(start), width: `calc(${at(end)} - ${at(start)})` }}
              >
                {reservation.metadata.name} · {seatsOf(reservation)} seats ·{' '}
                {reservation.status?.phase ?? reservation.spec.state}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="strip-now" style={{ left: at(nowMs) }} aria-hidden="true" />
    </figure>
  );
}
