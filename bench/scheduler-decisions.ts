/**
 * Times `placeSession` alone: `sessions` decisions one after another on `workers` Running workers,
 * each bind applied to the in-memory fleet (as the bind transaction would) so the fleet fills up.
 */
import { performance } from 'node:perf_hooks';
import { deriveDefinitionStatus } from '../src/controllers/definitions/derive-definition-status.js';
import { placeSession } from '../src/controllers/scheduler/place-session.js';
import { toSchedulingRecord } from '../src/controllers/scheduler/decision-record.js';
import { bindOps } from '../src/controllers/scheduler/steps/bind-session.js';
import type { LabletDefinition } from '../src/resources/kinds/lablet-definition.js';
import type { LabletSession } from '../src/resources/kinds/lablet-session.js';
import type { Worker } from '../src/resources/kinds/worker.js';
import type { WorkerTemplate } from '../src/resources/kinds/worker-template.js';
import { aDefinition, aSession } from '../test/support/builders.js';
import {
  SESSION_NEED,
  TWO_PORT_TOPOLOGY,
  aSeatTemplate,
} from '../test/support/scheduler-fixtures.js';
import { percentile } from './bench-support.js';

const NOW = new Date('2026-11-25T10:00:00Z');

export function measureDecisions(
  workers: number,
  sessions: number,
): { p50Ms: number; p99Ms: number; maxMs: number } {
  const template = withDefaults(
    aSeatTemplate('seats', Math.ceil(sessions / workers), { enabled: false }),
  );
  const definition = readyDefinition();
  const fleet = Array.from({ length: workers }, (_, i) => aRunningWorker(`w${i}`, template));
  const index = new Map(fleet.map((worker, i) => [worker.metadata.name, i]));
  const durations: number[] = [];
  for (let i = 0; i < sessions; i++) {
    const session = aSession(`s${i}`, {
      definition: { name: 'ccna-1', version: '1.0.0' },
    }) as unknown as LabletSession;
    const started = performance.now();
    const decision = placeSession({
      session,
      definition,
      workers: fleet,
      templates: [template],
      reusableLabs: [],
      now: NOW,
    });
    durations.push(performance.now() - started);
    if (decision.result !== 'Bind')
      throw new Error(`session ${i} was not placed: ${decision.result}`);
    const at = index.get(decision.worker) as number;
    const record = toSchedulingRecord({
      result: 'Bound',
      reason: 'Placed',
      message: '',
      decidedAt: NOW,
      queuePosition: 1,
      verdicts: [],
    });
    const [write] = bindOps({
      session,
      worker: fleet[at] as Worker,
      template,
      definition,
      decision,
      record,
      now: NOW,
    });
    if (write?.op === 'updateStatus') fleet[at] = write.object as unknown as Worker;
  }
  durations.sort((a, b) => a - b);
  return {
    p50Ms: percentile(durations, 50),
    p99Ms: percentile(durations, 99),
    maxMs: durations.at(-1) ?? 0,
  };
}

function withDefaults(object: ReturnType<typeof aSeatTemplate>): WorkerTemplate {
  const template = object as unknown as WorkerTemplate;
  return {
    ...template,
    spec: {
      ...template.spec,
      image: {},
      costPerHour: 1,
      startupSeconds: 1200,
      drainTimeoutSeconds: 14400,
      enabled: false,
    },
  };
}

function readyDefinition(): LabletDefinition {
  const definition = aDefinition('ccna-1', {
    state: 'Active',
    topology: TWO_PORT_TOPOLOGY,
    resources: SESSION_NEED,
  }) as unknown as LabletDefinition;
  const spec = {
    ...definition.spec,
    licenseAffinity: [],
    image: {},
    maxDurationMinutes: 60,
    warmPool: { depth: 0 },
    labReuse: true,
  };
  const withSpec = { ...definition, spec };
  return { ...withSpec, status: deriveDefinitionStatus(withSpec, NOW) };
}

function aRunningWorker(name: string, template: WorkerTemplate): Worker {
  return {
    apiVersion: 'lcm/v1',
    kind: 'Worker',
    metadata: { name },
    spec: {
      template: 'seats',
      region: 'sim-1',
      desiredState: 'Running',
      unschedulable: false,
      drain: false,
      idleDetection: true,
    },
    status: {
      phase: 'Running',
      privateIp: '10.0.0.1',
      allocations: [],
      capacity: {
        declared: template.spec.capacity,
        allocated: { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 },
      },
    },
  };
}
