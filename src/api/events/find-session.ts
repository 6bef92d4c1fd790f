/** Finds the LabletSession an event is about, across all namespaces, by the ids the event carries. */
import type { ResourceClient } from '../../client/resource-client.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';

/** How to recognise an event's session. */
export interface SessionMatch {
  /** What the ids are, for messages, e.g. `LDS session id`. */
  describe: string;
  /** Ids of the session's external counterpart the event carries (LDS or grading session ids). */
  ids: readonly string[];
  /** The counterpart id a session has recorded (`status.access.ldsSessionId`, …). */
  recordedId(session: LabletSession): string | undefined;
  /** LCM session names the event carries: `namespace/name`, or a name unique across namespaces. */
  names: readonly string[];
}

/**
 * The session whose recorded counterpart id is one of `match.ids`; failing that, a session named in
 * `match.names` that has recorded no counterpart id yet (one with another id is a different run, so
 * the event is stale for it). `undefined` when none or several match.
 */
export async function findSession(
  reader: Pick<ResourceClient, 'list'>,
  match: SessionMatch,
): Promise<LabletSession | undefined> {
  const { items } = await reader.list('LabletSession');
  const sessions = items as unknown as LabletSession[];
  const byId = sessions.filter((session) => {
    const recorded = match.recordedId(session);
    return recorded !== undefined && match.ids.includes(recorded);
  });
  if (byId.length > 0) return single(byId);
  const byName = sessions.filter(
    (session) =>
      match.recordedId(session) === undefined &&
      match.names.some((name) => isNamed(session, name, sessions)),
  );
  return single(byName);
}

/** `ns/name` names exactly; a bare name only when no other namespace has a session of that name. */
function isNamed(session: LabletSession, name: string, all: readonly LabletSession[]): boolean {
  const { name: own, namespace = 'default' } = session.metadata;
  if (name.includes('/')) return name === `${namespace}/${own}`;
  return own === name && all.filter((other) => other.metadata.name === name).length === 1;
}

function single(sessions: LabletSession[]): LabletSession | undefined {
  return sessions.length === 1 ? sessions[0] : undefined;
}

/** The string values among `values`, without duplicates. */
export function stringsOf(...values: unknown[]): string[] {
  return [
    ...new Set(values.filter((value): value is string => typeof value === 'string' && !!value)),
  ];
}
