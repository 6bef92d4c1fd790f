/**
 * Step: the worker's load, once per poll interval — CML `system_stats` (memory, disk, running
 * nodes), the cloud's CPU datapoint when there is one, and running labs from CML's telemetry.
 */
import { hasReason } from '../../../errors/index.js';
import type { CmlClient } from '../../../providers/cml/cml-client.js';
import type {
  CmlCapacity,
  CmlLabEvent,
  CmlSystemStats,
} from '../../../providers/cml/cml-wire-types.js';
import type { WorkerStepContext } from '../worker-step-context.js';

/** Records `status.metrics` and returns the telemetry events it read (activity uses them too). */
export async function collectMetrics(
  step: WorkerStepContext,
  cml: CmlClient,
  instanceId: string,
): Promise<CmlLabEvent[]> {
  const [stats, events, cloudCpuPercent] = await Promise.all([
    cml.systemStats(),
    cml.telemetryEvents(),
    cloudCpu(step, instanceId),
  ]);
  step.draft.set('metrics', {
    cpuPercent: round(cloudCpuPercent ?? stats.all.cpu.percent),
    memoryPercent: percentUsed(stats.all.memory),
    diskPercent: percentUsed(stats.all.disk),
    labsRunning: countRunningLabs(events),
    nodesRunning: countRunningNodes(stats),
    collectedAt: step.draft.now.toISOString(),
  });
  return events;
}

/** The nodes running on the worker: Σ `running_nodes` over its computes (null counts as 0). */
export function countRunningNodes(stats: CmlSystemStats): number {
  return Object.values(stats.computes).reduce(
    (sum, compute) => sum + (compute.stats.dominfo.running_nodes ?? 0),
    0,
  );
}

/** Labs whose latest lab state event is STARTED and that were not deleted since. */
export function countRunningLabs(events: readonly CmlLabEvent[]): number {
  const state = new Map<string, unknown>();
  for (const event of events) {
    if (event.event_type !== 'lab_event') continue;
    if (event.event === 'deleted') state.delete(event.lab_id);
    else if (event.event === 'state') state.set(event.lab_id, event.data.state);
  }
  return [...state.values()].filter((value) => value === 'STARTED').length;
}

/** The cloud's CPU utilisation; `undefined` when it has no datapoint or monitoring is failing. */
async function cloudCpu(step: WorkerStepContext, instanceId: string): Promise<number | undefined> {
  try {
    return (await step.cloud.metrics(instanceId, { signal: step.signal })).cpuPercent;
  } catch (error) {
    if (!hasReason(error, 'Unavailable')) throw error;
    step.logger.debug({ err: error }, 'cloud metrics unavailable; using CML CPU');
    return undefined;
  }
}

function percentUsed(capacity: CmlCapacity): number {
  return capacity.total > 0 ? round((capacity.used / capacity.total) * 100) : 0;
}

function round(percent: number): number {
  return Math.round(percent * 10) / 10;
}
