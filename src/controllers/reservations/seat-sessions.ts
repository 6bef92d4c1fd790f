/**
 * The LabletSession each seat of a reservation gets: a deterministic name (`<reservation>-<n>`,
 * 1-based, so a retry or a restart never makes a second one), the reservation's definition and
 * timeslot, its labels plus `lcm.io/reservation`, and an ownerReference to it.
 */
import { API_VERSION, type AnyResource } from '../../resources/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { Reservation } from '../../resources/kinds/reservation.js';

/** On every session a reservation creates: the reservation's name. */
const RESERVATION_LABEL = 'lcm.io/reservation';

export interface Seat {
  /** The session's name. */
  name: string;
  owner: { userId: string; email?: string };
}

/**
 * The reservation's seats: `spec.seats` in order, else `spec.seatCount` seats owned by
 * `<reservation>-seat-<n>`. Names are not zero-padded: a name must not change when the seat count
 * later grows past a power of ten, or that seat would get a second session.
 */
export function seatsOf(reservation: Reservation): Seat[] {
  const base = reservation.metadata.name;
  const { seats, seatCount = 0 } = reservation.spec;
  if (seats)
    return seats.map((seat, at) => ({
      name: `${base}-${at + 1}`,
      owner: { userId: seat.userId, ...(seat.email ? { email: seat.email } : {}) },
    }));
  return Array.from({ length: seatCount }, (_, at) => ({
    name: `${base}-${at + 1}`,
    owner: { userId: `${base}-seat-${at + 1}` },
  }));
}

/**
 * The session for `seat`. Its timeslot is the reservation's, cut to the definition's
 * `maxDurationMinutes` when the class is longer (admission would refuse a longer session).
 */
export function seatSession(
  reservation: Reservation,
  seat: Seat,
  definition: LabletDefinition | undefined,
): AnyResource {
  const { metadata, spec } = reservation;
  const startMs = Date.parse(spec.start);
  const maxMs = (definition?.spec.maxDurationMinutes ?? Number.POSITIVE_INFINITY) * 60_000;
  const end =
    Date.parse(spec.end) - startMs > maxMs ? new Date(startMs + maxMs).toISOString() : spec.end;
  return {
    apiVersion: API_VERSION,
    kind: 'LabletSession',
    metadata: {
      name: seat.name,
      namespace: metadata.namespace ?? 'default',
      labels: { ...metadata.labels, [RESERVATION_LABEL]: metadata.name },
      ownerReferences: [{ kind: 'Reservation', name: metadata.name, uid: metadata.uid ?? '' }],
    },
    spec: {
      definition: spec.definition,
      owner: seat.owner,
      timeslot: { start: spec.start, end },
      reservation: metadata.name,
      desiredState: 'Active',
    },
  };
}
