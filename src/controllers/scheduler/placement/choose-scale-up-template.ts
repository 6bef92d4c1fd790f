/**
 * The template to scale up from when no worker fits: the cheapest enabled one that can hold the
 * session (capacity, licence, port range, and the CML version its AMI pattern names, if any).
 */
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import { cmlPrefixMayFit, formatCmlRange, versionInAmiPattern } from './cml-version.js';
import { formatPortRange } from './assign-ports.js';
import {
  DIMENSIONS,
  amountFits,
  formatAmount,
  formatNumber,
  formatQuantity,
} from './free-capacity.js';
import { PERSONAL_NODE_LIMIT, licenseSatisfies } from './license-tiers.js';
import type { PlacementNeed } from './placement-need.js';

/** The template to launch, or why there is none (for a Wait decision). */
export type ScaleUpChoice = { template: WorkerTemplate } | { template?: undefined; reason: string };

/** At most this many templates are named in a Wait reason, to keep it readable. */
const NAMED_IN_REASON = 5;

/** Cheapest fitting enabled template, ties broken by name; or why there is none. */
export function chooseScaleUpTemplate(
  templates: readonly WorkerTemplate[],
  need: PlacementNeed,
): ScaleUpChoice {
  const enabled = templates.filter((template) => template.spec.enabled).sort(byCostThenName);
  if (enabled.length === 0) return { reason: 'no WorkerTemplate is enabled' };
  if (need.cmlRange.invalid !== undefined)
    return { reason: `the definition's CML bound "${need.cmlRange.invalid}" is not a version` };
  const shortfalls: string[] = [];
  for (const template of enabled) {
    const shortfall = templateShortfall(template, need);
    if (shortfall === undefined) return { template };
    shortfalls.push(`${template.metadata.name}: ${shortfall}`);
  }
  const named = shortfalls.slice(0, NAMED_IN_REASON).join('; ');
  const more =
    shortfalls.length > NAMED_IN_REASON ? `; …${shortfalls.length - NAMED_IN_REASON} more` : '';
  return {
    reason: `no enabled template can hold ${formatQuantity(need.requirement)} (${named}${more})`,
  };
}

/**
 * Why a new worker from `template` could not take the session, or undefined when it could. A new
 * worker's CML version is unknown: it is assumed to fit unless the AMI name pattern names a
 * version outside the definition's bounds (e.g. "CML-2.8*" against min 2.9). Node definitions
 * are unknown too and assumed available.
 */
export function templateShortfall(
  template: WorkerTemplate,
  need: PlacementNeed,
): string | undefined {
  const { spec } = template;
  if (!licenseSatisfies(spec.licenseType, need.affinity))
    return `licence ${spec.licenseType} does not satisfy ${need.affinity.join(' or ')}`;
  const short = DIMENSIONS.filter(
    (dimension) => !amountFits(need.requirement[dimension], spec.capacity[dimension]),
  );
  if (short.length > 0)
    return `holds ${short.map((dimension) => formatAmount(dimension, spec.capacity[dimension])).join(', ')}`;
  if (spec.licenseType === 'personal' && need.requirement.nodes > PERSONAL_NODE_LIMIT)
    return `personal licence runs at most ${PERSONAL_NODE_LIMIT} nodes, needs ${formatNumber(need.requirement.nodes)}`;
  const portCount = spec.ports.to - spec.ports.from + 1;
  if (portCount < need.portTemplate.length)
    return `port range ${formatPortRange(spec.ports)} has ${Math.max(0, portCount)} ports, needs ${need.portTemplate.length}`;
  return amiShortfall(template, need);
}

function amiShortfall(template: WorkerTemplate, need: PlacementNeed): string | undefined {
  const pattern = template.spec.image.amiNamePattern;
  const version = pattern === undefined ? undefined : versionInAmiPattern(pattern);
  if (version === undefined || cmlPrefixMayFit(version, need.cmlRange)) return undefined;
  return `AMI ${pattern ?? ''} is outside CML ${formatCmlRange(need.cmlRange)}`;
}

function byCostThenName(a: WorkerTemplate, b: WorkerTemplate): number {
  const byCost = a.spec.costPerHour - b.spec.costPerHour;
  if (byCost !== 0) return byCost;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
