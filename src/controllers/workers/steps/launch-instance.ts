/**
 * Step: a worker without an instance gets one when it should run. Never two: an instance an
 * earlier attempt launched is found by its tags, and a retried launch reuses its client token.
 */
import { isLcmError } from '../../../errors/index.js';
import { CLOUD_TAG_KEYS, type CloudInstance } from '../../../providers/cloud/cloud-provider.js';
import type { WorkerStepContext } from '../worker-step-context.js';
import { recordInstance } from './observe-instance.js';

/** The launched (or found) instance; `undefined` when none is wanted or the launch was refused. */
export async function launchInstance(step: WorkerStepContext): Promise<CloudInstance | undefined> {
  const { worker, draft } = step;
  const desired = worker.spec.desiredState;
  if (desired === 'Terminated') {
    draft.moveToward('Terminated', 'desiredState Terminated before any instance was launched');
    return undefined;
  }
  if (desired !== 'Running') return undefined;
  if (draft.phase === 'Failed') {
    retryAfterFailure(step);
    return undefined;
  }
  if (draft.phase !== 'Pending' && draft.phase !== 'Unknown') return undefined;
  const instance = (await findEarlierLaunch(step)) ?? (await launch(step));
  if (!instance) return undefined;
  recordInstance(draft, instance);
  draft.moveToward('Provisioning', `Launched ${instance.id}`);
  step.requeueAfter(step.timings.transitionPollMs);
  return instance;
}

/**
 * A live instance tagged for this worker and template: launched by an attempt whose result was
 * never recorded (a crash, or a lost status write after the spec changed the client token).
 */
async function findEarlierLaunch(step: WorkerStepContext): Promise<CloudInstance | undefined> {
  const { worker, cloud, signal } = step;
  const tagged = await cloud.listByTag(CLOUD_TAG_KEYS.worker, worker.metadata.name, { signal });
  const found = tagged.find(
    (instance) =>
      instance.tags[CLOUD_TAG_KEYS.template] === worker.spec.template &&
      instance.state !== 'shutting-down' &&
      instance.state !== 'terminated',
  );
  if (found) step.logger.info({ instanceId: found.id }, 'found the instance of an earlier launch');
  return found;
}

async function launch(step: WorkerStepContext): Promise<CloudInstance | undefined> {
  const { worker, template, draft, cloud, signal } = step;
  // One token per spec generation (CloudProvider TSDoc): a retry of the same attempt returns the
  // instance of the first call instead of launching a second one.
  const clientToken = `lcm-${worker.metadata.uid ?? worker.metadata.name}-${worker.metadata.generation ?? 0}`;
  try {
    return await cloud.launch(
      {
        template: { name: template.metadata.name, spec: template.spec },
        workerName: worker.metadata.name,
        clientToken,
      },
      { signal },
    );
  } catch (error) {
    if (!isLcmError(error) || error.reason === 'Unavailable') {
      draft.condition({
        type: 'Ready',
        status: 'False',
        reason: 'LaunchRetrying',
        message: `launch failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
      });
      throw error;
    }
    draft.condition({
      type: 'Ready',
      status: 'False',
      reason: 'LaunchFailed',
      message: error.message,
    });
    draft.moveToward('Failed', `Launch refused (${error.reason})`);
    step.requeueAfter(step.timings.launchRetryMs);
    return undefined;
  }
}

/**
 * A Failed worker goes back to Pending (and so launches on its next reconcile) once
 * `launchRetryMs` has passed since it failed.
 */
function retryAfterFailure(step: WorkerStepContext): void {
  const { draft, timings } = step;
  const failed = draft.status.history?.findLast((entry) => entry.to === 'Failed');
  const waitMs = failed ? Date.parse(failed.at) + timings.launchRetryMs - draft.now.getTime() : 0;
  if (waitMs > 0) step.requeueAfter(waitMs);
  else draft.moveToward('Pending', 'Retrying the launch');
}
