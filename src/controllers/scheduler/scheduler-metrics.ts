/**
 * The scheduler's Prometheus metrics, created once per registry (as the runtime's are) so several
 * scheduler instances in one process — tests, benchmarks — share them.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from '../../observability/index.js';
import type { SchedulingRecord } from '../../resources/kinds/lablet-session.js';

export interface SchedulerMetrics {
  /** `lcm_scheduler_decisions_total{result}`: decisions by result (Bound, ScaleUp, Waiting). */
  decisions: Counter<'result'>;
  /** `lcm_scheduler_decision_seconds`: time to decide one session (snapshot + placement). */
  decisionSeconds: Histogram;
  /** `lcm_pending_sessions`: Pending sessions still wanted, in or beyond the horizon. */
  pendingSessions: Gauge;
}

/** Decisions take well under a millisecond on a small fleet and a few on 1,000 workers. */
const DECISION_BUCKETS_SECONDS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1];

const cache = new WeakMap<Registry, SchedulerMetrics>();

export function getSchedulerMetrics(registry: Registry): SchedulerMetrics {
  let metrics = cache.get(registry);
  if (!metrics) {
    metrics = createSchedulerMetrics(registry);
    cache.set(registry, metrics);
  }
  return metrics;
}

/** Counts one decision of `result` that took `seconds`. */
export function observeDecision(
  metrics: SchedulerMetrics,
  result: SchedulingRecord['result'],
  seconds: number,
): void {
  metrics.decisions.inc({ result });
  metrics.decisionSeconds.observe(seconds);
}

function createSchedulerMetrics(registry: Registry): SchedulerMetrics {
  const registers = [registry];
  return {
    decisions: new Counter({
      name: 'lcm_scheduler_decisions_total',
      help: 'Scheduling decisions by result (Bound, ScaleUp, Waiting).',
      labelNames: ['result'],
      registers,
    }),
    decisionSeconds: new Histogram({
      name: 'lcm_scheduler_decision_seconds',
      help: 'Time to decide where one pending session goes.',
      buckets: DECISION_BUCKETS_SECONDS,
      registers,
    }),
    pendingSessions: new Gauge({
      name: 'lcm_pending_sessions',
      help: 'LabletSessions in phase Pending that the scheduler is to place, in or beyond the horizon.',
      registers,
    }),
  };
}
