/** Reservation (namespaced): a timeslot for a class (SPEC.md "Reservation"). */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import {
  DefinitionReferenceSchema,
  StringEnum,
  Timestamp,
  statusFields,
} from './common-schemas.js';
import type { KindModule } from './kind-module.js';
import { definePhaseMachine } from './phase-machine.js';

export const RESERVATION_PHASES = [
  'Pending',
  'Confirmed',
  'Provisioning',
  'Active',
  'Completed',
  'Cancelled',
] as const;
export type ReservationPhase = (typeof RESERVATION_PHASES)[number];

/** SPEC.md lists the phases without a table; this is the order a class goes through. */
export const RESERVATION_MACHINE = definePhaseMachine<ReservationPhase>(
  'Reservation',
  {
    Pending: ['Confirmed', 'Cancelled'],
    Confirmed: ['Provisioning', 'Active', 'Completed', 'Cancelled'],
    Provisioning: ['Active', 'Completed', 'Cancelled'],
    Active: ['Completed', 'Cancelled'],
    Completed: [],
    Cancelled: [],
  },
  ['Pending'],
);

export const ReservationSpecSchema = Type.Object(
  {
    definition: DefinitionReferenceSchema,
    start: Timestamp(),
    end: Timestamp(),
    seats: Type.Optional(
      Type.Array(
        Type.Object(
          { userId: Type.String({ minLength: 1 }), email: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
      ),
    ),
    seatCount: Type.Optional(Type.Integer({ minimum: 1 })),
    externalId: Type.Optional(Type.String()),
    state: StringEnum(['Pending', 'Confirmed', 'Cancelled'] as const, { default: 'Pending' }),
  },
  { additionalProperties: false },
);

export const ReservationStatusSchema = Type.Object({
  ...statusFields(StringEnum(RESERVATION_PHASES)),
  sessions: Type.Optional(
    Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
      description: 'counts by session phase',
    }),
  ),
  capacityPlan: Type.Optional(
    Type.Object({
      workersNeeded: Type.Integer({ minimum: 0 }),
      workersReady: Type.Integer({ minimum: 0 }),
      readyBy: Type.Optional(Timestamp()),
    }),
  ),
});

export type ReservationSpec = Static<typeof ReservationSpecSchema>;
export type ReservationStatus = Static<typeof ReservationStatusSchema>;
export type Reservation = Resource<ReservationSpec, ReservationStatus>;

export const RESERVATION: KindModule = {
  definition: { kind: 'Reservation', plural: 'reservations', scope: 'Namespaced' },
  specSchema: ReservationSpecSchema,
  statusSchema: ReservationStatusSchema,
  machine: RESERVATION_MACHINE,
};
