/** Worker metrics seen over the stream, kept per worker as a short series for the sparkline. */
import type { Worker } from '../../resources/kinds/worker.js';

export interface MetricSample {
  at: string;
  cpuPercent: number;
  memoryPercent: number;
}

/** Samples kept per worker. @default 60 */
export const MAX_SAMPLES = 60;

/** Appends the worker's metrics when they were collected after the last sample held. */
export function recordSample(
  samples: ReadonlyMap<string, readonly MetricSample[]>,
  worker: Worker,
): ReadonlyMap<string, readonly MetricSample[]> {
  const metrics = worker.status?.metrics;
  if (!metrics) return samples;
  const series = samples.get(worker.metadata.name) ?? [];
  const last = series.at(-1);
  if (last && Date.parse(metrics.collectedAt) <= Date.parse(last.at)) return samples;
  const next = new Map(samples);
  next.set(
    worker.metadata.name,
    [
      ...series,
      {
        at: metrics.collectedAt,
        cpuPercent: metrics.cpuPercent,
        memoryPercent: metrics.memoryPercent,
      },
    ].slice(-MAX_SAMPLES),
  );
  return next;
}
