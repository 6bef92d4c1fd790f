/**
 * EventReceipt (cluster-scoped, internal): proof that a CloudEvent (`source` + `id`) was applied.
 * Created in the same transaction as the event's effect, so a redelivery is a no-op.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { Timestamp, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';

export const EventReceiptSpecSchema = Type.Object(
  {
    source: Type.String({ minLength: 1 }),
    id: Type.String({ minLength: 1 }),
    type: Type.String({ minLength: 1 }),
    receivedAt: Timestamp(),
    /** What the event did, e.g. `LabletSession default/s1 Ready → Running`. */
    effect: Type.String(),
  },
  { additionalProperties: false },
);

export type EventReceipt = Resource<Static<typeof EventReceiptSpecSchema>>;

export const EVENT_RECEIPT: KindModule = {
  definition: { kind: 'EventReceipt', plural: 'eventreceipts', scope: 'Cluster', internal: true },
  specSchema: EventReceiptSpecSchema,
  statusSchema: Type.Object(statusFields(Type.String())),
};
