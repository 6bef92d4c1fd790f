/**
 * One event of the feed as derived from the store's log, and its CloudEvent (structured JSON mode
 * on the wire). Ids are stable per logical event, so a redelivery carries the same `source` + `id`
 * and sinks can drop it.
 */
import { CloudEvent } from 'cloudevents';
import { formatObjectKey, type AnyResource } from '../../resources/index.js';

/** The feed's CloudEvent types (SPEC.md "Events"); phases are appended lower-case. */
export const FEED_TYPES = {
  sessionPhase: 'ccm.lablet.session.',
  definitionCreated: 'ccm.lablet.definition.created',
  definitionActivated: 'ccm.lablet.definition.activated',
  definitionDeprecated: 'ccm.lablet.definition.deprecated',
  workerPhase: 'ccm.worker.',
  workerScaledUp: 'ccm.worker.scaled.up',
  workerScaledDown: 'ccm.worker.scaled.down',
  feedGap: 'ccm.feed.gap',
} as const;

export interface FeedEvent {
  /** Stable per logical event, e.g. `<uid>.<history index>` for a phase change. */
  id: string;
  type: string;
  /** `namespace/name`, or the name of a cluster-scoped object (the sink's name for a gap). */
  subject: string;
  /** RFC 3339: when it happened (a history entry's `at`), else when the feed saw it. */
  time: string;
  /** The store revision it was derived from; sent as the extension attribute `lcmrevision`. */
  revision: number;
  data: Record<string, unknown>;
}

/** The CloudEvent for `event`, with `source` = the deployment's URL. */
export function toCloudEvent(
  event: FeedEvent,
  source: string,
): CloudEvent<Record<string, unknown>> {
  return new CloudEvent({
    specversion: '1.0',
    id: event.id,
    type: event.type,
    source,
    subject: event.subject,
    time: event.time,
    datacontenttype: 'application/json',
    data: event.data,
    lcmrevision: event.revision,
  });
}

/** `namespace/name` or `name`. */
export function subjectOf(object: AnyResource): string {
  return formatObjectKey(object.metadata);
}

/** The object's uid (always set by the store); its kind and key when absent, for robustness. */
export function uidOf(object: AnyResource): string {
  return object.metadata.uid ?? `${object.kind}/${subjectOf(object)}`;
}

/** `fields` without undefined values, so the JSON `data` holds only what is known. */
export function definedFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
