/**
 * Records a decision that is not a bind in the session's `status.scheduling`, only when it says
 * something new (`decidedAt` aside), so re-deciding 10,000 waiting sessions writes nothing.
 */
import type { ResourceClient } from '../../../client/resource-client.js';
import type { AnyResource } from '../../../resources/index.js';
import type { LabletSession, SchedulingRecord } from '../../../resources/kinds/lablet-session.js';
import { sameDecision } from '../decision-record.js';

/** Returns the session as written, or undefined when nothing changed; `Conflict` if it moved on. */
export async function recordDecision(
  client: ResourceClient,
  session: LabletSession,
  record: SchedulingRecord,
): Promise<AnyResource | undefined> {
  if (sameDecision(session.status?.scheduling, record)) return undefined;
  const status = { ...session.status, scheduling: record };
  return client.updateStatus({ ...session, status });
}
