/**
 * The placement filters (SPEC.md "Scheduling"), in the order they run: the first that rejects is
 * the worker's verdict, with a message that names the numbers behind it.
 */
import type { Worker } from '../../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import type { RejectionReason } from '../placement-types.js';
import {
  cmlVersionWithin,
  formatCmlRange,
  hasCmlConstraint,
  parseCmlVersion,
} from './cml-version.js';
import { formatPortRange, portRangeOf } from './assign-ports.js';
import {
  amountFits,
  formatAmount,
  formatNumber,
  type Dimension,
  type WorkerCapacity,
} from './free-capacity.js';
import { PERSONAL_NODE_LIMIT, licenseSatisfies } from './license-tiers.js';
import type { PlacementNeed } from './placement-need.js';

export interface Rejection {
  reason: RejectionReason;
  message: string;
}

/** One worker under evaluation; `capacity` and `freePortCount` are computed on first read. */
export interface FilterInput {
  worker: Worker;
  /** The worker's template; undefined when it no longer exists. */
  template: WorkerTemplate | undefined;
  need: PlacementNeed;
  readonly capacity: WorkerCapacity;
  /** How many ports of the template's range are free. */
  readonly freePortCount: number;
}

export type WorkerFilter = (input: FilterInput) => Rejection | undefined;

const reject = (reason: RejectionReason, message: string): Rejection => ({ reason, message });

/** Running takes sessions; Draining is let through so the Draining filter can name it. */
export function notRunning({ worker }: FilterInput): Rejection | undefined {
  const phase = worker.status?.phase;
  if (phase === 'Running' || phase === 'Draining') return undefined;
  return reject('NotRunning', `phase is ${phase ?? 'not yet reported'}, not Running`);
}

export function cordoned({ worker }: FilterInput): Rejection | undefined {
  return worker.spec.unschedulable
    ? reject('Cordoned', 'cordoned (spec.unschedulable): takes no new sessions')
    : undefined;
}

export function draining({ worker }: FilterInput): Rejection | undefined {
  if (worker.spec.drain) return reject('Draining', 'draining (spec.drain): takes no new sessions');
  return worker.status?.phase === 'Draining'
    ? reject('Draining', 'phase is Draining: takes no new sessions')
    : undefined;
}

/** The worker's tier is its template's `licenseType`; a worker whose template is gone has none. */
export function licenseTier({ template, need, worker }: FilterInput): Rejection | undefined {
  const tier = template?.spec.licenseType;
  if (licenseSatisfies(tier, need.affinity)) return undefined;
  const wanted = need.affinity.join(' or ');
  return tier
    ? reject('LicenseTier', `licence ${tier} does not satisfy ${wanted}`)
    : reject(
        'LicenseTier',
        `template ${worker.spec.template} not found, so the licence is unknown; needs ${wanted}`,
      );
}

/** An unknown worker version cannot be shown to satisfy a constraint, so it is rejected. */
export function cmlVersion({ worker, need }: FilterInput): Rejection | undefined {
  const range = need.cmlRange;
  if (!hasCmlConstraint(range)) return undefined;
  if (range.invalid !== undefined)
    return reject('CmlVersion', `the definition's CML bound "${range.invalid}" is not a version`);
  const text = worker.status?.cml?.version;
  const version = text === undefined ? undefined : parseCmlVersion(text);
  if (text === undefined || !version)
    return reject('CmlVersion', `CML version ${text ?? 'unknown'}; needs ${formatCmlRange(range)}`);
  return cmlVersionWithin(version, range)
    ? undefined
    : reject('CmlVersion', `CML ${text}; needs ${formatCmlRange(range)}`);
}

/** A worker that has not reported its node definitions is assumed to offer them all. */
export function nodeDefinitions({ worker, need }: FilterInput): Rejection | undefined {
  const offered = worker.status?.cml?.nodeDefinitions;
  if (!offered || need.nodeDefinitions.length === 0) return undefined;
  const available = new Set(offered);
  const missing = need.nodeDefinitions.filter((id) => !available.has(id));
  return missing.length === 0
    ? undefined
    : reject('NodeDefinitions', `missing node definitions: ${missing.join(', ')}`);
}

function capacityFilter(dimension: Dimension, reason: RejectionReason): WorkerFilter {
  return ({ capacity, need }) => {
    const wanted = need.requirement[dimension];
    const free = Math.max(0, capacity.free[dimension]);
    if (amountFits(wanted, free)) return undefined;
    const declared = formatNumber(capacity.declared[dimension]);
    return reject(
      reason,
      `needs ${formatAmount(dimension, wanted)}, ${formatNumber(free)} free of ${declared}`,
    );
  };
}

export const insufficientCpu = capacityFilter('cpu', 'InsufficientCpu');
export const insufficientMemory = capacityFilter('memoryMiB', 'InsufficientMemory');
export const insufficientStorage = capacityFilter('storageGiB', 'InsufficientStorage');
export const insufficientNodes = capacityFilter('nodes', 'InsufficientNodes');

/**
 * The licence's node limit: the limit CML reports for the worker (any licence: an enterprise
 * licence has one too, and CML refuses to start labs beyond it), and for a personal licence at
 * most 20 even before CML reports one. Nodes CML reports in use are compared with those allocated:
 * the larger is what is taken, so a running allocated lab is not counted twice.
 */
export function licenseNodeLimit({
  template,
  worker,
  capacity,
  need,
}: FilterInput): Rejection | undefined {
  const license = worker.status?.cml?.license;
  const personal = template?.spec.licenseType === 'personal';
  const reported = license?.nodeLimit;
  const limit = personal
    ? Math.min(PERSONAL_NODE_LIMIT, reported ?? PERSONAL_NODE_LIMIT)
    : reported;
  if (limit === undefined) return undefined;
  const inUse = Math.max(license?.nodesInUse ?? 0, capacity.allocated.nodes);
  const total = inUse + need.requirement.nodes;
  if (total <= limit) return undefined;
  return reject(
    'LicenseNodeLimit',
    `${template?.spec.licenseType ?? 'the'} licence allows ${limit} nodes: ${inUse} in use or allocated + ${need.requirement.nodes} needed = ${total}`,
  );
}

export function insufficientPorts({
  freePortCount,
  need,
  template,
}: FilterInput): Rejection | undefined {
  const wanted = need.portTemplate.length;
  if (freePortCount >= wanted) return undefined;
  return reject(
    'InsufficientPorts',
    `needs ${wanted} ports, ${freePortCount} free in ${formatPortRange(portRangeOf(template))}`,
  );
}

/** The only signal today that a worker is going away is its desired state (draining is above). */
export function willNotStayUp({ worker, need }: FilterInput): Rejection | undefined {
  const desired = worker.spec.desiredState;
  if (desired === 'Running') return undefined;
  const until = need.until ? `; the session needs it until ${need.until}` : '';
  return reject('WillNotStayUp', `desired state is ${desired}${until}`);
}

/** Every filter, in the order SPEC.md "Scheduling" lists them. */
export const FILTERS: readonly WorkerFilter[] = [
  notRunning,
  cordoned,
  draining,
  licenseTier,
  cmlVersion,
  nodeDefinitions,
  insufficientCpu,
  insufficientMemory,
  insufficientStorage,
  insufficientNodes,
  licenseNodeLimit,
  insufficientPorts,
  willNotStayUp,
];

/** The first rejection, or undefined when the worker passes every filter. */
export function firstRejection(input: FilterInput): Rejection | undefined {
  for (const filter of FILTERS) {
    const rejection = filter(input);
    if (rejection) return rejection;
  }
  return undefined;
}
