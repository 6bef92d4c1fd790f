/** `lcm_scale_decisions_total{decision,reason}`: scaling decisions and skips, once per registry. */
import { Counter } from 'prom-client';
import type { Registry } from '../../observability/index.js';

const counters = new WeakMap<Registry, Counter<'decision' | 'reason'>>();

/**
 * Counts one decision on `registry`, registering the counter on first use. `decision` is e.g.
 * `ScaleDown` or `Keep`; `reason` the machine reason (`IdleTimeout`, or the skip reason). A
 * `ScaleDownDecision` can be passed as it is.
 */
export function recordScaleDecision(
  registry: Registry,
  outcome: { decision: string; reason: string },
): void {
  let counter = counters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'lcm_scale_decisions_total',
      help: 'Scaling decisions by decision (ScaleDown, Keep) and reason (the guard that kept a worker).',
      labelNames: ['decision', 'reason'],
      registers: [registry],
    });
    counters.set(registry, counter);
  }
  counter.inc({ decision: outcome.decision, reason: outcome.reason });
}
