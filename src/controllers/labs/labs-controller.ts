/**
 * The labs controller (SPEC.md "LabRecord", docs/labs.md): performs operators' pending actions on
 * CML labs, settles the labs of lost workers, adopts or deletes orphans, and runs lab discovery
 * beside the reconcile under one leader election.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { LabsConfig } from '../../config/index.js';
import type { Logger, Registry } from '../../observability/index.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { Controller, Informer, type Runnable } from '../../runtime/index.js';
import type { FleetProviders } from '../workers/fleet-providers.js';
import { LabDiscovery } from './lab-discovery.js';
import { LabsReconciler, type LabsCaches } from './reconcile.js';

export interface LabsControllerOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** The CML client of a worker's endpoint (the fleet's providers). */
  providers: Pick<FleetProviders, 'cmlFor'>;
  /** `config.labs`: discovery interval and orphan grace period. */
  labs: LabsConfig;
  /** Time between looks at a lab an action is still changing (booting nodes). @default 5000 */
  pollIntervalMs?: number;
}

const MINUTE_MS = 60_000;
const BY_WORKER = 'worker';

export class LabsController implements Runnable {
  readonly name = 'labs';
  readonly needsLeaderElection = true;
  readonly #informers: Informer[];
  readonly #controller: Controller;
  readonly #discovery: LabDiscovery;

  constructor(options: LabsControllerOptions) {
    const { client, clock, logger } = options;
    const labs = new Informer<LabRecord>({ client, clock, logger, kind: 'LabRecord' });
    const workers = new Informer<Worker>({ client, clock, logger, kind: 'Worker' });
    const sessions = new Informer<LabletSession>({ client, clock, logger, kind: 'LabletSession' });
    labs.addIndex(BY_WORKER, (lab) => [lab.spec.worker]);
    // One list of differently typed informers; the Controller reads them untyped.
    this.#informers = [labs, workers, sessions] as unknown as Informer[];
    const labsOn = (worker: string): LabRecord[] => labs.byIndex(BY_WORKER, worker);
    const caches: LabsCaches = {
      lab: (key) => labs.get(key),
      labsOn,
      worker: (name) => workers.get({ name }),
      session: (namespace, name) => sessions.get({ namespace, name }),
    };
    this.#controller = new Controller({
      ...options,
      name: 'labs',
      for: 'LabRecord',
      reconciler: new LabsReconciler({
        ...options,
        caches,
        orphanGraceMs: options.labs.orphanGraceMinutes * MINUTE_MS,
        pollIntervalMs: options.pollIntervalMs ?? 5000,
      }),
      informers: this.#informers,
      maxConcurrentReconciles: 4,
      watches: [
        {
          kind: 'Worker',
          mapToKeys: (worker) => labsOn(worker.metadata.name).map((lab) => lab.metadata),
        },
      ],
    });
    this.#discovery = new LabDiscovery({
      ...options,
      workers,
      labsOn,
      intervalMs: options.labs.discoveryIntervalMinutes * MINUTE_MS,
    });
  }

  /**
   * Starts the informers and waits until all have synced (a lab's worker missing from an unsynced
   * cache would read as deleted), then reconciles and discovers until `signal` aborts.
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

  /** One discovery sweep now (it also runs at start and every discovery interval). */
  discover(): Promise<void> {
    return this.#discovery.sweep();
  }

  /** Test hook: no key is ready or being reconciled. */
  isIdle(): boolean {
    return this.#controller.isIdle();
  }
}

export function createLabsController(options: LabsControllerOptions): LabsController {
  return new LabsController(options);
}
