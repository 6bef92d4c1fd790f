/** Feed events of a LabletSession: `ccm.lablet.session.<phase>` per phase change. */
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { AnyResource } from '../../resources/index.js';
import type { IndexedEntry } from './new-history-entries.js';
import { FEED_TYPES, definedFields, subjectOf, uidOf, type FeedEvent } from './feed-event.js';

/** One event per new history entry; `data` describes the session as of this change. */
export function sessionEvents(
  object: AnyResource,
  entries: readonly IndexedEntry[],
  revision: number,
): FeedEvent[] {
  const session = object as unknown as LabletSession;
  const { spec, status, metadata } = session;
  return entries.map(({ index, entry }) => ({
    id: `${uidOf(object)}.${index}`,
    type: `${FEED_TYPES.sessionPhase}${entry.to.toLowerCase()}`,
    subject: subjectOf(object),
    time: entry.at,
    revision,
    data: definedFields({
      name: metadata.name,
      namespace: metadata.namespace,
      phase: entry.to,
      previousPhase: entry.from,
      reason: entry.reason,
      actor: entry.actor,
      outcome: status?.outcome,
      definition: spec.definition.name,
      definitionVersion: spec.definition.version,
      owner: spec.owner.userId,
      worker: status?.worker,
      lab: status?.lab,
      timeslot: spec.timeslot,
      message: status?.message,
    }),
  }));
}
