/**
 * Feed events of a LabletDefinition: `created`, `activated`, `deprecated`. Definitions keep no
 * phase history (their lifecycle is `spec.state`), so a change is read against the remembered
 * state, or — for a definition the feed has not seen since it resumed — against `status.phase`,
 * the definitions controller's mirror of the state it last saw.
 */
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { AnyResource } from '../../resources/index.js';
import { FEED_TYPES, subjectOf, uidOf, type FeedEvent } from './feed-event.js';
import type { ObjectMark } from './feed-memory.js';

/** The states that are announced: the event type, and the word in its id. */
const STATE_EVENTS: Readonly<Record<string, { type: string; word: string }>> = {
  Active: { type: FEED_TYPES.definitionActivated, word: 'activated' },
  Deprecated: { type: FEED_TYPES.definitionDeprecated, word: 'deprecated' },
};

export interface DefinitionChange {
  added: boolean;
  /** What the feed remembers from before this change; undefined when it has not seen it. */
  before: ObjectMark | undefined;
  revision: number;
  now: Date;
}

export function definitionEvents(object: AnyResource, change: DefinitionChange): FeedEvent[] {
  const definition = object as unknown as LabletDefinition;
  const { metadata, spec, status } = definition;
  const data = {
    name: metadata.name,
    namespace: metadata.namespace,
    family: spec.family,
    version: spec.version,
    displayName: spec.displayName,
    state: spec.state,
  };
  const base = { subject: subjectOf(object), revision: change.revision, data };
  const uid = uidOf(object);
  const events: FeedEvent[] = [];
  if (change.added)
    events.push({
      ...base,
      id: `${uid}.created`,
      type: FEED_TYPES.definitionCreated,
      time: metadata.creationTimestamp ?? change.now.toISOString(),
    });
  const previous = change.added ? undefined : (change.before?.state ?? status?.phase);
  const announced = STATE_EVENTS[spec.state];
  if (announced !== undefined && spec.state !== previous)
    events.push({
      ...base,
      // The spec is frozen outside Draft, so the generation names the write that moved the state.
      id: `${uid}.${announced.word}.${metadata.generation ?? 0}`,
      type: announced.type,
      time: change.now.toISOString(),
    });
  return events;
}
