/**
 * Asks sessions to stop (`spec.desiredState: Stopped`); the sessions controller tears them down.
 * A merge patch without a resourceVersion, so a session's own status writes never make it
 * conflict; a session deleted meanwhile needs nothing.
 */
import type { ResourceClient } from '../../../client/resource-client.js';
import { ignoreNotFound } from '../../../errors/index.js';
import type { LabletSession, SessionPhase } from '../../../resources/kinds/lablet-session.js';

/** Patches in flight at once: enough to stop a large class quickly without flooding the store. */
const IN_FLIGHT = 16;

/** Phases from which a session is already on its way out (or gone). */
const ENDING: ReadonlySet<SessionPhase> = new Set([
  'Stopping',
  'Stopped',
  'Archived',
  'Terminated',
]);

/** Sessions still meant to run that `stopping` selects, by phase (Pending when it has none). */
export function sessionsToStop(
  sessions: readonly LabletSession[],
  stopping: (phase: SessionPhase) => boolean,
): LabletSession[] {
  return sessions.filter((session) => {
    const phase = session.status?.phase ?? 'Pending';
    return session.spec.desiredState !== 'Stopped' && !ENDING.has(phase) && stopping(phase);
  });
}

/** Returns the highest store revision written (0 when nothing was). */
export async function stopSessions(
  client: ResourceClient,
  sessions: readonly LabletSession[],
): Promise<number> {
  let revision = 0;
  for (let at = 0; at < sessions.length; at += IN_FLIGHT) {
    const written = await Promise.all(
      sessions
        .slice(at, at + IN_FLIGHT)
        .map((session) =>
          ignoreNotFound(
            client.patch(
              'LabletSession',
              session.metadata.name,
              { spec: { desiredState: 'Stopped' } },
              { namespace: session.metadata.namespace ?? 'default' },
            ),
          ),
        ),
    );
    for (const object of written)
      revision = Math.max(revision, Number(object?.metadata.resourceVersion ?? 0));
  }
  return revision;
}
