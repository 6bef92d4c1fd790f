/**
 * What every step of a session reconcile receives: the objects as last written or cached, the
 * external systems, and `save`, which writes the session's status (with a LabRecord or Worker
 * change in the same transaction) and keeps the context on the written versions.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient, StoreOp } from '../../client/resource-client.js';
import type { Logger } from '../../observability/index.js';
import type { CmlClient } from '../../providers/cml/cml-client.js';
import type { GradingClient } from '../../providers/grading/grading-client.js';
import type { LdsClient } from '../../providers/lds/lds-client.js';
import type { AnyResource } from '../../resources/index.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession, LabletSessionStatus } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { SessionTimings } from './session-timings.js';

/** The external systems a session touches. */
export interface SessionProviders {
  /** A CML client for a worker's endpoint (`status.endpoint`). */
  cmlFor(endpoint: string): CmlClient;
  lds: LdsClient;
  grading: GradingClient;
}

/** Reads from the controller's caches (newest of cache and own writes). */
export interface SessionCaches {
  worker(name: string): Worker | undefined;
  definition(namespace: string, name: string): LabletDefinition | undefined;
  lab(name: string): LabRecord | undefined;
  labsOn(worker: string): readonly LabRecord[];
}

export interface SessionStepContext {
  /** The session as last written (replaced by every `save`). */
  session: LabletSession;
  /** `namespace/name`, as LabRecords and allocations name it. */
  key: string;
  definition: LabletDefinition | undefined;
  caches: SessionCaches;
  providers: SessionProviders;
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  timings: SessionTimings;
  /**
   * Writes `status` as the session's new status, plus `also` (other objects' writes) in the same
   * transaction; rejects with `Conflict` when any of them changed since it was read.
   */
  save(status: LabletSessionStatus, also?: readonly StoreOp[]): Promise<AnyResource[]>;
  /** Writes `ops` in one transaction and remembers the written objects for the caches. */
  write(ops: readonly StoreOp[]): Promise<AnyResource[]>;
}

/** The session's status, never undefined. */
export function statusOf(ctx: SessionStepContext): LabletSessionStatus {
  return ctx.session.status ?? {};
}
