/** The licence lattice (SPEC.md "Worker"): which definition affinities a worker's licence satisfies. */
import type { LicenseType } from '../../../resources/kinds/worker-template.js';

/** What each licence tier satisfies: enterprise also serves personal labs; evaluation only itself. */
const SATISFIES: Readonly<Record<LicenseType, readonly LicenseType[]>> = {
  enterprise: ['enterprise', 'personal'],
  personal: ['personal'],
  evaluation: ['evaluation'],
};

/** A personal licence runs at most this many nodes at once [FR-2.1.4]. */
export const PERSONAL_NODE_LIMIT = 20;

/**
 * Whether a worker of licence `tier` may run a definition with `affinity`: an empty affinity takes
 * any tier (even an unknown one); otherwise the tier must satisfy one of the listed types.
 */
export function licenseSatisfies(
  tier: LicenseType | undefined,
  affinity: readonly LicenseType[],
): boolean {
  if (affinity.length === 0) return true;
  if (tier === undefined) return false;
  const satisfied = SATISFIES[tier];
  return affinity.some((wanted) => satisfied.includes(wanted));
}
