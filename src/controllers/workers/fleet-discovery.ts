/**
 * Discovery: at start and every few minutes, compare each cloud's LCM-tagged instances with the
 * Workers — adopt an unknown instance (or flag it when its template is unknown) and mark a
 * worker whose instance vanished Terminated, whatever its phase (drift while LCM was down).
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { hasReason, toError } from '../../errors/index.js';
import type { Logger } from '../../observability/index.js';
import {
  CLOUD_TAG_KEYS,
  NOT_YET_VISIBLE_MS,
  type CloudInstance,
  type CloudProvider,
} from '../../providers/cloud/cloud-provider.js';
import { API_VERSION, assertValidName } from '../../resources/index.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import { transitionPhase } from '../../resources/kinds/phase-machine.js';
import { WORKER_MACHINE, type Worker } from '../../resources/kinds/worker.js';
import type { Informer } from '../../runtime/index.js';
import type { FleetProvider, FleetProviders } from './fleet-providers.js';
import { launchedWithin } from './steps/observe-instance.js';
import { WORKERS_ACTOR, WorkerStatusDraft } from './worker-status-draft.js';

/** The `lcm:managed-by` value of LCM's instances. */
const MANAGED_BY = 'lcm';
/** Label on Workers created by adoption. */
export const ADOPTED_LABEL = 'lcm.io/adopted';

export interface FleetDiscoveryOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  providers: FleetProviders;
  workers: Informer<Worker>;
  templates: Informer<WorkerTemplate>;
  /** Time between sweeps. */
  intervalMs: number;
}

export class FleetDiscovery {
  readonly #options: FleetDiscoveryOptions;
  readonly #logger: Logger;

  constructor(options: FleetDiscoveryOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'discovery' });
  }

  /** Sweeps now and then every `intervalMs` until `signal` aborts; a failed sweep is logged. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.sweep(signal).catch((error: unknown) => {
        if (!signal.aborted) this.#logger.warn({ err: toError(error) }, 'discovery sweep failed');
      });
      await this.#options.clock.sleep(this.#options.intervalMs, signal).catch(() => undefined);
    }
  }

  /** One sweep over every cloud some WorkerTemplate uses. */
  async sweep(signal?: AbortSignal): Promise<void> {
    const inUse = new Set(this.#options.templates.list().map((t) => t.spec.provider));
    for (const provider of inUse) {
      const cloud = this.#cloud(provider);
      if (!cloud) continue;
      const instances = await cloud.listByTag(CLOUD_TAG_KEYS.managedBy, MANAGED_BY, { signal });
      const known = new Set(this.#options.workers.list().map((w) => w.status?.instanceId));
      for (const instance of instances)
        if (!known.has(instance.id) && isLive(instance))
          await this.#adoptOrFlag(instance, provider);
      for (const worker of this.#workersOn(provider))
        await this.#checkStillThere(cloud, worker, instances, signal);
    }
  }

  #cloud(provider: FleetProvider): CloudProvider | undefined {
    try {
      return this.#options.providers.cloudFor(provider);
    } catch (error) {
      if (!hasReason(error, 'Invalid')) throw error;
      this.#logger.warn({ provider, err: error }, 'cloud not configured; not discovered');
      return undefined;
    }
  }

  /** Non-Terminated workers with an instance whose template uses `provider`. */
  #workersOn(provider: FleetProvider): Worker[] {
    const { workers, templates } = this.#options;
    return workers.list().filter((worker) => {
      const template = templates.get({ name: worker.spec.template });
      return (
        template?.spec.provider === provider &&
        worker.status?.instanceId !== undefined &&
        worker.status.phase !== 'Terminated'
      );
    });
  }

  async #adoptOrFlag(instance: CloudInstance, provider: FleetProvider): Promise<void> {
    const templateName = instance.tags[CLOUD_TAG_KEYS.template] ?? '';
    const template = this.#options.templates.get({ name: templateName });
    const log = { instanceId: instance.id, template: templateName };
    if (template?.spec.provider !== provider) {
      this.#logger.warn(log, 'LCM-tagged instance of an unknown template: not adopted');
      return;
    }
    const tagged = instance.tags[CLOUD_TAG_KEYS.worker];
    const namesake = this.#options.workers.get({ name: tagged ?? '' });
    // A namesake without an instance finds this one itself before launching (launch-instance.ts).
    if (namesake && !namesake.status?.instanceId) return;
    const name = !namesake && isValidName(tagged) ? tagged : `adopted-${instance.id}`;
    try {
      const now = this.#options.clock.now();
      await this.#options.client.create(adoptedWorker(name, template, instance, now));
      this.#logger.info({ ...log, worker: name }, 'adopted an unknown LCM instance');
    } catch (error) {
      if (!hasReason(error, 'AlreadyExists')) throw error;
    }
  }

  /** Marks `worker` Terminated when its instance is terminated or unknown to the cloud. */
  async #checkStillThere(
    cloud: CloudProvider,
    worker: Worker,
    listed: readonly CloudInstance[],
    signal?: AbortSignal,
  ): Promise<void> {
    const instanceId = worker.status?.instanceId as string;
    const found = listed.find((instance) => instance.id === instanceId);
    if (found && found.state !== 'terminated') return;
    if (!found) {
      if (launchedWithin(worker.status, this.#options.clock.nowMs(), NOT_YET_VISIBLE_MS)) return;
      try {
        const described = await cloud.describe(instanceId, { signal });
        if (described.state !== 'terminated') return;
      } catch (error) {
        if (!hasReason(error, 'NotFound')) throw error;
      }
    }
    await this.#markTerminated(worker, `Discovery: instance ${instanceId} is gone`);
  }

  async #markTerminated(worker: Worker, reason: string): Promise<void> {
    const draft = new WorkerStatusDraft(worker, this.#options.clock.now());
    draft.moveToward('Terminated', reason);
    const status = draft.mergeInto(worker);
    if (!status) return;
    try {
      await this.#options.client.updateStatus({ ...worker, status });
      this.#logger.info({ worker: worker.metadata.name }, reason);
    } catch (error) {
      // Changed meanwhile: its reconcile (queued by that change) describes the instance itself.
      if (!hasReason(error, 'Conflict')) throw error;
    }
  }
}

function isLive(instance: CloudInstance): boolean {
  return instance.state !== 'shutting-down' && instance.state !== 'terminated';
}

function adoptedWorker(
  name: string,
  template: WorkerTemplate,
  instance: CloudInstance,
  now: Date,
): Worker {
  const stopped = instance.state === 'stopped' || instance.state === 'stopping';
  return {
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: { name, labels: { [ADOPTED_LABEL]: 'true' } },
    spec: {
      template: template.metadata.name,
      region: template.spec.region,
      desiredState: stopped ? 'Stopped' : 'Running',
      unschedulable: false,
      drain: false,
      idleDetection: true,
    },
    status: {
      ...transitionPhase(WORKER_MACHINE, {}, 'Unknown', {
        at: now,
        reason: `Adopted: instance ${instance.id} was found by discovery`,
        actor: WORKERS_ACTOR,
      }),
      instanceId: instance.id,
      amiId: instance.amiId,
      ...(instance.privateIp ? { privateIp: instance.privateIp } : {}),
      ...(instance.publicIp ? { publicIp: instance.publicIp } : {}),
    },
  };
}

function isValidName(name: string | undefined): name is string {
  try {
    assertValidName(name);
    return true;
  } catch {
    return false;
  }
}
