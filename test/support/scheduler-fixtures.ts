/**
 * A fleet for scheduler tests and benchmarks, written through a ResourceClient as the real
 * controllers would: templates, workers stepped to Running through the phase machine, an Active
 * definition with its derived status, pending sessions, and a running scheduler controller.
 */
import type { Clock } from '../../src/clock/index.js';
import type { ResourceClient } from '../../src/client/resource-client.js';
import type { SchedulingConfig } from '../../src/config/index.js';
import { deriveDefinitionStatus } from '../../src/controllers/definitions/derive-definition-status.js';
import { createSchedulerController } from '../../src/controllers/scheduler/scheduler-controller.js';
import {
  createMetricsRegistry,
  createSilentLogger,
  type Registry,
} from '../../src/observability/index.js';
import type { AnyResource } from '../../src/resources/index.js';
import type { Quantity } from '../../src/resources/kinds/common-schemas.js';
import type { LabletDefinition } from '../../src/resources/kinds/lablet-definition.js';
import type { Controller } from '../../src/runtime/index.js';
import { aDefinition, aSession, aTemplate } from './builders.js';

export const SCHEDULING: SchedulingConfig = {
  maxWorkersPerRegion: 10,
  horizonMinutes: 35,
  scaleUpCooldownSeconds: 60,
};

/** One CML node with a serial and a vnc port: port template `r1_serial`, `r1_vnc`. */
export const TWO_PORT_TOPOLOGY = [
  'lab: { title: two-ports, version: 0.2.2 }',
  'nodes:',
  '  - { id: n0, label: r1, node_definition: iosv, x: 0, y: 0, tags: ["serial:1000", "vnc:2000"], interfaces: [] }',
  'links: []',
  '',
].join('\n');

/** What one session of `seedDefinition` asks for. */
export const SESSION_NEED: Quantity = { cpu: 1, memoryMiB: 1024, storageGiB: 4, nodes: 1 };

/** Creates an Active definition (two ports, SESSION_NEED) and writes its derived status. */
export async function seedDefinition(
  client: ResourceClient,
  clock: Clock,
  name = 'ccna-1',
  spec: Record<string, unknown> = {},
): Promise<LabletDefinition> {
  const created = (await client.create(
    aDefinition(name, {
      state: 'Active',
      topology: TWO_PORT_TOPOLOGY,
      resources: SESSION_NEED,
      ...spec,
    }),
  )) as unknown as LabletDefinition;
  const status = deriveDefinitionStatus(created, clock.now());
  return (await client.updateStatus({
    ...(created as unknown as AnyResource),
    status,
  })) as unknown as LabletDefinition;
}

/** A template holding `seats` sessions of SESSION_NEED (and their two ports each). */
export function aSeatTemplate(
  name: string,
  seats: number,
  spec: Record<string, unknown> = {},
): AnyResource {
  return aTemplate(name, {
    capacity: {
      cpu: seats * SESSION_NEED.cpu,
      memoryMiB: seats * SESSION_NEED.memoryMiB,
      storageGiB: seats * SESSION_NEED.storageGiB,
      nodes: seats * SESSION_NEED.nodes,
    },
    ports: { from: 2000, to: 2000 + seats * 2 - 1 },
    ...spec,
  });
}

/** Creates a worker of `template` and steps it Pending → Provisioning → Running, with its capacity. */
export async function startRunningWorker(
  client: ResourceClient,
  name: string,
  template: string,
  region = 'sim-1',
): Promise<AnyResource> {
  const created = await client.create({
    apiVersion: 'lcm/v1',
    kind: 'Worker',
    metadata: { name },
    spec: { template, region, desiredState: 'Running' },
  });
  const declared = (await client.get('WorkerTemplate', template)).spec.capacity as Quantity;
  const provisioning = await client.updateStatus({
    ...created,
    status: { ...created.status, phase: 'Provisioning' },
  });
  return client.updateStatus({
    ...provisioning,
    status: {
      ...provisioning.status,
      phase: 'Running',
      privateIp: '10.0.0.1',
      capacity: { declared, allocated: { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 } },
    },
  });
}

/** A session of definition `ccna-1` whose timeslot starts `startInMinutes` from now, for 30 min. */
export function aTimedSession(name: string, clock: Clock, startInMinutes = 0): AnyResource {
  const start = clock.nowMs() + startInMinutes * 60_000;
  return aSession(name, {
    timeslot: {
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * 60_000).toISOString(),
    },
  });
}

export interface RunningScheduler {
  controller: Controller;
  metrics: Registry;
  stop(): Promise<void>;
}

/** Starts a scheduler controller (no leader election: it runs directly, not under a Manager). */
export function startScheduler(
  client: ResourceClient,
  clock: Clock,
  config: Partial<SchedulingConfig> = {},
): RunningScheduler {
  const metrics = createMetricsRegistry({ defaultMetrics: false });
  const controller = createSchedulerController({
    client,
    clock,
    logger: createSilentLogger(),
    metrics,
    config: { ...SCHEDULING, ...config },
  });
  const abort = new AbortController();
  const running = controller.start(abort.signal);
  return {
    controller,
    metrics,
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}

/** True once every cache of the scheduler has synced and no key is ready or being reconciled. */
export function settled(scheduler: RunningScheduler): boolean {
  const { controller } = scheduler;
  const kinds = ['LabletSession', 'Worker', 'WorkerTemplate', 'LabletDefinition', 'LabRecord'];
  return kinds.every((kind) => controller.informer(kind)?.hasSynced()) && controller.isIdle();
}

/** The value of `lcm_scheduler_decisions_total{result}` on `metrics`. */
export async function decisionsCounted(metrics: Registry, result: string): Promise<number> {
  const metric = await metrics.getSingleMetric('lcm_scheduler_decisions_total')?.get();
  return metric?.values.find((value) => value.labels.result === result)?.value ?? 0;
}
