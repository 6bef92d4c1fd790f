/**
 * The workers controller: drives each Worker's VM and CML toward its spec (reconcile.ts), runs
 * discovery beside it, and exports the fleet gauges. docs/workers.md describes the behaviour.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { Logger, Registry } from '../../observability/index.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { Controller, Informer, type Runnable } from '../../runtime/index.js';
import { FleetDiscovery } from './fleet-discovery.js';
import { getFleetMetrics } from './fleet-metrics.js';
import type { FleetProviders } from './fleet-providers.js';
import { WorkersReconciler, type WorkersCaches } from './reconcile.js';
import type { ScaleDownSettings } from './scale-down-policy.js';
import type { SecretSource } from './secret-source.js';
import type { WorkersTimings } from './worker-step-context.js';

export interface WorkersControllerOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  providers: FleetProviders;
  /** Where licence tokens are read (`spec.license.tokenSecret`). */
  secrets: SecretSource;
  /** The scale-down policy (`scaleDownSettingsFrom(config.autoscaling)`). @default off */
  scaleDown?: ScaleDownSettings;
  /** @default DEFAULT_WORKERS_TIMINGS */
  timings?: Partial<WorkersTimings>;
  /** Workers reconciled at once (each mostly waits on the cloud and CML). @default 4 */
  maxConcurrentReconciles?: number;
}

export const DEFAULT_WORKERS_TIMINGS: Readonly<WorkersTimings> = {
  pollIntervalMs: 60_000,
  transitionPollMs: 5_000,
  launchRetryMs: 300_000,
  licenseRetryMs: 600_000,
  discoveryIntervalMs: 300_000,
};

const SCALE_DOWN_OFF: ScaleDownSettings = {
  enabled: false,
  idleTimeoutMs: 3_600_000,
  minWorkersPerRegion: 0,
  cooldownMs: 600_000,
  action: 'Stop',
};

const BY_TEMPLATE = 'template';
const BY_WORKER = 'worker';

/** Runs the Worker controller and discovery together, under one leader election. */
export class WorkersController implements Runnable {
  readonly name = 'workers';
  readonly needsLeaderElection = true;
  readonly #informers: Informer[];
  readonly #controller: Controller;
  readonly #discovery: FleetDiscovery;

  constructor(options: WorkersControllerOptions) {
    const { client, clock, logger } = options;
    const informer = <T extends Worker | WorkerTemplate | LabRecord | Reservation | LabletSession>(
      kind: string,
    ) => new Informer<T>({ client, clock, logger, kind });
    const workers = informer<Worker>('Worker');
    const templates = informer<WorkerTemplate>('WorkerTemplate');
    const labs = informer<LabRecord>('LabRecord');
    const reservations = informer<Reservation>('Reservation');
    const sessions = informer<LabletSession>('LabletSession');
    workers.addIndex(BY_TEMPLATE, (worker) => [worker.spec.template]);
    labs.addIndex(BY_WORKER, (lab) => [lab.spec.worker]);
    // One list of differently typed informers; the Controller reads them untyped.
    this.#informers = [workers, templates, labs, reservations, sessions] as unknown as Informer[];
    const timings = { ...DEFAULT_WORKERS_TIMINGS, ...options.timings };
    const caches: WorkersCaches = {
      worker: (key) => workers.get(key),
      template: (name) => templates.get({ name }),
      labsOf: (worker) => labs.byIndex(BY_WORKER, worker),
      regionWorkers: (region) => workers.list().filter((w) => w.spec.region === region),
      reservations: () => reservations.list(),
      sessions: () => sessions.list(),
    };
    const reconciler = new WorkersReconciler({
      ...options,
      timings,
      caches,
      scaleDown: options.scaleDown ?? SCALE_DOWN_OFF,
    });
    this.#controller = new Controller({
      ...options,
      name: 'workers',
      for: 'Worker',
      reconciler,
      informers: this.#informers,
      maxConcurrentReconciles: options.maxConcurrentReconciles ?? 4,
      watches: [
        {
          kind: 'WorkerTemplate',
          mapToKeys: (template) =>
            workers.byIndex(BY_TEMPLATE, template.metadata.name).map((w) => w.metadata),
        },
        { kind: 'LabRecord', mapToKeys: (lab) => [{ name: (lab as LabRecord).spec.worker }] },
      ],
    });
    this.#discovery = new FleetDiscovery({
      ...options,
      workers,
      templates,
      intervalMs: timings.discoveryIntervalMs,
    });
    getFleetMetrics(options.metrics).observe(() => workers.list());
  }

  /**
   * Starts every informer and waits until all have synced (the scale-down policy must see every
   * session and reservation before it judges a worker idle), then reconciles and discovers until
   * `signal` aborts.
   */
  async start(signal: AbortSignal): Promise<void> {
    for (const informer of this.#informers) informer.start();
    try {
      const synced = await Promise.all(this.#informers.map((i) => i.waitForSync(signal)));
      if (signal.aborted || !synced.every(Boolean)) return;
      // Either ending (the controller failing) ends the other.
      const both = new AbortController();
      const stopBoth = (): void => both.abort();
      signal.addEventListener('abort', stopBoth, { once: true });
      await Promise.all([
        this.#controller.start(both.signal).finally(stopBoth),
        this.#discovery.run(both.signal),
      ]).finally(() => signal.removeEventListener('abort', stopBoth));
    } finally {
      await Promise.all(this.#informers.map((informer) => informer.stop()));
    }
  }

  /** One discovery sweep now (it also runs at start and every `discoveryIntervalMs`). */
  discover(): Promise<void> {
    return this.#discovery.sweep();
  }

  /** Test hook: no key is ready or being reconciled. */
  isIdle(): boolean {
    return this.#controller.isIdle();
  }
}

export function createWorkersController(options: WorkersControllerOptions): WorkersController {
  return new WorkersController(options);
}
