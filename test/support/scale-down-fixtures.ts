/** Typed Worker, Reservation and LabletSession fixtures around a fixed "now", for scale-down tests. */
import type {
  ScaleDownInput,
  ScaleDownSettings,
} from '../../src/controllers/workers/scale-down-policy.js';
import { API_VERSION } from '../../src/resources/index.js';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { Reservation } from '../../src/resources/kinds/reservation.js';
import type { WorkerTemplate } from '../../src/resources/kinds/worker-template.js';
import type { Allocation, Worker } from '../../src/resources/kinds/worker.js';

export const NOW = new Date('2026-11-25T12:00:00Z');

export function minutesAgo(minutes: number): string {
  return new Date(NOW.getTime() - minutes * 60_000).toISOString();
}

export function minutesFromNow(minutes: number): string {
  return new Date(NOW.getTime() + minutes * 60_000).toISOString();
}

/** On, 60 min idle timeout, no minimum, 10 min cooldown, stop. */
export const SETTINGS: ScaleDownSettings = {
  enabled: true,
  idleTimeoutMs: 60 * 60_000,
  minWorkersPerRegion: 0,
  cooldownMs: 10 * 60_000,
  action: 'Stop',
};

type WorkerParts = {
  metadata?: Partial<Worker['metadata']>;
  spec?: Partial<Worker['spec']>;
  status?: Worker['status'];
};

/** A Running worker in region `eu-1`, created 200 min ago and Running since 180 min ago. */
export function aWorker(name: string, parts: WorkerParts = {}): Worker {
  return {
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: { name, creationTimestamp: minutesAgo(200), ...parts.metadata },
    spec: {
      template: 'small',
      region: 'eu-1',
      desiredState: 'Running',
      unschedulable: false,
      drain: false,
      idleDetection: true,
      ...parts.spec,
    },
    status: {
      phase: 'Running',
      history: [
        { to: 'Pending', at: minutesAgo(200) },
        { from: 'Pending', to: 'Provisioning', at: minutesAgo(199) },
        { from: 'Provisioning', to: 'Running', at: minutesAgo(180) },
      ],
      ...parts.status,
    },
  };
}

export function anAllocation(holder: string, compute = true): Allocation {
  const size = compute ? 1 : 0;
  return {
    holder: { kind: 'LabletSession', namespace: 'default', name: holder },
    cpu: size,
    memoryMiB: size * 1024,
    storageGiB: size,
    nodes: size,
    ports: [{ name: 'r1_ssh', protocol: 'tcp', port: 2000 }],
  };
}

export function aWorkerTemplate(startupSeconds = 1200): WorkerTemplate {
  return {
    apiVersion: API_VERSION,
    kind: 'WorkerTemplate',
    metadata: { name: 'small' },
    spec: {
      provider: 'sim',
      region: 'eu-1',
      instanceType: 'sim.small',
      image: {},
      capacity: { cpu: 2, memoryMiB: 2048, storageGiB: 20, nodes: 5 },
      licenseType: 'enterprise',
      ports: { from: 2000, to: 9999 },
      costPerHour: 0,
      startupSeconds,
      drainTimeoutSeconds: 14_400,
      enabled: true,
    },
  };
}

export function aReservation(
  name: string,
  window: { start: string; end: string },
  state: Reservation['spec']['state'] = 'Confirmed',
  phase?: NonNullable<Reservation['status']>['phase'],
): Reservation {
  return {
    apiVersion: API_VERSION,
    kind: 'Reservation',
    metadata: { name, namespace: 'default' },
    spec: { definition: { name: 'ccna-1' }, ...window, seatCount: 3, state },
    ...(phase ? { status: { phase } } : {}),
  };
}

export function aSession(
  name: string,
  options: {
    start: string;
    worker?: string;
    phase?: NonNullable<LabletSession['status']>['phase'];
  },
): LabletSession {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletSession',
    metadata: { name, namespace: 'default' },
    spec: {
      definition: { name: 'ccna-1' },
      owner: { userId: 'student-1' },
      timeslot: {
        start: options.start,
        end: new Date(Date.parse(options.start) + 60 * 60_000).toISOString(),
      },
      desiredState: 'Active',
    },
    status: {
      phase: options.phase ?? (options.worker ? 'Scheduled' : 'Pending'),
      ...(options.worker ? { worker: options.worker } : {}),
    },
  };
}

/** A worker `w-1` that every guard lets go, unless `overrides` change that. */
export function anInput(overrides: Partial<ScaleDownInput> = {}): ScaleDownInput {
  return {
    worker: aWorker('w-1'),
    template: aWorkerTemplate(),
    regionWorkers: [],
    reservations: [],
    sessions: [],
    now: NOW,
    settings: SETTINGS,
    ...overrides,
  };
}
