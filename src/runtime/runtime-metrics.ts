/**
 * The runtime's Prometheus metrics (controller-runtime names with the `lcm_` prefix), created once
 * per registry and shared by every controller on it, told apart by the `controller` label.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from '../observability/index.js';

/** The values of the `result` label of `lcm_reconcile_total`. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue_after' | 'terminal';

export interface RuntimeMetrics {
  /** `lcm_reconcile_total{controller,result}`: finished reconciles by outcome. */
  reconcileTotal: Counter<'controller' | 'result'>;
  /** `lcm_reconcile_duration_seconds{controller}`: time per reconcile call. */
  reconcileDuration: Histogram<'controller'>;
  /** `lcm_workqueue_depth{controller}`: keys ready and waiting for a worker. */
  workqueueDepth: Gauge<'controller'>;
  /** `lcm_workqueue_retries_total{controller}`: keys requeued with backoff after an error. */
  workqueueRetries: Counter<'controller'>;
}

/** Reconciles range from sub-millisecond cache reads to minute-long provider calls. */
const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const cache = new WeakMap<Registry, RuntimeMetrics>();

/** The runtime metrics on `registry`, registering them on first use. */
export function getRuntimeMetrics(registry: Registry): RuntimeMetrics {
  let metrics = cache.get(registry);
  if (!metrics) {
    metrics = createRuntimeMetrics(registry);
    cache.set(registry, metrics);
  }
  return metrics;
}

function createRuntimeMetrics(registry: Registry): RuntimeMetrics {
  const registers = [registry];
  return {
    reconcileTotal: new Counter({
      name: 'lcm_reconcile_total',
      help: 'Reconciles by controller and result (success, error, requeue_after, terminal).',
      labelNames: ['controller', 'result'],
      registers,
    }),
    reconcileDuration: new Histogram({
      name: 'lcm_reconcile_duration_seconds',
      help: 'Time spent in one reconcile call, by controller.',
      labelNames: ['controller'],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    workqueueDepth: new Gauge({
      name: 'lcm_workqueue_depth',
      help: 'Keys ready in the work queue and waiting for a worker, by controller.',
      labelNames: ['controller'],
      registers,
    }),
    workqueueRetries: new Counter({
      name: 'lcm_workqueue_retries_total',
      help: 'Keys requeued with backoff after a failed reconcile, by controller.',
      labelNames: ['controller'],
      registers,
    }),
  };
}
