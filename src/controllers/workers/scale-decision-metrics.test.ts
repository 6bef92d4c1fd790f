import { describe, expect, it } from 'vitest';
import { anInput } from '../../../test/support/scale-down-fixtures.js';
import { createMetricsRegistry } from '../../observability/index.js';
import { recordScaleDecision } from './scale-decision-metrics.js';
import { evaluateScaleDown } from './scale-down-policy.js';

async function countOf(registry: ReturnType<typeof createMetricsRegistry>, line: string) {
  const text = await registry.getSingleMetricAsString('lcm_scale_decisions_total');
  const match = text
    .split('\n')
    .find((row) => row.startsWith(`lcm_scale_decisions_total{${line}}`));
  return match ? Number(match.split(' ').pop()) : 0;
}

describe('recordScaleDecision', () => {
  it('counts decisions, a ScaleDownDecision as it is, by decision and reason', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    recordScaleDecision(registry, { decision: 'Keep', reason: 'Cooldown' });
    recordScaleDecision(registry, { decision: 'Keep', reason: 'Cooldown' });
    recordScaleDecision(registry, evaluateScaleDown(anInput()));
    expect(await countOf(registry, 'decision="Keep",reason="Cooldown"')).toBe(2);
    expect(await countOf(registry, 'decision="ScaleDown",reason="IdleTimeout"')).toBe(1);
  });

  it('keeps registries apart', async () => {
    const first = createMetricsRegistry({ defaultMetrics: false });
    const second = createMetricsRegistry({ defaultMetrics: false });
    recordScaleDecision(first, { decision: 'Keep', reason: 'MinWorkers' });
    recordScaleDecision(second, { decision: 'Keep', reason: 'MinWorkers' });
    expect(await countOf(first, 'decision="Keep",reason="MinWorkers"')).toBe(1);
    expect(await countOf(second, 'decision="Keep",reason="MinWorkers"')).toBe(1);
  });
});
