/**
 * A LabRecord's worker as the labs controller sees it: gone (deleted or Terminated, so its labs
 * went with its disks), or serving CML (Running or Draining, ready, with an endpoint).
 */
import type { CmlClient } from '../../providers/cml/cml-client.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { FleetProviders } from '../workers/fleet-providers.js';

/** A draining worker still runs its labs; only its scheduling stops. */
const SERVING: ReadonlySet<string> = new Set(['Running', 'Draining']);

/** True when the worker no longer exists or is Terminated: its labs are gone with it. */
export function isWorkerLost(worker: Worker | undefined): boolean {
  return worker === undefined || worker.status?.phase === 'Terminated';
}

/** True when the worker's CML can be asked about labs now. */
export function servesCml(worker: Worker | undefined): worker is Worker {
  const status = worker?.status;
  return (
    status?.endpoint !== undefined && SERVING.has(status.phase ?? '') && status.cml?.ready !== false
  );
}

/** The worker's CML client while it serves CML; `undefined` otherwise. */
export function cmlOfWorker(
  worker: Worker | undefined,
  providers: Pick<FleetProviders, 'cmlFor'>,
): CmlClient | undefined {
  return servesCml(worker) ? providers.cmlFor(worker.status?.endpoint as string) : undefined;
}
