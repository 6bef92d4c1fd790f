/** What one session asks of a worker, read once per placement from its pinned definition. */
import type { Quantity } from '../../../resources/kinds/common-schemas.js';
import type { LabletDefinition } from '../../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../../resources/kinds/lablet-session.js';
import type { LicenseType } from '../../../resources/kinds/worker-template.js';
import { parseCmlVersionRange, type CmlVersionRange } from './cml-version.js';

export interface PlacementNeed {
  requirement: Quantity;
  /** Empty = any licence. */
  affinity: readonly LicenseType[];
  cmlRange: CmlVersionRange;
  /** `spec.image.nodeDefinitions` ∪ `status.nodeDefinitions` (the topology's). */
  nodeDefinitions: readonly string[];
  portTemplate: readonly { name: string; protocol: string }[];
  /** The topology hash a reusable lab must match; absent when `labReuse` is off or not derived. */
  reuseHash?: string;
  /** The end of the session's timeslot, when it has one. */
  until?: string;
}

export function derivePlacementNeed(
  definition: LabletDefinition,
  session: LabletSession,
  requirement: Quantity,
): PlacementNeed {
  const { spec, status } = definition;
  const need: PlacementNeed = {
    requirement,
    affinity: spec.licenseAffinity,
    cmlRange: parseCmlVersionRange(spec.image.cmlVersionMin, spec.image.cmlVersionMax),
    nodeDefinitions: [
      ...new Set([...(spec.image.nodeDefinitions ?? []), ...(status?.nodeDefinitions ?? [])]),
    ],
    portTemplate: status?.portTemplate ?? [],
  };
  if (spec.labReuse && status?.topologyHash) need.reuseHash = status.topologyHash;
  if (session.spec.timeslot) need.until = session.spec.timeslot.end;
  return need;
}
