/**
 * Lab bindings (SPEC.md "LabRecord": a lab is bound to at most one session at any instant): every
 * lab's `status.session` names a live session that names the lab back in `status.lab`, no two
 * labs name one session, and no two live sessions name one lab. Live = not Terminated.
 */
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { sessionKey, type InvariantViolation } from './fleet-invariant.js';

/** A Deleted or Archived lab holds nothing; its last `status.session` is history. */
const FINAL_LAB_PHASES: ReadonlySet<string | undefined> = new Set(['Deleted', 'Archived']);

/** `sessions` by `namespace/name`. */
export function checkLabBindings(
  labs: readonly LabRecord[],
  sessions: ReadonlyMap<string, LabletSession>,
): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  const labsBySession = new Map<string, string[]>();
  for (const lab of labs) {
    const ref = lab.status?.session;
    if (!ref || FINAL_LAB_PHASES.has(lab.status?.phase)) continue;
    const name = lab.metadata.name;
    labsBySession.set(ref, [...(labsBySession.get(ref) ?? []), name]);
    const why = unboundBecause(sessions.get(ref), name);
    if (why)
      violations.push({
        invariant: 'LabWithoutLiveSession',
        object: `LabRecord/${name}`,
        message: `is bound to session ${ref}, which ${why}`,
      });
  }
  for (const [ref, names] of labsBySession)
    if (names.length > 1)
      violations.push({
        invariant: 'LabBoundTwice',
        object: `LabletSession/${ref}`,
        message: `is named by labs ${names.join(', ')}`,
      });
  return [...violations, ...labsNamedTwice(sessions)];
}

function unboundBecause(session: LabletSession | undefined, lab: string): string | undefined {
  if (!session) return 'does not exist';
  if (session.status?.phase === 'Terminated') return 'is Terminated';
  const named = session.status?.lab;
  return named === lab ? undefined : `names lab ${named ?? '(none)'}`;
}

function labsNamedTwice(sessions: ReadonlyMap<string, LabletSession>): InvariantViolation[] {
  const sessionsByLab = new Map<string, string[]>();
  for (const session of sessions.values()) {
    const lab = session.status?.lab;
    if (!lab || session.status?.phase === 'Terminated') continue;
    sessionsByLab.set(lab, [...(sessionsByLab.get(lab) ?? []), sessionKey(session.metadata)]);
  }
  return [...sessionsByLab]
    .filter(([, keys]) => keys.length > 1)
    .map(([lab, keys]) => ({
      invariant: 'LabBoundTwice',
      object: `LabRecord/${lab}`,
      message: `is named by sessions ${keys.join(', ')}, none of them Terminated`,
    }));
}
