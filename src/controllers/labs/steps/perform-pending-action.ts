/**
 * Step: perform `spec.pendingAction` (Start, Stop, Wipe, Delete) on the worker's CML in CML's
 * order (a wipe stops first; a delete stops and wipes first), then clear it. Refused — recorded in
 * the ActionSucceeded condition, the action cleared — when the lab is not this controller's to
 * change: Wipe or Delete of a lab bound to a live session, anything but Delete of an orphan.
 */
import { hasReason } from '../../../errors/index.js';
import type { LabRecordSpec } from '../../../resources/kinds/lab-record.js';
import { driveCmlLab, type LabTarget } from '../drive-cml-lab.js';
import type { LabStepContext, LabStepOutcome } from '../lab-step-context.js';
import { ADOPT_ANNOTATION } from './settle-orphan.js';

export type PendingAction = NonNullable<LabRecordSpec['pendingAction']>;

const TARGETS: Readonly<Record<PendingAction, LabTarget>> = {
  Start: 'Started',
  Stop: 'Stopped',
  Wipe: 'Wiped',
  Delete: 'Deleted',
};

export async function performPendingAction(
  step: LabStepContext,
  action: PendingAction,
): Promise<LabStepOutcome> {
  const { draft, cml } = step;
  const labId = draft.lab.spec.cmlLabId;
  const refusal = refusalOf(step, action);
  if (refusal) {
    draft.recordAction('False', 'Refused', `${action} refused: ${refusal}`);
    step.logger.warn({ lab: draft.lab.metadata.name, action }, `${action} refused: ${refusal}`);
    return { clearAction: true };
  }
  const reason = `${action} requested (spec.pendingAction)`;
  if (labId === undefined) {
    await draft.advance('Deleted', `${reason}; the lab was never imported into CML`);
    return completed(step, action);
  }
  if (!cml) {
    const message = `${action} waits for worker ${draft.lab.spec.worker} to serve CML`;
    draft.recordAction('Unknown', 'WorkerNotServing', message);
    return {};
  }
  try {
    if (await driveCmlLab({ cml, labId, target: TARGETS[action], draft, reason }))
      return completed(step, action);
  } catch (error) {
    draft.recordFailure(error, `${action} of CML lab ${labId}`);
    if (!hasReason(error, 'NotFound')) throw error;
    // Not on CML (a Delete treats that as done, so this is Start, Stop or Wipe): nothing to retry.
    await draft.advanceIfDirect('Error', `${reason}: CML has no lab ${labId}`);
    return { clearAction: true };
  }
  const message = `${action} in progress: CML lab ${labId} is ${draft.phase ?? 'changing'}`;
  draft.recordAction('Unknown', 'InProgress', message);
  return { requeueAfterMs: step.pollIntervalMs };
}

function refusalOf(step: LabStepContext, action: PendingAction): string | undefined {
  const { draft, liveSession } = step;
  if (liveSession && (action === 'Wipe' || action === 'Delete'))
    return `the lab is bound to session ${draft.lab.status?.session ?? ''} (${liveSession.status?.phase ?? 'Pending'}), whose teardown wipes or deletes it`;
  if (action === 'Delete') return undefined;
  if (draft.phase === 'Orphaned')
    return `the lab is Orphaned: adopt it first (annotation ${ADOPT_ANNOTATION}: "true") or delete it`;
  if (draft.lab.spec.cmlLabId === undefined)
    return 'the lab has no spec.cmlLabId: it is not on CML (yet)';
  return undefined;
}

function completed(step: LabStepContext, action: PendingAction): LabStepOutcome {
  const { draft } = step;
  draft.recordAction('True', 'Completed', `${action} completed: the lab is ${draft.phase ?? '?'}`);
  step.logger.info({ lab: draft.lab.metadata.name, action, phase: draft.phase }, 'action done');
  return { clearAction: true };
}
