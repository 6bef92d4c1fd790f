/** Classes: a timeline strip, the list with capacity plan and readiness, booking, confirm, cancel. */
import type { Reservation } from '../../resources/kinds/reservation.js';
import { ActionButton } from '../components/action-button';
import { CalendarStrip } from '../components/calendar-strip';
import { formatTime } from '../components/format';
import { Link } from '../components/link';
import { PhaseBadge } from '../components/phase-badge';
import { ReservationForm } from '../components/reservation-form';
import { ReservationReadiness, seatsOf } from '../components/reservation-readiness';
import { useNow } from '../components/use-now';
import { useObjects, usePrincipal } from '../state/live-context';
import { can } from '../state/permissions';

const FINISHED = ['Completed', 'Cancelled'];

export function ReservationsPage() {
  const now = useNow(10_000);
  const principal = usePrincipal();
  const { items, synced } = useObjects<Reservation>('Reservation');
  const reservations = [...items].sort((a, b) => b.spec.start.localeCompare(a.spec.start));
  const current = reservations.filter(
    (r) => !FINISHED.includes(r.status?.phase ?? '') && Date.parse(r.spec.end) > now,
  );
  return (
    <>
      <h1>Reservations</h1>
      {can(principal, 'create', 'Reservation') && <ReservationForm />}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        {current.length === 0 ? (
          <p className="muted">No current or upcoming classes.</p>
        ) : (
          <CalendarStrip reservations={[...current].reverse()} nowMs={now} />
        )}
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">All reservations</h2>
        {!synced && <p role="status">Loading reservations…</p>}
        {synced && reservations.length === 0 && <p className="muted">No reservations yet.</p>}
        {reservations.length > 0 && (
          <div className="table-scroll">
            <table className="table" aria-label="Reservations">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Definition</th>
                  <th scope="col">Window</th>
                  <th scope="col">Seats</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Readiness</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {reservations.map((reservation) => (
                  <tr key={reservation.metadata.name} data-reservation={reservation.metadata.name}>
                    <th scope="row">
                      <Link
                        href={`/sessions?reservation=${encodeURIComponent(reservation.metadata.name)}`}
                      >
                        {reservation.metadata.name}
                      </Link>
                    </th>
                    <td>
                      {reservation.spec.definition.name ?? reservation.spec.definition.family}
                    </td>
                    <td>
                      {formatTime(reservation.spec.start)} – {formatTime(reservation.spec.end)}
                    </td>
                    <td>{seatsOf(reservation)}</td>
                    <td>
                      <PhaseBadge phase={reservation.status?.phase ?? reservation.spec.state} />
                    </td>
                    <td>
                      <ReservationReadiness reservation={reservation} />
                    </td>
                    <td>
                      <div className="actions">
                        {can(principal, 'action:confirm', 'Reservation') &&
                          reservation.spec.state === 'Pending' && (
                            <ActionButton object={reservation} action="confirm" label="Confirm" />
                          )}
                        {can(principal, 'action:cancel', 'Reservation') &&
                          reservation.spec.state !== 'Cancelled' &&
                          !FINISHED.includes(reservation.status?.phase ?? '') && (
                            <ActionButton
                              object={reservation}
                              action="cancel"
                              label="Cancel"
                              confirm
                            />
                          )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
