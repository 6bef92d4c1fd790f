/** Schema pieces several kinds share: quantities, timestamps, conditions, history, references. */
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

/** RFC 3339 UTC timestamp. */
export const Timestamp = (options: { description?: string } = {}) =>
  Type.String({ format: 'date-time', ...options });

export const QuantitySchema = Type.Object(
  {
    cpu: Type.Number({ minimum: 0, description: 'vCPU' }),
    memoryMiB: Type.Integer({ minimum: 0 }),
    storageGiB: Type.Integer({ minimum: 0 }),
    nodes: Type.Integer({ minimum: 0, description: 'CML nodes' }),
  },
  { additionalProperties: false },
);
export type Quantity = Static<typeof QuantitySchema>;

export const ConditionSchema = Type.Object({
  type: Type.String({ minLength: 1 }),
  status: Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Literal('Unknown')]),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  lastTransitionTime: Timestamp(),
});

export const HistoryEntrySchema = Type.Object({
  from: Type.Optional(Type.String()),
  to: Type.String(),
  at: Timestamp(),
  reason: Type.Optional(Type.String()),
  actor: Type.Optional(Type.String()),
});

/** Fields every status has: phase, conditions, observedGeneration, history. */
export function statusFields<P extends TSchema>(phase: P) {
  return {
    phase: Type.Optional(phase),
    conditions: Type.Optional(Type.Array(ConditionSchema)),
    observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
    history: Type.Optional(Type.Array(HistoryEntrySchema)),
  };
}

/** A union of string literals, for enumerations; its static type is the union of the values. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { default?: T[number]; description?: string } = {},
): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  );
}

/**
 * How sessions and reservations name a definition: by `name`, or by `family` + semver range
 * (e.g. `^1.2`). Admission resolves it to the highest Active match and pins `name` and `version`.
 */
export const DefinitionReferenceSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    family: Type.Optional(Type.String({ minLength: 1 })),
    version: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'semver range when used with family; pinned version after admission',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DefinitionReference = Static<typeof DefinitionReferenceSchema>;

export const TimeslotSchema = Type.Object(
  { start: Timestamp(), end: Timestamp() },
  { additionalProperties: false },
);
export type Timeslot = Static<typeof TimeslotSchema>;
