/**
 * Lab discovery (SPEC.md "LabRecord"): every `intervalMs`, and when a worker starts serving CML,
 * list the labs on each worker and record every CML lab no LabRecord knows as Orphaned. A lab the
 * sessions controller is importing is not mistaken for one (see `#sweepWorker`).
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { hasReason, toError } from '../../errors/index.js';
import type { Logger } from '../../observability/index.js';
import type { CmlLab } from '../../providers/cml/cml-wire-types.js';
import { API_VERSION } from '../../resources/index.js';
import { LAB_MACHINE, type LabRecord } from '../../resources/kinds/lab-record.js';
import { transitionPhase } from '../../resources/kinds/phase-machine.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { Informer } from '../../runtime/index.js';
import type { FleetProviders } from '../workers/fleet-providers.js';
import { LABS_ACTOR } from './lab-status-draft.js';
import { orphanLabName } from './orphan-lab-name.js';
import { cmlOfWorker, servesCml } from './worker-cml.js';

/** Label on LabRecords discovery created. */
const DISCOVERED_LABEL = 'lcm.io/discovered';
/** The worker a LabRecord is on, as a label (the sessions controller sets it too). */
const WORKER_LABEL = 'lcm.io/worker';
/** Annotation with the CML title of a discovered lab, to help an operator decide on adoption. */
const CML_TITLE_ANNOTATION = 'lcm.io/cml-title';

export interface LabDiscoveryOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  providers: Pick<FleetProviders, 'cmlFor'>;
  workers: Informer<Worker>;
  /** The LabRecords on a worker, from the cache. */
  labsOn(worker: string): readonly LabRecord[];
  /** Time between sweeps; also the age a CML lab must reach before it can be called unknown. */
  intervalMs: number;
}

export class LabDiscovery {
  readonly #options: LabDiscoveryOptions;
  readonly #logger: Logger;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: LabDiscoveryOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'lab-discovery' });
  }

  /**
   * Sweeps now and every `intervalMs`, and sweeps a worker as soon as it starts serving CML, until
   * `signal` aborts; failures are logged (the next sweep tries again).
   */
  async run(signal: AbortSignal): Promise<void> {
    const off = this.#options.workers.addEventHandler({
      onUpdate: (before, after) => {
        if (!signal.aborted && !servesCml(before) && servesCml(after))
          this.#sweepInBackground(after);
      },
    });
    try {
      while (!signal.aborted) {
        await this.sweep();
        await this.#options.clock.sleep(this.#options.intervalMs, signal).catch(() => undefined);
      }
    } finally {
      off();
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /** One sweep over every worker serving CML; a worker that fails is logged and skipped. */
  async sweep(): Promise<void> {
    for (const worker of this.#options.workers.list())
      if (servesCml(worker)) await this.#sweepLogged(worker);
  }

  /**
   * Records each lab on `worker` that no LabRecord there names in `spec.cmlLabId`, except:
   * - a lab whose title is the name of a LabRecord on this worker that has no `cmlLabId` yet —
   *   the sessions controller imports with title = record name and writes the id right after;
   * - a lab younger than one sweep interval (by its CML `created` time): the id may still be on
   *   its way to the record, so the next sweep decides.
   */
  async #sweepWorker(worker: Worker): Promise<void> {
    const cml = cmlOfWorker(worker, this.#options.providers);
    if (!cml) return;
    const name = worker.metadata.name;
    for (const id of await cml.listLabs()) {
      if (this.#recorded(name, id)) continue;
      const lab = await cml.getLab(id).catch((error: unknown) => {
        if (hasReason(error, 'NotFound')) return undefined;
        throw error;
      });
      if (!lab || this.#importing(name, lab) || this.#young(lab)) continue;
      // The cache may have caught up while CML answered.
      if (!this.#recorded(name, id)) await this.#createOrphan(worker, lab);
    }
  }

  #sweepInBackground(worker: Worker): void {
    const sweep = this.#sweepLogged(worker).finally(() => this.#inFlight.delete(sweep));
    this.#inFlight.add(sweep);
  }

  async #sweepLogged(worker: Worker): Promise<void> {
    await this.#sweepWorker(worker).catch((error: unknown) => {
      const log = { worker: worker.metadata.name, err: toError(error) };
      this.#logger.warn(log, 'lab discovery failed on a worker');
    });
  }

  /** Some LabRecord on the worker (other than a Deleted one) names this CML lab. */
  #recorded(worker: string, cmlLabId: string): boolean {
    return this.#options
      .labsOn(worker)
      .some((lab) => lab.spec.cmlLabId === cmlLabId && lab.status?.phase !== 'Deleted');
  }

  #importing(worker: string, lab: CmlLab): boolean {
    return this.#options
      .labsOn(worker)
      .some(
        (record) =>
          record.metadata.name === lab.lab_title &&
          record.spec.cmlLabId === undefined &&
          record.status?.phase !== 'Deleted',
      );
  }

  #young(lab: CmlLab): boolean {
    const createdMs = Date.parse(lab.created);
    return this.#options.clock.nowMs() - createdMs < this.#options.intervalMs;
  }

  async #createOrphan(worker: Worker, lab: CmlLab): Promise<void> {
    const now = this.#options.clock.now();
    const workerName = worker.metadata.name;
    const name = orphanLabName(workerName, lab.id);
    const reason = `Discovered: CML lab ${lab.id} ("${lab.lab_title}") has no LabRecord`;
    const record: LabRecord = {
      apiVersion: API_VERSION,
      kind: 'LabRecord',
      metadata: {
        name,
        labels: { [WORKER_LABEL]: workerName, [DISCOVERED_LABEL]: 'true' },
        annotations: { [CML_TITLE_ANNOTATION]: lab.lab_title },
      },
      spec: { worker: workerName, cmlLabId: lab.id },
      status: {
        ...transitionPhase(LAB_MACHINE, {}, 'Orphaned', { at: now, reason, actor: LABS_ACTOR }),
        orphanedAt: now.toISOString(),
      },
    };
    try {
      await this.#options.client.create(record);
      this.#logger.info({ worker: workerName, lab: name, cmlLabId: lab.id }, 'orphaned lab found');
    } catch (error) {
      // Another sweep (or replica) recorded it first.
      if (!hasReason(error, 'AlreadyExists')) throw error;
    }
  }
}
