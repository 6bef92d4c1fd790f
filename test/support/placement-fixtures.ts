/** Typed WorkerTemplate, Worker, LabletDefinition and session fixtures for placement-engine tests. */
import type { PlacementRequest } from '../../src/controllers/scheduler/placement-types.js';
import { API_VERSION } from '../../src/resources/index.js';
import type { Quantity } from '../../src/resources/kinds/common-schemas.js';
import type { LabletDefinition } from '../../src/resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { WorkerTemplate } from '../../src/resources/kinds/worker-template.js';
import type { Allocation, Worker } from '../../src/resources/kinds/worker.js';

export const NOW = new Date('2026-11-25T12:00:00Z');

export function quantity(cpu: number, memoryMiB = 0, storageGiB = 0, nodes = 0): Quantity {
  return { cpu, memoryMiB, storageGiB, nodes };
}

/** `standard`: enterprise, 8 vCPU / 32768 MiB / 200 GiB / 40 nodes, ports 2000–2099, $1/h. */
export function aWorkerTemplate(
  name = 'standard',
  spec: Partial<WorkerTemplate['spec']> = {},
): WorkerTemplate {
  return {
    apiVersion: API_VERSION,
    kind: 'WorkerTemplate',
    metadata: { name },
    spec: {
      provider: 'sim',
      region: 'sim-1',
      instanceType: 'sim.large',
      image: {},
      capacity: quantity(8, 32768, 200, 40),
      licenseType: 'enterprise',
      ports: { from: 2000, to: 2099 },
      costPerHour: 1,
      startupSeconds: 1200,
      drainTimeoutSeconds: 14400,
      enabled: true,
      ...spec,
    },
  };
}

type WorkerParts = {
  spec?: Partial<Worker['spec']>;
  status?: Partial<NonNullable<Worker['status']>>;
};

/** A Running, schedulable worker of template `standard`, running CML 2.9.1 with nothing placed. */
export function aWorker(name: string, parts: WorkerParts = {}): Worker {
  return {
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: { name },
    spec: {
      template: 'standard',
      region: 'sim-1',
      desiredState: 'Running',
      unschedulable: false,
      drain: false,
      idleDetection: true,
      ...parts.spec,
    },
    status: { phase: 'Running', cml: { version: '2.9.1' }, allocations: [], ...parts.status },
  };
}

/** An allocation held by session `holder`, of `amount`, holding `ports`. */
export function anAllocation(holder: string, amount: Quantity, ports: number[] = []): Allocation {
  return {
    holder: { kind: 'LabletSession', namespace: 'default', name: holder },
    ...amount,
    ports: ports.map((port, index) => ({ name: `p${index}`, protocol: 'ssh', port })),
  };
}

type DefinitionParts = {
  spec?: Partial<LabletDefinition['spec']>;
  status?: Partial<NonNullable<LabletDefinition['status']>>;
};

/** Active, needs 2 vCPU / 4096 MiB / 10 GiB / 3 nodes, two ports (r1 ssh, r2 serial), hash `h1`. */
export function aPlacementDefinition(parts: DefinitionParts = {}): LabletDefinition {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletDefinition',
    metadata: { name: 'ccna-1', namespace: 'default' },
    spec: {
      family: 'ccna',
      version: '1.0.0',
      displayName: 'CCNA lab',
      resources: quantity(2, 4096, 10, 3),
      licenseAffinity: [],
      image: {},
      maxDurationMinutes: 60,
      warmPool: { depth: 0 },
      labReuse: true,
      state: 'Active',
      ...parts.spec,
    },
    status: {
      phase: 'Active',
      topologyHash: 'h1',
      portTemplate: [
        { name: 'r1_ssh', device: 'r1', protocol: 'ssh' },
        { name: 'r2_serial', device: 'r2', protocol: 'serial' },
      ],
      ...parts.status,
    },
  };
}

export function aPendingSession(spec: Partial<LabletSession['spec']> = {}): LabletSession {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletSession',
    metadata: { name: 's1', namespace: 'default' },
    spec: {
      definition: { name: 'ccna-1', version: '1.0.0' },
      owner: { userId: 'student-1' },
      desiredState: 'Active',
      ...spec,
    },
    status: { phase: 'Pending' },
  };
}

/** One session of `aPlacementDefinition()`, template `standard`, no workers unless given. */
export function aPlacementRequest(parts: Partial<PlacementRequest> = {}): PlacementRequest {
  return {
    session: aPendingSession(),
    definition: aPlacementDefinition(),
    workers: [],
    templates: [aWorkerTemplate()],
    reusableLabs: [],
    now: NOW,
    ...parts,
  };
}
