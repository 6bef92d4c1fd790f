/**
 * Step: act on the instance toward `spec.desiredState` — start a stopped one, stop a running one
 * once no allocation holds compute, terminate it. Each call is safe to repeat.
 */
import { hasReason } from '../../../errors/index.js';
import type { CloudInstance } from '../../../providers/cloud/cloud-provider.js';
import { computeAllocations } from '../idle-detection.js';
import type { WorkerStepContext } from '../worker-step-context.js';
import { drainTimedOut } from './drain.js';

export async function drivePowerState(
  step: WorkerStepContext,
  instance: CloudInstance,
): Promise<void> {
  switch (step.worker.spec.desiredState) {
    case 'Running':
      return startIfStopped(step, instance);
    case 'Stopped':
      return stopUnlessBusy(step, instance);
    case 'Terminated':
      return terminate(step, instance);
  }
}

async function startIfStopped(step: WorkerStepContext, instance: CloudInstance): Promise<void> {
  if (instance.state === 'stopping') step.requeueAfter(step.timings.transitionPollMs);
  if (instance.state !== 'stopped') return;
  if (await whenStateAllows(step, () => step.cloud.start(instance.id, { signal: step.signal })))
    step.draft.moveToward('Starting', 'Started: desiredState Running');
}

async function stopUnlessBusy(step: WorkerStepContext, instance: CloudInstance): Promise<void> {
  const { draft } = step;
  if (instance.state === 'pending') step.requeueAfter(step.timings.transitionPollMs);
  if (instance.state !== 'running') return;
  const busy = computeAllocations(step.worker);
  if (busy.length > 0 && !drainTimedOut(step)) {
    const holders = busy.map(({ holder }) =>
      [holder.namespace, holder.name].filter(Boolean).join('/'),
    );
    draft.condition({
      type: 'StopBlocked',
      status: 'True',
      reason: 'AllocationsHoldCompute',
      message: `desiredState is Stopped, but ${busy.length} allocation(s) still hold compute (${holders.join(', ')}); the worker stops once they are released`,
    });
    return;
  }
  draft.condition({ type: 'StopBlocked', status: 'False', reason: 'Stopping' });
  if (await whenStateAllows(step, () => step.cloud.stop(instance.id, { signal: step.signal })))
    draft.moveToward('Stopping', 'Stopped: desiredState Stopped');
}

async function terminate(step: WorkerStepContext, instance: CloudInstance): Promise<void> {
  if (instance.state === 'shutting-down' || instance.state === 'terminated') return;
  await step.cloud.terminate(instance.id, { signal: step.signal, launchedAt: instance.launchTime });
  step.draft.moveToward('Terminating', 'Terminated: desiredState Terminated');
  step.requeueAfter(step.timings.transitionPollMs);
}

/**
 * Runs a start or stop; false on a `Conflict` (the instance is between states, e.g. still
 * stopping), which means "not yet": look again shortly instead of failing the reconcile.
 */
async function whenStateAllows(
  step: WorkerStepContext,
  call: () => Promise<unknown>,
): Promise<boolean> {
  step.requeueAfter(step.timings.transitionPollMs);
  try {
    await call();
    return true;
  } catch (error) {
    if (!hasReason(error, 'Conflict')) throw error;
    step.logger.debug({ err: error }, 'the instance is between states; trying again shortly');
    return false;
  }
}
