/**
 * Step: is CML on the running instance usable? `system_information` (version, ready) and
 * `system_health` (controller and computes valid) → `status.endpoint`, `status.cml`, the Ready
 * condition, and only then phase Running.
 */
import { isLcmError, type LcmError } from '../../../errors/index.js';
import type { CloudInstance } from '../../../providers/cloud/cloud-provider.js';
import type { CmlClient } from '../../../providers/cml/cml-client.js';
import type {
  CmlSystemHealth,
  CmlSystemInformation,
} from '../../../providers/cml/cml-wire-types.js';
import { defaultCmlEndpoint } from '../fleet-providers.js';
import type { WorkerStepContext } from '../worker-step-context.js';

/** A Running worker whose CML fails this many polls in a row is marked not ready. */
const MISSED_POLLS_BEFORE_UNAVAILABLE = 3;

/** The worker's CML client once CML is ready; `undefined` while it is not (yet). */
export async function checkCmlReadiness(
  step: WorkerStepContext,
  instance: CloudInstance,
): Promise<CmlClient | undefined> {
  const { draft, providers, template } = step;
  const endpoint = providers.cmlEndpointFor
    ? await providers.cmlEndpointFor(instance, template.spec.provider)
    : defaultCmlEndpoint(instance);
  if (!endpoint) {
    step.requeueAfter(step.timings.transitionPollMs);
    return undefined;
  }
  draft.set('endpoint', endpoint);
  const cml = providers.cmlFor(endpoint);
  let info: CmlSystemInformation;
  let health: CmlSystemHealth;
  try {
    info = await cml.systemInformation();
    health = await cml.systemHealth();
  } catch (error) {
    if (!isLcmError(error) || tolerateBlip(step, error)) throw error;
    recordUnreachable(step, error);
    return undefined;
  }
  return recordAnswer(step, info, health) ? cml : undefined;
}

/** CML usable: ready, its controller valid and at least one compute valid (licence aside). */
function isUsable(info: CmlSystemInformation, health: CmlSystemHealth): boolean {
  const computes = Object.values(health.computes);
  return info.ready && health.controller.valid && computes.some((compute) => compute.valid);
}

function recordAnswer(
  step: WorkerStepContext,
  info: CmlSystemInformation,
  health: CmlSystemHealth,
): boolean {
  const { draft } = step;
  const ready = isUsable(info, health);
  draft.set('cml', {
    ...draft.status.cml,
    version: info.version,
    ready,
    service: ready ? 'Available' : 'Starting',
  });
  if (!ready) {
    draft.condition({
      type: 'Ready',
      status: 'False',
      reason: 'CmlStarting',
      message: `CML ${info.version} answers at ${draft.status.endpoint ?? ''} but is not ready yet`,
    });
    step.requeueAfter(step.timings.transitionPollMs);
    return false;
  }
  draft.condition({
    type: 'Ready',
    status: 'True',
    reason: 'CmlReady',
    message: `CML ${info.version} is ready at ${draft.status.endpoint ?? ''}`,
  });
  if (draft.phase !== 'Draining') draft.moveToward('Running', 'CML is ready');
  return true;
}

/**
 * While a Running worker's last successful poll is recent, an outage is retried with backoff (a
 * blip must not flip Ready and unschedule it); after `MISSED_POLLS_BEFORE_UNAVAILABLE` missed
 * polls it is recorded.
 */
function tolerateBlip(step: WorkerStepContext, error: LcmError): boolean {
  const { draft, timings } = step;
  const collectedAt = draft.status.metrics?.collectedAt;
  if (error.reason !== 'Unavailable' || draft.status.cml?.ready !== true || !collectedAt)
    return false;
  const ageMs = draft.now.getTime() - Date.parse(collectedAt);
  return ageMs < MISSED_POLLS_BEFORE_UNAVAILABLE * timings.pollIntervalMs;
}

function recordUnreachable(step: WorkerStepContext, error: LcmError): void {
  const { draft } = step;
  const wasUp = draft.phase === 'Running' || draft.phase === 'Draining';
  const service = error.reason !== 'Unavailable' ? 'Error' : wasUp ? 'Unavailable' : 'Starting';
  draft.set('cml', { ...draft.status.cml, ready: false, service });
  draft.condition({
    type: 'Ready',
    status: 'False',
    reason:
      service === 'Starting' ? 'CmlStarting' : service === 'Error' ? 'CmlError' : 'CmlUnavailable',
    message: error.message,
  });
  step.requeueAfter(
    service === 'Error' ? step.timings.pollIntervalMs : step.timings.transitionPollMs,
  );
}
