/** The controller runtime: reconcile contract, informers, work queue, controllers, leader election. */
export {
  TerminalError,
  parseObjectKey,
  type ObjectKeyRef,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from './reconciler.js';
export { Indexer, keyOf, type IndexFunc } from './indexer.js';
export { Informer, type InformerEventHandler, type InformerOptions } from './informer.js';
export {
  ExponentialRateLimiter,
  type ExponentialRateLimiterOptions,
  type RateLimiter,
} from './rate-limiter.js';
export { WorkQueue, type WorkQueueOptions } from './work-queue.js';
export { Controller, type ControllerOptions, type WatchSource } from './controller.js';
export {
  getRuntimeMetrics,
  type ReconcileOutcome,
  type RuntimeMetrics,
} from './runtime-metrics.js';
export { LeaderElector, type LeaderElectorOptions } from './leader-election.js';
export {
  Manager,
  type ManagerLeaderElection,
  type ManagerOptions,
  type Runnable,
} from './manager.js';
