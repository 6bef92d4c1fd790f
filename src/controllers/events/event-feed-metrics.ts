/**
 * The event feed's Prometheus metrics, created once per registry (as the scheduler's are): events
 * delivered per sink and type, failed attempts and dropped events per sink, gaps, and each sink's
 * lag in store revisions, computed at scrape time.
 */
import { Counter, Gauge } from 'prom-client';
import type { Registry } from '../../observability/index.js';

/** Each sink's lag in revisions (newest store revision − last delivered revision). */
export type LagSource = () => Promise<ReadonlyMap<string, number>>;

export interface EventFeedMetrics {
  /** `lcm_events_delivered_total{sink,type}`: events a sink accepted (2xx). */
  delivered: Counter<'sink' | 'type'>;
  /** `lcm_event_delivery_failures_total{sink,result}`: failed attempts; `retry` is tried again, `rejected` drops the event. */
  failures: Counter<'sink' | 'result'>;
  /** `lcm_event_feed_gaps_total{sink}`: times a sink's cursor fell behind the retained log. */
  gaps: Counter<'sink'>;
  /** `lcm_event_feed_gap_revisions_total{sink}`: store revisions skipped by those gaps. */
  gapRevisions: Counter<'sink'>;
  /** Reads `lcm_event_sink_lag_revisions{sink}` from `source` from now on (the last caller wins). */
  observeLag(source: LagSource): void;
}

const cache = new WeakMap<Registry, EventFeedMetrics>();

export function getEventFeedMetrics(registry: Registry): EventFeedMetrics {
  let metrics = cache.get(registry);
  if (!metrics) {
    metrics = createEventFeedMetrics(registry);
    cache.set(registry, metrics);
  }
  return metrics;
}

function createEventFeedMetrics(registry: Registry): EventFeedMetrics {
  const registers = [registry];
  let lag: LagSource = async () => new Map();
  new Gauge({
    name: 'lcm_event_sink_lag_revisions',
    help: 'Store revisions between the newest revision and the last one delivered to the sink.',
    labelNames: ['sink'],
    registers,
    async collect() {
      this.reset();
      // A store that cannot answer leaves the gauge empty rather than failing the whole scrape.
      const lags = await lag().catch(() => new Map<string, number>());
      for (const [sink, behind] of lags) this.set({ sink }, behind);
    },
  });
  return {
    delivered: new Counter({
      name: 'lcm_events_delivered_total',
      help: 'CloudEvents a sink accepted, by sink and type.',
      labelNames: ['sink', 'type'],
      registers,
    }),
    failures: new Counter({
      name: 'lcm_event_delivery_failures_total',
      help: 'Failed delivery attempts by sink; result=retry is tried again, rejected drops the event.',
      labelNames: ['sink', 'result'],
      registers,
    }),
    gaps: new Counter({
      name: 'lcm_event_feed_gaps_total',
      help: 'Times a sink fell behind the retained event log (a ccm.feed.gap event was sent).',
      labelNames: ['sink'],
      registers,
    }),
    gapRevisions: new Counter({
      name: 'lcm_event_feed_gap_revisions_total',
      help: 'Store revisions a sink missed because the event log was compacted past its cursor.',
      labelNames: ['sink'],
      registers,
    }),
    observeLag(source) {
      lag = source;
    },
  };
}
