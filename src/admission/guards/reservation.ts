/** Reservation rules: Active definition pinned, end after start, seats given, state moves forward. */
import { isDeepStrictEqual } from 'node:util';
import { InvalidError } from '../../errors/index.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import type { Guard } from '../guard.js';
import { resolveDefinition } from '../resolve-definition.js';
import { assertTimeslot } from './lablet-session.js';

/** `spec.state` may move Pending → Confirmed → Cancelled, or Pending → Cancelled; Cancelled is final. */
const STATE_MOVES: Record<string, readonly string[]> = {
  Pending: ['Confirmed', 'Cancelled'],
  Confirmed: ['Cancelled'],
  Cancelled: [],
};

export const admitReservation: Guard = async (request, { reader }) => {
  if (request.operation === 'delete' || request.operation === 'updateStatus') return request.object;
  const reservation = request.object as unknown as Reservation;
  const { spec } = reservation;
  assertTimeslot(spec, 'spec');
  if (!spec.seats && spec.seatCount === undefined)
    throw invalid('spec.seats', 'give spec.seats (a list of { userId }) or spec.seatCount');
  if (spec.seats && spec.seatCount !== undefined && spec.seatCount !== spec.seats.length)
    throw invalid(
      'spec.seatCount',
      `spec.seatCount (${spec.seatCount}) differs from the ${spec.seats.length} listed seats`,
    );
  const old = request.oldObject as unknown as Reservation | undefined;
  if (old) {
    if (old.spec.state !== spec.state && !STATE_MOVES[old.spec.state]?.includes(spec.state))
      throw invalid(
        'spec.state',
        `a reservation cannot move from ${old.spec.state} to ${spec.state}`,
      );
    if (old.spec.state !== 'Pending' && !isDeepStrictEqual(old.spec.definition, spec.definition))
      throw invalid(
        'spec.definition',
        `spec.definition cannot change once the reservation is ${old.spec.state}`,
      );
    if (old.spec.state === 'Cancelled' && !isDeepStrictEqual(old.spec, spec))
      throw invalid('spec', 'a cancelled reservation cannot change');
    if (isDeepStrictEqual(old.spec.definition, spec.definition)) return request.object;
  }
  const definition = await resolveDefinition(
    spec.definition,
    reservation.metadata.namespace ?? 'default',
    reader,
  );
  return {
    ...request.object,
    spec: {
      ...spec,
      definition: { name: definition.metadata.name, version: definition.spec.version },
    },
  };
};

function invalid(field: string, message: string): InvalidError {
  return new InvalidError(message, { details: { field } });
}
