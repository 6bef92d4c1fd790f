/**
 * Step: the Schedulable condition — may the scheduler place new sessions here? Only a Running,
 * ready worker that is meant to stay up and is neither cordoned nor draining. Pure.
 */
import { isConditionTrue } from '../../../resources/index.js';
import type { WorkerStatusDraft } from '../worker-status-draft.js';

export function recordSchedulable(draft: WorkerStatusDraft): void {
  const { spec } = draft.worker;
  const why = ((): [string, string] | undefined => {
    if (draft.phase === 'Draining') return ['Draining', 'the worker is being drained'];
    if (draft.phase !== 'Running') return ['NotRunning', `the worker is ${draft.phase}`];
    if (!isConditionTrue(draft.status.conditions, 'Ready')) return ['NotReady', 'CML is not ready'];
    if (spec.desiredState !== 'Running')
      return ['StopRequested', `desiredState is ${spec.desiredState}`];
    if (spec.drain) return ['Draining', 'the worker is being drained'];
    if (spec.unschedulable) return ['Cordoned', 'the worker is cordoned (spec.unschedulable)'];
    return undefined;
  })();
  draft.condition(
    why
      ? { type: 'Schedulable', status: 'False', reason: why[0], message: why[1] }
      : { type: 'Schedulable', status: 'True', reason: 'Ready', message: 'takes new sessions' },
  );
}
