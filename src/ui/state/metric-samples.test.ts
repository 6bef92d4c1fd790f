/** Worker metric samples for the sparkline: one per collection, the latest kept. */
import { describe, expect, it } from 'vitest';
import type { Worker } from '../../resources/kinds/worker.js';
import { MAX_SAMPLES, recordSample } from './metric-samples';

function worker(collectedAt: string, cpuPercent: number): Worker {
  return {
    apiVersion: 'lcm/v1',
    kind: 'Worker',
    metadata: { name: 'w1' },
    spec: {
      template: 't',
      region: 'r',
      desiredState: 'Running',
      unschedulable: false,
      drain: false,
      idleDetection: true,
    },
    status: {
      metrics: {
        cpuPercent,
        memoryPercent: 10,
        diskPercent: 1,
        labsRunning: 0,
        nodesRunning: 0,
        collectedAt,
      },
    },
  };
}

describe('metric samples', () => {
  it('adds a sample per collection and ignores repeats of the same one', () => {
    let samples = recordSample(new Map(), worker('2026-01-01T00:00:00Z', 5));
    samples = recordSample(samples, worker('2026-01-01T00:00:00Z', 5));
    samples = recordSample(samples, worker('2026-01-01T00:00:10Z', 7));
    expect(samples.get('w1')?.map((s) => s.cpuPercent)).toEqual([5, 7]);
  });

  it('keeps only the latest samples', () => {
    let samples: ReturnType<typeof recordSample> = new Map();
    for (let i = 0; i < MAX_SAMPLES + 5; i++)
      samples = recordSample(
        samples,
        worker(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), i),
      );
    expect(samples.get('w1')).toHaveLength(MAX_SAMPLES);
    expect(samples.get('w1')?.at(-1)?.cpuPercent).toBe(MAX_SAMPLES + 4);
  });
});
