/**
 * EventSinkCursor (cluster-scoped, internal): how far the event feed has delivered to one sink —
 * the last store revision whose CloudEvents the sink accepted — so delivery resumes after a restart.
 * Named after the sink (`events.sinks[].name`); written only by the event feed.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { Timestamp, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';

export const EventSinkCursorSpecSchema = Type.Object(
  {
    revision: Type.Integer({
      minimum: 0,
      description: 'every feed event derived from a revision up to this one has been delivered',
    }),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false },
);

export type EventSinkCursor = Resource<Static<typeof EventSinkCursorSpecSchema>>;

export const EVENT_SINK_CURSOR: KindModule = {
  definition: {
    kind: 'EventSinkCursor',
    plural: 'eventsinkcursors',
    scope: 'Cluster',
    internal: true,
  },
  specSchema: EventSinkCursorSpecSchema,
  statusSchema: Type.Object(statusFields(Type.String())),
};
