/**
 * Deadlines (SPEC.md "LabletSession": every transitional phase has one): a session that is not
 * Terminated is never left much past its `status.deadline` — the controller acts on it.
 */
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { sessionKey, type InvariantViolation } from './fleet-invariant.js';

/** `SessionPastDeadline` for each live session more than `graceMs` past its deadline at `now`. */
export function checkSessionDeadlines(
  sessions: readonly LabletSession[],
  now: Date,
  graceMs: number,
): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  for (const session of sessions) {
    const phase = session.status?.phase ?? 'Pending';
    const deadline = session.status?.deadline;
    if (phase === 'Terminated' || deadline === undefined) continue;
    const overdueMs = now.getTime() - Date.parse(deadline);
    if (overdueMs > graceMs)
      violations.push({
        invariant: 'SessionPastDeadline',
        object: `LabletSession/${sessionKey(session.metadata)}`,
        message: `is still ${phase} ${Math.round(overdueMs / 1000)} s after its deadline ${deadline}`,
      });
  }
  return violations;
}
