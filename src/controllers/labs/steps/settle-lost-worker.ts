/**
 * Step for a lab whose worker is gone (deleted or Terminated): the VM and its disks are gone, so
 * the lab is Orphaned (if the workers controller has not done so yet) and then Deleted with no
 * CML call; a pending action is dropped.
 */
import type { LabStepContext, LabStepOutcome } from '../lab-step-context.js';

export async function settleLostWorker(step: LabStepContext): Promise<LabStepOutcome> {
  const { draft, worker } = step;
  const name = draft.lab.spec.worker;
  const why = worker ? `worker ${name} is Terminated` : `worker ${name} no longer exists`;
  if (draft.phase !== 'Deleted' && draft.phase !== 'Archived') {
    if (draft.phase !== 'Orphaned') {
      await draft.advance('Orphaned', `Orphaned: ${why}`);
      draft.setOrphanedAt(draft.now.toISOString());
    }
    await draft.advance('Deleted', `Deleted: ${why}; the lab went with its disks`);
    step.logger.info({ lab: draft.lab.metadata.name }, `lab deleted: ${why}`);
  }
  return { clearAction: draft.lab.spec.pendingAction !== undefined };
}
