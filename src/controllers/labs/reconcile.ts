/**
 * The LabRecord reconcile: a lab whose worker is gone is Orphaned then Deleted; otherwise a
 * pending action is performed, or an orphan is adopted or deleted after its grace period. One
 * status write (also after a failure), then the spec (the action cleared), then the worker's
 * allocation of a lab that holds nothing any more.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type {
  ObjectKeyRef,
  ReconcileContext,
  ReconcileResult,
  Reconciler,
} from '../../runtime/index.js';
import type { FleetProviders } from '../workers/fleet-providers.js';
import type { LabStepContext, LabStepOutcome } from './lab-step-context.js';
import { LabStatusDraft } from './lab-status-draft.js';
import { liveSessionOf, type SessionLookup } from './live-session.js';
import { performPendingAction } from './steps/perform-pending-action.js';
import { releaseLabAllocation } from './steps/release-lab-allocation.js';
import { settleLostWorker } from './steps/settle-lost-worker.js';
import { settleOrphan } from './steps/settle-orphan.js';
import { cmlOfWorker, isWorkerLost } from './worker-cml.js';

/** Reads of the controller's informer caches. */
export interface LabsCaches {
  lab(key: ObjectKeyRef): LabRecord | undefined;
  labsOn(worker: string): readonly LabRecord[];
  worker(name: string): Worker | undefined;
  session: SessionLookup;
}

export interface LabsReconcilerOptions {
  client: ResourceClient;
  clock: Clock;
  providers: Pick<FleetProviders, 'cmlFor'>;
  caches: LabsCaches;
  orphanGraceMs: number;
  pollIntervalMs: number;
}

const FINAL: ReadonlySet<string | undefined> = new Set(['Deleted', 'Archived']);

export class LabsReconciler implements Reconciler {
  readonly #options: LabsReconcilerOptions;

  constructor(options: LabsReconcilerOptions) {
    this.#options = options;
  }

  async reconcile(ctx: ReconcileContext, key: ObjectKeyRef): Promise<ReconcileResult> {
    const { caches, client, clock } = this.#options;
    const lab = caches.lab(key);
    if (!lab || lab.metadata.deletionTimestamp) return {};
    const worker = caches.worker(lab.spec.worker);
    const write = async (changed: LabRecord) =>
      (await client.updateStatus(changed)) as unknown as LabRecord;
    const draft = new LabStatusDraft(lab, clock.now(), write);
    const step: LabStepContext = {
      draft,
      worker,
      cml: cmlOfWorker(worker, this.#options.providers),
      liveSession: liveSessionOf(lab, caches.session),
      alsoRecordedBy: this.#alsoRecordedBy(lab),
      orphanGraceMs: this.#options.orphanGraceMs,
      pollIntervalMs: this.#options.pollIntervalMs,
      logger: ctx.logger,
    };
    let outcome: LabStepOutcome;
    try {
      outcome = await runSteps(step);
    } catch (error) {
      // Keep the phase reached and the failure's condition before backing off.
      await this.#write(draft, {}).catch(() => undefined);
      throw error;
    }
    await this.#write(draft, outcome);
    await releaseLabAllocation(client, worker, lab.metadata.name, draft.phase);
    return outcome.requeueAfterMs === undefined ? {} : { requeueAfterMs: outcome.requeueAfterMs };
  }

  /** The status, then (with the resourceVersion that write returned) the spec without the action. */
  async #write(draft: LabStatusDraft, outcome: LabStepOutcome): Promise<void> {
    await draft.flush();
    const { lab } = draft;
    if (!outcome.clearAction || lab.spec.pendingAction === undefined) return;
    const { pendingAction: _done, ...spec } = lab.spec;
    await this.#options.client.update({ ...lab, spec });
  }

  #alsoRecordedBy(lab: LabRecord): string | undefined {
    const { cmlLabId } = lab.spec;
    if (cmlLabId === undefined || lab.status?.phase !== 'Orphaned') return undefined;
    const other = this.#options.caches
      .labsOn(lab.spec.worker)
      .find(
        (candidate) =>
          candidate.metadata.name !== lab.metadata.name &&
          candidate.spec.cmlLabId === cmlLabId &&
          candidate.status?.phase !== 'Orphaned' &&
          !FINAL.has(candidate.status?.phase),
      );
    return other?.metadata.name;
  }
}

function runSteps(step: LabStepContext): LabStepOutcome | Promise<LabStepOutcome> {
  const { draft, worker } = step;
  const action = draft.lab.spec.pendingAction;
  if (isWorkerLost(worker)) return settleLostWorker(step);
  if (FINAL.has(draft.phase)) return { clearAction: action !== undefined };
  if (action) return performPendingAction(step, action);
  if (draft.phase === 'Orphaned') return settleOrphan(step);
  return {};
}
