/**
 * The scheduler controller (SPEC.md "Scheduling"): reconciles LabletSessions; a Worker change
 * that may free room, or any template or definition change, requeues the sessions due within the
 * horizon, nearest start first. LabRecords are cached for lab reuse only.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { SchedulingConfig } from '../../config/index.js';
import type { Logger, Registry } from '../../observability/index.js';
import { Controller, parseObjectKey, type ObjectKeyRef } from '../../runtime/index.js';
import { FleetView } from './fleet-view.js';
import { getSchedulerMetrics } from './scheduler-metrics.js';
import { SchedulerReconciler } from './scheduler-reconciler.js';
import { WorkerChangeFilter } from './worker-change-filter.js';

/** Reconciles at once: more than the store's commit pipeline can use buys nothing. */
const MAX_CONCURRENT_BINDS = 4;

export interface SchedulerControllerOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** `horizonMinutes` (35), `maxWorkersPerRegion` (10), `scaleUpCooldownSeconds` (60). */
  config: Readonly<SchedulingConfig>;
}

export function createSchedulerController(options: SchedulerControllerOptions): Controller {
  const { config, clock } = options;
  const horizonMs = config.horizonMinutes * 60_000;
  const view = new FleetView({ informer: (kind) => controller.informer(kind) });
  // Until sessions and workers are listed, every session queues itself as it arrives; mapping each
  // worker of the first list to 10,000 session keys would only be deduplicated away.
  const listed = (): boolean =>
    ['LabletSession', 'Worker'].every((kind) => controller.informer(kind)?.hasSynced());
  const dueKeys = (): ObjectKeyRef[] =>
    listed() ? view.pending.keysDueBy(clock.nowMs() + horizonMs).map(parseObjectKey) : [];
  const workerChanges = new WorkerChangeFilter();
  const reconciler = new SchedulerReconciler({
    client: options.client,
    clock,
    view,
    metrics: getSchedulerMetrics(options.metrics),
    settings: {
      horizonMs,
      maxWorkersPerRegion: config.maxWorkersPerRegion,
      scaleUpCooldownMs: config.scaleUpCooldownSeconds * 1000,
    },
  });
  const controller: Controller = new Controller({
    name: 'scheduler',
    for: 'LabletSession',
    watches: [
      { kind: 'Worker', mapToKeys: (w) => (workerChanges.mayAdmitMore(w) ? dueKeys() : []) },
      { kind: 'WorkerTemplate', mapToKeys: dueKeys },
      { kind: 'LabletDefinition', mapToKeys: dueKeys },
      { kind: 'LabRecord', mapToKeys: () => [] },
    ],
    reconciler,
    // Binds wait on the store; a few in flight keep it busy (each on a worker of its own).
    maxConcurrentReconciles: MAX_CONCURRENT_BINDS,
    client: options.client,
    clock,
    logger: options.logger,
    metrics: options.metrics,
  });
  return controller;
}
