/**
 * Prometheus metrics (prom-client). One `Registry` per process, created in `app/` and passed down;
 * no module-level default registry, so tests and several stores in one process do not collide.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';

export { Registry };

export function createMetricsRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'lcm_' });
  return registry;
}
