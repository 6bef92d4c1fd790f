/**
 * Step: look at the worker's instance in the cloud and record what it is — addresses, image and
 * the phase its state implies. An instance the cloud no longer knows makes the worker Terminated.
 */
import { hasReason } from '../../../errors/index.js';
import {
  NOT_YET_VISIBLE_MS,
  type CloudInstance,
  type InstanceState,
} from '../../../providers/cloud/cloud-provider.js';
import type { WorkerPhase, WorkerStatus } from '../../../resources/kinds/worker.js';
import type { WorkerStatusDraft } from '../worker-status-draft.js';
import type { WorkerStepContext } from '../worker-step-context.js';

/** Cloud states that change by themselves soon: look again shortly. */
const TRANSITIONAL: ReadonlySet<InstanceState> = new Set(['pending', 'stopping', 'shutting-down']);

/** The described instance, or `undefined` when it is gone or not visible yet. */
export async function observeInstance(step: WorkerStepContext): Promise<CloudInstance | undefined> {
  const { draft, cloud, signal, timings } = step;
  const instanceId = draft.status.instanceId as string;
  let instance: CloudInstance;
  try {
    instance = await cloud.describe(instanceId, { signal });
  } catch (error) {
    if (!hasReason(error, 'NotFound')) throw error;
    if (launchedWithin(draft.status, draft.now.getTime(), NOT_YET_VISIBLE_MS)) {
      // EC2 lists a fresh instance only after a while: not gone, just not visible yet.
      step.requeueAfter(timings.transitionPollMs);
      return undefined;
    }
    draft.moveToward('Terminated', `Instance ${instanceId} no longer exists in the cloud`);
    return undefined;
  }
  recordInstance(draft, instance);
  draft.moveToward(phaseForCloudState(instance.state, draft.phase), `Cloud: ${instance.state}`);
  if (TRANSITIONAL.has(instance.state)) step.requeueAfter(timings.transitionPollMs);
  return instance;
}

/** Records the instance's id, image and addresses (a restart brings a new public IP). */
export function recordInstance(draft: WorkerStatusDraft, instance: CloudInstance): void {
  draft.set('instanceId', instance.id);
  draft.set('amiId', instance.amiId);
  draft.set('privateIp', instance.privateIp);
  draft.set('publicIp', instance.publicIp);
}

/**
 * The phase a cloud state implies. `running` means Starting until CML answers (the readiness step
 * promotes it); a Running or Draining worker stays as it is.
 */
export function phaseForCloudState(state: InstanceState, current: WorkerPhase): WorkerPhase {
  switch (state) {
    case 'pending':
      return ['Pending', 'Provisioning', 'Unknown', 'Failed'].includes(current)
        ? 'Provisioning'
        : 'Starting';
    case 'running':
      return current === 'Running' || current === 'Draining' ? current : 'Starting';
    case 'stopping':
      return 'Stopping';
    case 'stopped':
      return 'Stopped';
    case 'shutting-down':
      return 'Terminating';
    case 'terminated':
      return 'Terminated';
  }
}

/** True when the worker's last move to Provisioning (its launch) was less than `ms` ago. */
export function launchedWithin(
  status: WorkerStatus | undefined,
  nowMs: number,
  ms: number,
): boolean {
  const launch = status?.history?.findLast((entry) => entry.to === 'Provisioning');
  return launch !== undefined && nowMs - Date.parse(launch.at) < ms;
}
