/**
 * Step: scale down an idle worker (docs/autoscaling.md). Keeps `status.idle` current, evaluates the
 * policy for a Running worker and drains it; once a worker it drained is empty, asks for a stop.
 */
import type { Registry } from '../../../observability/index.js';
import { findCondition } from '../../../resources/index.js';
import type { Worker } from '../../../resources/kinds/worker.js';
import { computeAllocations, trackIdle } from '../idle-detection.js';
import { recordScaleDecision } from '../scale-decision-metrics.js';
import { scaleDownCondition } from '../scale-down-condition.js';
import {
  SCALE_DOWN_CONDITION,
  evaluateScaleDown,
  type ScaleDownDecision,
  type ScaleDownInput,
  type ScaleDownSettings,
} from '../scale-down-policy.js';
import type { WorkerStepContext } from '../worker-step-context.js';

/** What the policy reads besides the worker, from the controller's informer caches. */
export type ScaleDownView = Pick<
  ScaleDownInput,
  'template' | 'regionWorkers' | 'reservations' | 'sessions'
>;

export interface ScaleDownStepOptions {
  settings: ScaleDownSettings;
  /** Where `lcm_scale_decisions_total` is counted. */
  metrics: Registry;
  view: ScaleDownView;
}

/** The parts of a reconcile this step uses. */
export type ScaleDownStepContext = Pick<
  WorkerStepContext,
  'worker' | 'draft' | 'requeueAfter' | 'changeSpec'
>;

/** Keep reasons that change with time alone (demand, other workers, cooldown): look again then. */
const RECHECK_MS = 60_000;

/**
 * Running (as far as this reconcile knows): sets `status.idle` (`trackIdle`), evaluates the policy
 * over the draft status, records the `ScaleDown` condition and counts the decision when its status
 * or reason changes, and on `ScaleDown` moves toward Draining with `drainStartedAt` and asks for
 * `spec.drain`. Draining after its own scale-down (`ScaleDown` is True) with no compute allocation:
 * asks for `spec.desiredState` Stopped, or Terminated with `action: 'Terminate'` — run it after
 * `reconcileDrain`, whose drain completion asks for Stopped, so that Terminated wins. Other phases:
 * nothing.
 */
export function scaleDown(step: ScaleDownStepContext, options: ScaleDownStepOptions): void {
  if (step.draft.phase === 'Running') evaluateRunning(step, options);
  else if (step.draft.phase === 'Draining') stopWhenDrained(step, options.settings);
}

function evaluateRunning(step: ScaleDownStepContext, options: ScaleDownStepOptions): void {
  const { draft } = step;
  const now = draft.now;
  const observed: Worker = { ...step.worker, status: { ...draft.status } };
  const idle = trackIdle(observed, now);
  draft.set('idle', idle);
  const worker: Worker = { ...observed, status: { ...observed.status, idle } };
  const decision = evaluateScaleDown({ ...options.view, worker, now, settings: options.settings });
  if (decisionChanged(step.worker, decision)) {
    draft.condition(scaleDownCondition(decision));
    recordScaleDecision(options.metrics, decision);
  }
  if (decision.decision === 'ScaleDown') {
    // Draining in this very write takes the worker out of placement at once; `spec.drain` makes
    // it a drain like an operator's, so steps/drain.ts neither cancels it nor forgets it.
    if (draft.moveToward('Draining', `ScaleDown: ${decision.reason}`))
      draft.set('drainStartedAt', now.toISOString());
    step.changeSpec({ drain: true });
    return;
  }
  const recheckMs = recheckAfterMs(decision, now, options.settings);
  if (recheckMs !== undefined) step.requeueAfter(recheckMs);
}

function stopWhenDrained(step: ScaleDownStepContext, settings: ScaleDownSettings): void {
  const { worker } = step;
  const decided = findCondition(worker.status?.conditions, SCALE_DOWN_CONDITION);
  if (decided?.status !== 'True' || worker.spec.desiredState !== 'Running') return;
  if (computeAllocations(worker).length > 0) return;
  step.changeSpec({ desiredState: settings.action === 'Terminate' ? 'Terminated' : 'Stopped' });
}

/** Compares with the recorded condition, so an unchanged decision is neither rewritten nor counted. */
function decisionChanged(worker: Worker, decision: ScaleDownDecision): boolean {
  const previous = findCondition(worker.status?.conditions, SCALE_DOWN_CONDITION);
  const status = decision.decision === 'ScaleDown' ? 'True' : 'False';
  return previous?.status !== status || previous.reason !== decision.reason;
}

/** When a kept worker's decision may change although no object changes; none for the others. */
function recheckAfterMs(
  decision: ScaleDownDecision & { decision: 'Keep' },
  now: Date,
  settings: ScaleDownSettings,
): number | undefined {
  switch (decision.reason) {
    case 'NotIdleLongEnough': {
      const since = decision.idleSince?.getTime() ?? now.getTime();
      return Math.max(since + settings.idleTimeoutMs - now.getTime(), 1_000);
    }
    case 'NeededSoon':
    case 'MinWorkers':
    case 'Cooldown':
      return RECHECK_MS;
    default:
      return undefined;
  }
}
