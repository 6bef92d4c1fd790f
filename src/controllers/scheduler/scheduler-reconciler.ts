/**
 * One pending session per reconcile: wait until its timeslot enters the horizon, skip it if a
 * worker already holds it, ask the placement engine, then bind, scale up or record why it waits.
 * Reads only the informer caches (FleetView); every write carries a precondition. Reconciles run
 * concurrently: a worker with a bind in flight is left to that bind, so they do not collide.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { formatObjectKey } from '../../resources/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type {
  ObjectKeyRef,
  ReconcileContext,
  ReconcileResult,
  Reconciler,
} from '../../runtime/index.js';
import { toSchedulingRecord, type DecisionInput } from './decision-record.js';
import type { FleetView, ReadyDefinition } from './fleet-view.js';
import { isPending, placementStartMs } from './pending-queue.js';
import { placeSession } from './place-session.js';
import type { PlacementDecision } from './placement-types.js';
import { derivePlacementNeed } from './placement/placement-need.js';
import { observeDecision, type SchedulerMetrics } from './scheduler-metrics.js';
import { bindSession, type BindDecision } from './steps/bind-session.js';
import { recordDecision } from './steps/record-decision.js';
import { scaleUp, type ScaleUpDecision } from './steps/scale-up.js';

export interface SchedulerSettings {
  /** Sessions are placed once their timeslot starts within this long. */
  horizonMs: number;
  maxWorkersPerRegion: number;
  /** No scale-up in a region within this long of its last one. */
  scaleUpCooldownMs: number;
}

/** What every decision of one reconcile shares. */
interface Deciding {
  session: LabletSession;
  key: string;
  now: Date;
  queuePosition: number;
  /** `performance.now()` after the decision: the histogram measures work, not domain time. */
  seconds: number;
}

/** Times a decision that found no free worker waits for this scheduler's binds in flight. */
const MAX_WAITS_FOR_BINDS = 3;

export class SchedulerReconciler implements Reconciler {
  readonly #client: ResourceClient;
  readonly #clock: Clock;
  readonly #view: FleetView;
  readonly #metrics: SchedulerMetrics;
  readonly #settings: SchedulerSettings;
  /** Workers with a bind of this scheduler in flight, and that bind. */
  readonly #binding = new Map<string, Promise<unknown>>();
  /** The scale-up in progress: they run one at a time, each seeing the workers asked for before. */
  #scaling: Promise<unknown> = Promise.resolve();

  constructor(options: {
    client: ResourceClient;
    clock: Clock;
    view: FleetView;
    metrics: SchedulerMetrics;
    settings: SchedulerSettings;
  }) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#view = options.view;
    this.#metrics = options.metrics;
    this.#settings = options.settings;
  }

  async reconcile(_ctx: ReconcileContext, key: ObjectKeyRef): Promise<ReconcileResult> {
    try {
      return await this.#reconcilePending(key);
    } finally {
      this.#metrics.pendingSessions.set(this.#view.pending.size);
    }
  }

  async #reconcilePending(key: ObjectKeyRef): Promise<ReconcileResult> {
    const session = this.#view.session(key);
    if (!session || !isPending(session)) return {};
    const untilDueMs = placementStartMs(session) - this.#settings.horizonMs - this.#clock.nowMs();
    if (untilDueMs > 0) return { requeueAfterMs: untilDueMs };
    // Bound already: the session's own Scheduled update is on its way to the cache.
    if (this.#view.workerHolding(key)) return {};
    return this.#schedule(session, formatObjectKey(key));
  }

  async #schedule(session: LabletSession, key: string): Promise<ReconcileResult> {
    const startedAt = performance.now();
    const lookup = this.#view.definitionFor(session);
    if (!('definition' in lookup))
      return this.#record(this.#deciding(session, key, startedAt), {
        result: 'Waiting',
        reason: lookup.reason,
        message: lookup.message,
      });
    let decision = this.#place(session, lookup.definition);
    // A worker busy with a bind may be the one with room: see what it has left before scaling.
    for (let wait = 0; decision.result !== 'Bind' && this.#binding.size > 0; wait++) {
      if (wait === MAX_WAITS_FOR_BINDS) break;
      await Promise.allSettled(this.#binding.values());
      decision = this.#place(session, lookup.definition);
    }
    const deciding = this.#deciding(session, key, startedAt);
    if (decision.result === 'Bind') return this.#bind(deciding, lookup.definition, decision);
    if (decision.result === 'ScaleUp')
      return this.#oneAtATime(() => this.#scaleUp(deciding, lookup, decision));
    return this.#record(
      deciding,
      { result: 'Waiting', reason: 'NoTemplateFits', message: decision.reason },
      decision.verdicts,
    );
  }

  /** The engine's answer over the fleet, less the workers this scheduler is binding to now. */
  #place(session: LabletSession, definition: LabletDefinition): PlacementDecision {
    const fleet = this.#view.workers();
    const workers =
      this.#binding.size === 0 ? fleet : fleet.filter((w) => !this.#binding.has(w.metadata.name));
    return placeSession({
      session,
      definition,
      workers,
      templates: this.#view.templates(),
      reusableLabs: this.#view.reusableLabs(),
      now: this.#clock.now(),
    });
  }

  #deciding(session: LabletSession, key: string, startedAt: number): Deciding {
    return {
      session,
      key,
      now: this.#clock.now(),
      queuePosition: this.#view.pending.positionOf(key) ?? 1,
      seconds: (performance.now() - startedAt) / 1000,
    };
  }

  async #bind(
    deciding: Deciding,
    definition: LabletDefinition,
    decision: BindDecision,
  ): Promise<ReconcileResult> {
    const worker = this.#view.worker(decision.worker);
    assert(
      worker,
      `the engine chose worker ${decision.worker}, which the fleet view does not have`,
    );
    const reuse = decision.reuseLab ? `, reusing lab ${decision.reuseLab}` : '';
    const record = toSchedulingRecord({
      ...this.#recordBase(deciding, decision.verdicts),
      result: 'Bound',
      reason: 'Placed',
      message: `placed on worker ${decision.worker}${reuse}`,
    });
    // Claimed before the first await, so no concurrent decision picks this worker meanwhile.
    const binding = bindSession(this.#client, {
      session: deciding.session,
      worker,
      template: this.#view.template(worker.spec.template),
      definition,
      decision,
      record,
      now: deciding.now,
    });
    this.#binding.set(worker.metadata.name, binding);
    try {
      this.#view.assume(await binding);
    } finally {
      this.#binding.delete(worker.metadata.name);
    }
    observeDecision(this.#metrics, 'Bound', deciding.seconds);
    return {};
  }

  async #scaleUp(
    deciding: Deciding,
    { definition, requirement }: ReadyDefinition,
    decision: ScaleUpDecision,
  ): Promise<ReconcileResult> {
    const need = derivePlacementNeed(definition, deciding.session, requirement);
    const outcome = await scaleUp({
      client: this.#client,
      view: this.#view,
      session: deciding.session,
      key: deciding.key,
      need,
      decision,
      now: deciding.now,
      maxWorkersPerRegion: this.#settings.maxWorkersPerRegion,
      cooldownMs: this.#settings.scaleUpCooldownMs,
    });
    const { requeueAfterMs, ...recorded } = outcome;
    await this.#record(deciding, recorded, decision.verdicts);
    return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  }

  #oneAtATime<T>(step: () => Promise<T>): Promise<T> {
    const run = this.#scaling.then(step);
    this.#scaling = run.catch(() => undefined);
    return run;
  }

  async #record(
    deciding: Deciding,
    outcome: Pick<DecisionInput, 'result' | 'reason' | 'message' | 'scaleUp'>,
    verdicts: DecisionInput['verdicts'] = [],
  ): Promise<ReconcileResult> {
    const record = toSchedulingRecord({ ...this.#recordBase(deciding, verdicts), ...outcome });
    const written = await recordDecision(this.#client, deciding.session, record);
    if (written) this.#view.assume([written]);
    observeDecision(this.#metrics, outcome.result, deciding.seconds);
    return {};
  }

  #recordBase(deciding: Deciding, verdicts: DecisionInput['verdicts']) {
    return { decidedAt: deciding.now, queuePosition: deciding.queuePosition, verdicts };
  }
}
