/** Reads the objects `checkFleetInvariants` checks, in one go, through any ResourceClient. */
import type { ResourceClient } from '../../client/resource-client.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { FleetObjects } from './fleet-invariant.js';

/**
 * Lists every Worker, LabletSession (all namespaces) and LabRecord. The three lists are separate
 * reads: check a fleet at rest (tests, after a run), not one under writes. Add `now` (and
 * `options`) to check the time invariants too.
 */
export async function readFleet(
  client: ResourceClient,
): Promise<Required<Pick<FleetObjects, 'workers' | 'sessions' | 'labRecords'>>> {
  const [workers, sessions, labRecords] = await Promise.all([
    client.list('Worker'),
    client.list('LabletSession'),
    client.list('LabRecord'),
  ]);
  return {
    workers: workers.items as unknown as Worker[],
    sessions: sessions.items as unknown as LabletSession[],
    labRecords: labRecords.items as unknown as LabRecord[],
  };
}
