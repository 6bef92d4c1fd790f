/**
 * CML versions compared as versions, never as strings (so 2.10 > 2.9): numeric segments only,
 * build and pre-release suffixes ignored ("2.9.1+b12" is 2.9.1).
 */

/** A definition's `spec.image` bounds, parsed; a bound that is not a version is kept as text. */
export interface CmlVersionRange {
  min?: number[];
  max?: number[];
  /** The bounds as written, for messages. */
  text: { min?: string; max?: string };
  /** A bound that names no version (e.g. "latest"): nothing can satisfy it (fail closed). */
  invalid?: string;
}

/** Leading dotted numbers of a version ("2.9.1+b12" → [2, 9, 1]); undefined when there are none. */
export function parseCmlVersion(text: string): number[] | undefined {
  const match = /\d+(?:\.\d+)*/.exec(text);
  return match ? match[0].split('.').map(Number) : undefined;
}

/** The version an AMI name pattern names ("CML-2.9*" → [2, 9]); a bare number is not a version. */
export function versionInAmiPattern(pattern: string): number[] | undefined {
  const match = /\d+(?:\.\d+)+/.exec(pattern);
  return match ? match[0].split('.').map(Number) : undefined;
}

/** Compares the first `segments` segments, a missing segment counting as 0. */
export function compareVersions(
  a: readonly number[],
  b: readonly number[],
  segments = Math.max(a.length, b.length),
): number {
  for (let index = 0; index < segments; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

export function parseCmlVersionRange(min?: string, max?: string): CmlVersionRange {
  const range: CmlVersionRange = { text: { min, max } };
  for (const [key, bound] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (bound === undefined) continue;
    const parsed = parseCmlVersion(bound);
    if (parsed) range[key] = parsed;
    else range.invalid = bound;
  }
  return range;
}

export function hasCmlConstraint(range: CmlVersionRange): boolean {
  return range.min !== undefined || range.max !== undefined || range.invalid !== undefined;
}

/**
 * Whether a worker's version is within the bounds, both inclusive. The upper bound is compared at
 * its own precision, so `max: "2.9"` admits every 2.9.x; the lower bound pads with zeros, so
 * `min: "2.9"` admits 2.9.1 and `min: "2.9.3"` rejects 2.9.
 */
export function cmlVersionWithin(version: readonly number[], range: CmlVersionRange): boolean {
  if (range.invalid !== undefined) return false;
  if (range.min && compareVersions(version, range.min) < 0) return false;
  return !range.max || compareVersions(version, range.max, range.max.length) <= 0;
}

/**
 * Whether some version with this prefix (an AMI pattern's "2.9" stands for 2.9.x) can be within
 * the bounds: each bound is compared at the shorter of the two precisions.
 */
export function cmlPrefixMayFit(prefix: readonly number[], range: CmlVersionRange): boolean {
  if (range.invalid !== undefined) return false;
  const { min, max } = range;
  if (min && compareVersions(prefix, min, Math.min(prefix.length, min.length)) < 0) return false;
  return !max || compareVersions(prefix, max, Math.min(prefix.length, max.length)) <= 0;
}

/** "2.9–2.10", "≥ 2.9" or "≤ 2.10", for messages. */
export function formatCmlRange(range: CmlVersionRange): string {
  const { min, max } = range.text;
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  return min !== undefined ? `≥ ${min}` : `≤ ${max ?? '?'}`;
}
