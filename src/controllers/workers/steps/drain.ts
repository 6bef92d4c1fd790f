/**
 * Step: drain (`spec.drain`, from the operator's drain action or a scale-down decision): Running →
 * Draining, which takes no new sessions → once no allocation holds compute, or at the template's
 * `drainTimeoutSeconds`, desiredState Stopped. `spec.drain: false` while Draining cancels it.
 */
import { computeAllocations } from '../idle-detection.js';
import type { WorkerStepContext } from '../worker-step-context.js';

export function reconcileDrain(step: WorkerStepContext): void {
  const { worker, draft } = step;
  const { drain, desiredState } = worker.spec;
  if (draft.phase === 'Running' && drain) {
    if (draft.moveToward('Draining', 'Drain requested (spec.drain)'))
      draft.set('drainStartedAt', draft.now.toISOString());
  } else if (draft.phase === 'Draining' && !drain && desiredState === 'Running') {
    if (draft.moveToward('Running', 'Drain cancelled (spec.drain false)'))
      draft.set('drainStartedAt', undefined);
  } else if (draft.phase === 'Draining' && drain && desiredState === 'Running') {
    finishDrain(step);
  } else if (draft.phase === 'Stopped' && drain) {
    // The drain is complete; a later start must not drain the worker again.
    step.changeSpec({ drain: false });
  }
}

/** True when the worker has been Draining for longer than its template's `drainTimeoutSeconds`. */
export function drainTimedOut(step: WorkerStepContext): boolean {
  return step.draft.phase === 'Draining' && drainRemainingMs(step) <= 0;
}

function finishDrain(step: WorkerStepContext): void {
  const held = computeAllocations(step.worker).length;
  const remainingMs = drainRemainingMs(step);
  if (held === 0 || remainingMs <= 0) {
    step.logger.info(
      { allocations: held },
      held === 0 ? 'drained: stopping the worker' : 'drain timed out: stopping the worker anyway',
    );
    step.changeSpec({ desiredState: 'Stopped' });
  } else step.requeueAfter(remainingMs);
}

function drainRemainingMs(step: WorkerStepContext): number {
  const started = step.draft.status.drainStartedAt;
  if (!started) return Number.POSITIVE_INFINITY;
  const timeoutMs = step.template.spec.drainTimeoutSeconds * 1000;
  return Date.parse(started) + timeoutMs - step.draft.now.getTime();
}
