/**
 * Step for an Orphaned lab (SPEC.md "LabRecord"): adopted when an operator sets the annotation
 * `lcm.io/adopt: "true"` (its phase then follows CML), else deleted from CML (stop → wipe →
 * delete) once `orphanGraceMs` has passed since `status.orphanedAt`, and marked Deleted. An orphan
 * whose CML lab another LabRecord has since recorded (a slow import) is retired without a CML call.
 */
import { hasReason } from '../../../errors/index.js';
import { driveCmlLab } from '../drive-cml-lab.js';
import { hasRunBefore, labPhaseFromCml } from '../lab-phase-from-cml.js';
import type { LabStepContext, LabStepOutcome } from '../lab-step-context.js';

/** Set to "true" on an Orphaned LabRecord to keep its lab (docs/labs.md "Adoption"). */
export const ADOPT_ANNOTATION = 'lcm.io/adopt';

export async function settleOrphan(step: LabStepContext): Promise<LabStepOutcome> {
  const { draft } = step;
  if (step.alsoRecordedBy !== undefined) {
    await draft.advance(
      'Deleted',
      `Duplicate: LabRecord ${step.alsoRecordedBy} records this CML lab`,
    );
    return {};
  }
  const adopt = draft.lab.metadata.annotations?.[ADOPT_ANNOTATION] === 'true';
  if (adopt && draft.lab.spec.cmlLabId !== undefined) return adoptOrphan(step);
  let orphanedAtMs = Date.parse(draft.status.orphanedAt ?? '');
  if (Number.isNaN(orphanedAtMs)) {
    draft.setOrphanedAt(draft.now.toISOString());
    orphanedAtMs = draft.now.getTime();
  }
  const dueInMs = orphanedAtMs + step.orphanGraceMs - draft.now.getTime();
  if (dueInMs > 0) return { requeueAfterMs: dueInMs };
  return deleteOrphan(step);
}

async function adoptOrphan(step: LabStepContext): Promise<LabStepOutcome> {
  const { draft, cml } = step;
  const labId = draft.lab.spec.cmlLabId as string;
  const reason = `Adopted by an operator (annotation ${ADOPT_ANNOTATION})`;
  if (!cml) {
    const message = `adoption waits for worker ${draft.lab.spec.worker} to serve CML`;
    draft.recordAction('Unknown', 'WorkerNotServing', message);
    return {};
  }
  try {
    const { state } = await cml.getLab(labId);
    const converged = state === 'STARTED' && (await cml.checkIfConverged(labId));
    await draft.advance(
      labPhaseFromCml({ state, converged, wasWiped: hasRunBefore(draft.status) }),
      reason,
    );
  } catch (error) {
    draft.recordFailure(error, `adoption of CML lab ${labId}`);
    if (!hasReason(error, 'NotFound')) throw error;
    await draft.advance('Deleted', `${reason}, but CML no longer has lab ${labId}`);
    return {};
  }
  draft.setOrphanedAt(undefined);
  draft.recordAction('True', 'Adopted', `adopted: the lab is ${draft.phase ?? '?'}`);
  step.logger.info({ lab: draft.lab.metadata.name, phase: draft.phase }, 'orphan adopted');
  return {};
}

async function deleteOrphan(step: LabStepContext): Promise<LabStepOutcome> {
  const { draft, cml, liveSession } = step;
  const labId = draft.lab.spec.cmlLabId;
  const minutes = Math.round(step.orphanGraceMs / 60_000);
  const reason = `Orphaned for ${minutes} min and not adopted`;
  if (liveSession) {
    const message = `not deleted: bound to session ${draft.lab.status?.session ?? ''}, which is not Terminated`;
    draft.recordAction('False', 'Refused', message);
    return {};
  }
  if (labId === undefined) {
    await draft.advance('Deleted', `${reason}; it has no CML lab`);
    return {};
  }
  if (!cml) {
    const message = `deletion waits for worker ${draft.lab.spec.worker} to serve CML`;
    draft.recordAction('Unknown', 'WorkerNotServing', message);
    return {};
  }
  try {
    if (!(await driveCmlLab({ cml, labId, target: 'Deleted', draft, reason }))) {
      draft.recordAction(
        'Unknown',
        'InProgress',
        `deleting the orphan: it is ${draft.phase ?? '?'}`,
      );
      return { requeueAfterMs: step.pollIntervalMs };
    }
  } catch (error) {
    draft.recordFailure(error, `deletion of orphaned CML lab ${labId}`);
    throw error;
  }
  draft.recordAction('True', 'Completed', `orphan deleted after ${minutes} min`);
  step.logger.info({ lab: draft.lab.metadata.name, cmlLabId: labId }, 'orphaned lab deleted');
  return {};
}
