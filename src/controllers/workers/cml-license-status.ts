/**
 * CML's `GET /licensing` answer as SPEC's `status.cml.license` and the LicenseValid condition
 * (external-apis.md §1.8: the status mapping; node limit = the product's included nodes plus the
 * licensed expansion nodes — never the sum of `features[].max`). Pure.
 */
import type { Condition } from '../../resources/index.js';
import type { CmlLicensingStatus } from '../../providers/cml/cml-wire-types.js';
import type { WorkerStatus } from '../../resources/kinds/worker.js';

export type WorkerLicense = NonNullable<NonNullable<WorkerStatus['cml']>['license']>;

/** Nodes included in each product licence; others (Enterprise, Education, …) include 20. */
const INCLUDED_NODES: Readonly<Record<string, number>> = { CML_Personal: 20, CML_Personal40: 40 };
const DEFAULT_INCLUDED_NODES = 20;
const EXPANSION_FEATURE = 'CML_NODE_COUNT';

/** True while CML is still working on a registration. */
export function isRegistering(licensing: CmlLicensingStatus): boolean {
  const status = licensing.registration.status;
  return status === 'IN_PROGRESS' || status === 'RETRY_IN_PROGRESS';
}

export function toWorkerLicense(licensing: CmlLicensingStatus, nodesInUse: number): WorkerLicense {
  const status = licenseStatusOf(licensing);
  const product = licensing.product_license;
  const included = INCLUDED_NODES[product.active] ?? DEFAULT_INCLUDED_NODES;
  const expansion =
    licensing.features.find((feature) => feature.name === EXPANSION_FEATURE)?.in_use ?? 0;
  const byStatus: Partial<Record<WorkerLicense['status'], { type: string; nodeLimit: number }>> = {
    Registered: {
      type: product.is_enterprise ? 'enterprise' : 'personal',
      nodeLimit: included + expansion,
    },
    Evaluation: { type: 'evaluation', nodeLimit: included },
  };
  const known = byStatus[status];
  return { status, ...(known ?? { nodeLimit: 0 }), nodesInUse };
}

/** The LicenseValid condition for what `/licensing` says. */
export function licenseCondition(
  licensing: CmlLicensingStatus,
  license: WorkerLicense,
): Omit<Condition, 'lastTransitionTime'> {
  const type = 'LicenseValid';
  if (isRegistering(licensing))
    return { type, status: 'Unknown', reason: 'Registering', message: 'registration in progress' };
  switch (license.status) {
    case 'Registered':
      return { type, status: 'True', reason: 'Registered', message: `${license.type} licence` };
    case 'Evaluation':
      return { type, status: 'True', reason: 'Evaluation', message: 'evaluation licence' };
    case 'Invalid':
      return {
        type,
        status: 'False',
        reason: 'RegistrationFailed',
        message: 'Smart Licensing refused the registration; check the token secret',
      };
    case 'Expired':
      return { type, status: 'False', reason: 'Expired', message: 'the licence expired' };
    case 'Unregistered':
      return { type, status: 'False', reason: 'Unregistered', message: 'no licence registered' };
  }
}

function licenseStatusOf(licensing: CmlLicensingStatus): WorkerLicense['status'] {
  const registration = licensing.registration.status;
  const authorization = licensing.authorization.status;
  if (authorization === 'IN_COMPLIANCE') return 'Registered';
  if (registration === 'FAILED') return 'Invalid';
  if (authorization === 'EVAL') return 'Evaluation';
  if (authorization === 'EVAL_EXPIRED' || authorization === 'OUT_OF_COMPLIANCE') return 'Expired';
  return 'Unregistered';
}
