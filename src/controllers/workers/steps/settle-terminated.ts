/**
 * Step for a Terminated worker (final): its CML is gone, so it is not ready, its simulated CML (if
 * any) is released, and its labs become Orphaned — the labs of a lost worker (SPEC.md "LabRecord").
 */
import { hasReason } from '../../../errors/index.js';
import { canTransition, transitionPhase } from '../../../resources/kinds/phase-machine.js';
import { LAB_MACHINE, type LabRecord } from '../../../resources/kinds/lab-record.js';
import type { FleetProvider } from '../fleet-providers.js';
import { WORKERS_ACTOR } from '../worker-status-draft.js';
import type { WorkerStepContext } from '../worker-step-context.js';

export type TerminatedStepContext = Pick<
  WorkerStepContext,
  'draft' | 'client' | 'labs' | 'providers' | 'logger'
> & {
  /** The template's provider; unknown when the template was deleted. */
  provider: FleetProvider | undefined;
};

export async function settleTerminated(step: TerminatedStepContext): Promise<void> {
  const { draft, providers, provider } = step;
  draft.set('cml', { ...draft.status.cml, ready: false, service: 'Unavailable' });
  draft.set('endpoint', undefined);
  draft.condition({
    type: 'Ready',
    status: 'False',
    reason: 'Terminated',
    message: 'the instance is terminated',
  });
  const instanceId = draft.status.instanceId;
  if (instanceId && provider) await providers.releaseCmlEndpoint?.(instanceId, provider);
  for (const lab of step.labs()) await orphan(step, lab);
}

async function orphan(step: TerminatedStepContext, lab: LabRecord): Promise<void> {
  const phase = lab.status?.phase;
  if (!lab.status || !phase || !canTransition(LAB_MACHINE, phase, 'Orphaned')) return;
  const { draft } = step;
  const moved = transitionPhase(LAB_MACHINE, lab.status, 'Orphaned', {
    at: draft.now,
    reason: `Worker ${draft.worker.metadata.name} was terminated`,
    actor: WORKERS_ACTOR,
  });
  try {
    await step.client.updateStatus({
      ...lab,
      status: { ...moved, orphanedAt: draft.now.toISOString() },
    });
    step.logger.info({ lab: lab.metadata.name }, 'lab orphaned: its worker was terminated');
  } catch (error) {
    // A stale or deleted lab: its watch event queues this worker again, which re-reads it.
    if (!hasReason(error, 'Conflict') && !hasReason(error, 'NotFound')) throw error;
  }
}
