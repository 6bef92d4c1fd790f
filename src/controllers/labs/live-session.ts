/**
 * The session a LabRecord is bound to, when that binding still matters: `status.session` names a
 * session that exists and is not Terminated. The sessions controller owns such a lab's lifecycle.
 */
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';

/** Reads a session by namespace and name (the labs controller's informer cache). */
export type SessionLookup = (namespace: string, name: string) => LabletSession | undefined;

export function liveSessionOf(lab: LabRecord, lookup: SessionLookup): LabletSession | undefined {
  const ref = lab.status?.session;
  if (!ref) return undefined;
  const slash = ref.indexOf('/');
  const session =
    slash < 0 ? lookup('default', ref) : lookup(ref.slice(0, slash), ref.slice(slash + 1));
  return session && session.status?.phase !== 'Terminated' ? session : undefined;
}
