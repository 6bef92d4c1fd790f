/** What every step of a Worker reconcile receives, and the timings the steps run on. */
import type { ResourceClient } from '../../client/resource-client.js';
import type { Logger } from '../../observability/index.js';
import type { CloudProvider } from '../../providers/cloud/cloud-provider.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import type { Worker, WorkerSpec } from '../../resources/kinds/worker.js';
import type { FleetProviders } from './fleet-providers.js';
import type { SecretSource } from './secret-source.js';
import type { WorkerStatusDraft } from './worker-status-draft.js';

/** The controller's timings; every one has a default in `createWorkersController`. */
export interface WorkersTimings {
  /** Look at a steady Running worker (cloud, CML readiness, metrics, activity, licence) this often. */
  pollIntervalMs: number;
  /** Look again this soon while the cloud or CML is changing state. */
  transitionPollMs: number;
  /** A worker whose launch was refused (Failed) tries again after this long. */
  launchRetryMs: number;
  /** A licence registration CML refused is tried again after this long. */
  licenseRetryMs: number;
  /** Discovery (adopt unknown instances, mark vanished ones Terminated) runs this often. */
  discoveryIntervalMs: number;
}

/** One reconcile of one Worker, as the steps see it. */
export interface WorkerStepContext {
  /** The worker as read from the cache at the start (frozen). */
  worker: Worker;
  template: WorkerTemplate;
  /** The status changes so far; written once, after the last step. */
  draft: WorkerStatusDraft;
  cloud: CloudProvider;
  providers: FleetProviders;
  secrets: SecretSource;
  client: ResourceClient;
  logger: Logger;
  /** Aborted when the controller stops or loses its lease: pass it to every cloud call. */
  signal: AbortSignal;
  timings: WorkersTimings;
  /** The LabRecords on this worker, from the cache. */
  labs(): readonly LabRecord[];
  /** Asks to reconcile again within `ms` (the shortest request of all steps wins). */
  requeueAfter(ms: number): void;
  /** Asks for a spec change (drain completion), written after the status. */
  changeSpec(change: Partial<WorkerSpec>): void;
}
