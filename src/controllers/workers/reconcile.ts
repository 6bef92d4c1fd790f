/**
 * The Worker reconcile: the cached worker goes through a short list of steps (steps/*.ts) toward
 * its spec, then one status write laid over the freshest cached version (allocations untouched).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { findCondition, isConditionTrue } from '../../resources/index.js';
import { hasReason } from '../../errors/index.js';
import type { CloudInstance, CloudProvider } from '../../providers/cloud/cloud-provider.js';
import type { Registry } from '../../observability/index.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import type { Worker, WorkerSpec } from '../../resources/kinds/worker.js';
import type {
  ObjectKeyRef,
  ReconcileContext,
  ReconcileResult,
  Reconciler,
} from '../../runtime/index.js';
import type { FleetProviders } from './fleet-providers.js';
import type { ScaleDownSettings } from './scale-down-policy.js';
import type { SecretSource } from './secret-source.js';
import { checkCmlReadiness } from './steps/check-cml-readiness.js';
import { collectMetrics } from './steps/collect-metrics.js';
import { reconcileDrain } from './steps/drain.js';
import { drivePowerState } from './steps/drive-power-state.js';
import { launchInstance } from './steps/launch-instance.js';
import { observeInstance } from './steps/observe-instance.js';
import { recordActivity } from './steps/record-activity.js';
import { recordSchedulable } from './steps/record-schedulable.js';
import { reconcileLicense } from './steps/reconcile-license.js';
import { scaleDown, type ScaleDownStepOptions } from './steps/scale-down.js';
import { settleTerminated } from './steps/settle-terminated.js';
import { WorkerStatusDraft } from './worker-status-draft.js';
import type { WorkerStepContext, WorkersTimings } from './worker-step-context.js';

/** Reads of the controller's informer caches. */
export interface WorkersCaches {
  worker(key: ObjectKeyRef): Worker | undefined;
  template(name: string): WorkerTemplate | undefined;
  labsOf(workerName: string): LabRecord[];
  regionWorkers(region: string): Worker[];
  reservations(): Reservation[];
  sessions(): LabletSession[];
}

export interface WorkersReconcilerOptions {
  client: ResourceClient;
  clock: Clock;
  metrics: Registry;
  providers: FleetProviders;
  secrets: SecretSource;
  timings: WorkersTimings;
  scaleDown: ScaleDownSettings;
  caches: WorkersCaches;
}

export class WorkersReconciler implements Reconciler {
  readonly #options: WorkersReconcilerOptions;

  constructor(options: WorkersReconcilerOptions) {
    this.#options = options;
  }

  async reconcile(ctx: ReconcileContext, key: ObjectKeyRef): Promise<ReconcileResult> {
    const worker = this.#options.caches.worker(key);
    if (!worker || worker.metadata.deletionTimestamp) return {};
    let requeueAfterMs = Number.POSITIVE_INFINITY;
    const specChange: Partial<WorkerSpec> = {};
    const draft = new WorkerStatusDraft(worker, this.#options.clock.now());
    const hooks: StepHooks = {
      requeueAfter: (ms) => {
        if (Number.isFinite(ms)) requeueAfterMs = Math.min(requeueAfterMs, Math.max(1, ms));
      },
      changeSpec: (change) => Object.assign(specChange, change),
    };
    try {
      await this.#runSteps(ctx, draft, hooks);
    } catch (error) {
      // Keep what this run learned (a launched instance above all) before backing off.
      await this.#commit(key, draft, {}).catch(() => undefined);
      throw error;
    }
    await this.#commit(key, draft, specChange);
    return Number.isFinite(requeueAfterMs) ? { requeueAfterMs } : {};
  }

  async #runSteps(
    ctx: ReconcileContext,
    draft: WorkerStatusDraft,
    hooks: StepHooks,
  ): Promise<void> {
    const { caches, client, providers } = this.#options;
    const template = caches.template(draft.worker.spec.template);
    const labs = (): LabRecord[] => caches.labsOf(draft.worker.metadata.name);
    if (draft.phase === 'Terminated') {
      const provider = template?.spec.provider;
      await settleTerminated({ draft, client, providers, labs, logger: ctx.logger, provider });
    } else if (!template) {
      draft.condition({
        type: 'Ready',
        status: 'False',
        reason: 'TemplateNotFound',
        message: `WorkerTemplate ${draft.worker.spec.template} does not exist`,
      });
    } else {
      const cloud = cloudOf(providers, template, draft);
      if (cloud) await this.#runOnCloud(ctx, { ...hooks, draft, template, cloud, labs });
    }
    recordSchedulable(draft);
  }

  /** The steps of a worker whose template and cloud are known. */
  async #runOnCloud(
    ctx: ReconcileContext,
    parts: StepHooks & Pick<WorkerStepContext, 'draft' | 'template' | 'cloud' | 'labs'>,
  ): Promise<void> {
    const { draft, template } = parts;
    const step: WorkerStepContext = {
      ...this.#options,
      ...parts,
      worker: draft.worker,
      logger: ctx.logger,
      signal: ctx.signal,
    };
    if (!draft.status.capacity) draft.declareCapacity(template.spec.capacity);
    if (pollDue(step)) await driveInstance(step);
    else step.requeueAfter(msUntilPoll(step));
    reconcileDrain(step);
    scaleDown(step, this.#scaleDownOptions(step));
  }

  #scaleDownOptions(step: WorkerStepContext): ScaleDownStepOptions {
    const { caches, metrics, scaleDown: settings } = this.#options;
    const view = {
      template: step.template,
      regionWorkers: caches.regionWorkers(step.worker.spec.region),
      reservations: caches.reservations(),
      sessions: caches.sessions(),
    };
    return { settings, metrics, view };
  }

  /** Writes the draft over the freshest cached worker, then any spec change (drain). */
  async #commit(
    key: ObjectKeyRef,
    draft: WorkerStatusDraft,
    specChange: Partial<WorkerSpec>,
  ): Promise<void> {
    const { client, caches } = this.#options;
    const fresh = caches.worker(key);
    if (!fresh) return;
    const status = draft.mergeInto(fresh);
    const latest = status ? ((await client.updateStatus({ ...fresh, status })) as Worker) : fresh;
    const spec = { ...latest.spec, ...specChange };
    if (!isDeepStrictEqual(spec, latest.spec)) await client.update({ ...latest, spec });
  }
}

type StepHooks = Pick<WorkerStepContext, 'requeueAfter' | 'changeSpec'>;

/** The template's cloud; `undefined`, with a condition saying so, when it is not configured. */
function cloudOf(
  providers: FleetProviders,
  template: WorkerTemplate,
  draft: WorkerStatusDraft,
): CloudProvider | undefined {
  try {
    return providers.cloudFor(template.spec.provider);
  } catch (error) {
    if (!hasReason(error, 'Invalid')) throw error;
    draft.condition({
      type: 'Ready',
      status: 'False',
      reason: 'CloudNotConfigured',
      message: error.message,
    });
    return undefined;
  }
}

/** Steps 1–5: cloud lifecycle, then CML readiness, metrics, activity and licence while up. */
async function driveInstance(step: WorkerStepContext): Promise<void> {
  const { draft } = step;
  const instance = draft.status.instanceId
    ? await observeInstance(step)
    : await launchInstance(step);
  if (!instance) return;
  await drivePowerState(step, instance);
  if (instance.state === 'running' && draft.phase !== 'Stopping') await whileUp(step, instance);
}

/** While CML answers: readiness, then (when ready) metrics, activity and the licence. */
async function whileUp(step: WorkerStepContext, instance: CloudInstance): Promise<void> {
  const cml = await checkCmlReadiness(step, instance);
  if (!cml) return;
  const events = await collectMetrics(step, cml, instance.id);
  recordActivity(step.draft, events);
  await reconcileLicense(step, cml);
  step.requeueAfter(step.timings.pollIntervalMs);
}

/**
 * Whether to look at the cloud and CML now. Always, except for a steady Running (or Draining)
 * worker whose spec and readiness are settled: it is looked at once per poll interval, so events
 * about it (allocations, labs) cost no provider calls.
 */
function pollDue(step: WorkerStepContext): boolean {
  const { worker, draft } = step;
  const { conditions } = draft.status;
  return (
    (draft.phase !== 'Running' && draft.phase !== 'Draining') ||
    worker.spec.desiredState !== 'Running' ||
    (worker.metadata.generation ?? 0) !== draft.status.observedGeneration ||
    !isConditionTrue(conditions, 'Ready') ||
    findCondition(conditions, 'LicenseValid')?.status === 'Unknown' ||
    msUntilPoll(step) <= 0
  );
}

function msUntilPoll(step: WorkerStepContext): number {
  const collectedAt = step.draft.status.metrics?.collectedAt;
  if (!collectedAt) return 0;
  return Date.parse(collectedAt) + step.timings.pollIntervalMs - step.draft.now.getTime();
}
