/**
 * Step: the CML licence toward `spec.license` — Register with the token read from the secret the
 * spec names (never logged, never written), or Deregister — then record `status.cml.license` and
 * the LicenseValid condition from `/licensing`.
 */
import { hasReason, isLcmError } from '../../../errors/index.js';
import type { CmlClient } from '../../../providers/cml/cml-client.js';
import type { CmlLicensingStatus } from '../../../providers/cml/cml-wire-types.js';
import { isRegistering, licenseCondition, toWorkerLicense } from '../cml-license-status.js';
import type { WorkerStepContext } from '../worker-step-context.js';

export async function reconcileLicense(step: WorkerStepContext, cml: CmlClient): Promise<void> {
  const { draft } = step;
  let licensing = await cml.licensing();
  const outcome = await applyLicenseAction(step, cml, licensing);
  if (outcome === 'acted') licensing = await cml.licensing();
  const license = toWorkerLicense(licensing, draft.status.metrics?.nodesRunning ?? 0);
  draft.set('cml', { ...draft.status.cml, license });
  // A failed action keeps its own LicenseValid condition (which says what to fix).
  if (outcome !== 'failed') draft.condition(licenseCondition(licensing, license));
  if (isRegistering(licensing)) step.requeueAfter(step.timings.transitionPollMs);
}

/**
 * Registers or deregisters when the spec asks and CML is not there yet. `'acted'` when a request
 * was sent, `'failed'` when it could not be (a condition says why), `undefined` when none was due.
 */
async function applyLicenseAction(
  step: WorkerStepContext,
  cml: CmlClient,
  licensing: CmlLicensingStatus,
): Promise<'acted' | 'failed' | undefined> {
  const license = step.worker.spec.license;
  const registration = licensing.registration.status;
  if (license?.action === 'Deregister' && registration === 'COMPLETED') {
    await whenAllowed(() => cml.deregisterLicense());
    return 'acted';
  }
  if (license?.action !== 'Register' || registration === 'COMPLETED' || isRegistering(licensing))
    return undefined;
  if (registration === 'FAILED' && !retryDue(step, licensing)) return undefined;
  let token: string;
  try {
    token = await step.secrets.read(license.tokenSecret);
  } catch (error) {
    if (!isLcmError(error) || error.reason === 'Unavailable') throw error;
    return fail(step, 'TokenUnavailable', `licence token secret: ${error.message}`);
  }
  try {
    await whenAllowed(() => cml.registerLicense({ token }));
  } catch (error) {
    if (!hasReason(error, 'Invalid')) throw error;
    return fail(step, 'TokenRejected', `CML refused the token in secret "${license.tokenSecret}"`);
  }
  step.logger.info({ tokenSecret: license.tokenSecret }, 'licence registration requested');
  return 'acted';
}

/** A refused registration is tried again `licenseRetryMs` after CML's last attempt. */
function retryDue(step: WorkerStepContext, licensing: CmlLicensingStatus): boolean {
  const attempted = Date.parse(licensing.registration.register_time.attempted ?? '');
  if (Number.isNaN(attempted)) return true;
  const waitMs = attempted + step.timings.licenseRetryMs - step.draft.now.getTime();
  if (waitMs <= 0) return true;
  step.requeueAfter(waitMs);
  return false;
}

function fail(step: WorkerStepContext, reason: string, message: string): 'failed' {
  step.draft.condition({ type: 'LicenseValid', status: 'False', reason, message });
  step.requeueAfter(step.timings.pollIntervalMs);
  return 'failed';
}

/** CML answers Conflict while another licensing operation runs: the next poll looks again. */
async function whenAllowed(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!hasReason(error, 'Conflict')) throw error;
  }
}
