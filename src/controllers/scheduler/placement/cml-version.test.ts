import { describe, expect, it } from 'vitest';
import {
  cmlPrefixMayFit,
  cmlVersionWithin,
  compareVersions,
  formatCmlRange,
  parseCmlVersion,
  parseCmlVersionRange,
  versionInAmiPattern,
} from './cml-version.js';

function within(version: string, min?: string, max?: string): boolean {
  const parsed = parseCmlVersion(version);
  if (!parsed) throw new Error(`not a version: ${version}`);
  return cmlVersionWithin(parsed, parseCmlVersionRange(min, max));
}

describe('CML version comparison', () => {
  it('orders 2.10 after 2.9, unlike a string comparison', () => {
    expect(compareVersions([2, 10], [2, 9])).toBe(1);
    expect(compareVersions([2, 9], [2, 10])).toBe(-1);
    expect(within('2.10', undefined, '2.9')).toBe(false);
    expect(within('2.10', '2.9')).toBe(true);
  });

  it('ignores build and pre-release suffixes', () => {
    expect(parseCmlVersion('2.9.1+b12')).toEqual([2, 9, 1]);
    expect(parseCmlVersion('v2.8.0-rc1')).toEqual([2, 8, 0]);
    expect(parseCmlVersion('unknown')).toBeUndefined();
  });

  it('admits 2.9.1 above a minimum of 2.9 and pads a shorter version with zeros', () => {
    expect(within('2.9.1', '2.9')).toBe(true);
    expect(within('2.9', '2.9.3')).toBe(false);
    expect(within('2.9.2', '2.9.3')).toBe(false);
  });

  it('includes both bounds', () => {
    expect(within('2.9', '2.9', '2.10')).toBe(true);
    expect(within('2.9.0', '2.9', '2.10')).toBe(true);
    expect(within('2.10.0', '2.9', '2.10.0')).toBe(true);
    expect(within('2.8.9', '2.9', '2.10')).toBe(false);
    expect(within('2.11', '2.9', '2.10')).toBe(false);
  });

  it('reads an upper bound at its own precision, so max 2.9 admits every 2.9.x', () => {
    expect(within('2.9.7', undefined, '2.9')).toBe(true);
    expect(within('2.9.7', undefined, '2.9.6')).toBe(false);
  });

  it('lets nothing satisfy a bound that is not a version', () => {
    const range = parseCmlVersionRange('latest');
    expect(range.invalid).toBe('latest');
    expect(cmlVersionWithin([2, 9], range)).toBe(false);
  });

  it('formats the range for messages', () => {
    expect(formatCmlRange(parseCmlVersionRange('2.9', '2.10'))).toBe('2.9–2.10');
    expect(formatCmlRange(parseCmlVersionRange('2.9'))).toBe('≥ 2.9');
    expect(formatCmlRange(parseCmlVersionRange(undefined, '2.10'))).toBe('≤ 2.10');
  });
});

describe('AMI name patterns', () => {
  it('finds the dotted version a pattern names, not a bare number', () => {
    expect(versionInAmiPattern('CML-2.9*')).toEqual([2, 9]);
    expect(versionInAmiPattern('cml2_2.9.1-b12*')).toEqual([2, 9, 1]);
    expect(versionInAmiPattern('cml2-latest*')).toBeUndefined();
  });

  it('treats a pattern as a prefix: CML-2.9* may hold 2.9.3 but never 2.10', () => {
    expect(cmlPrefixMayFit([2, 9], parseCmlVersionRange('2.9.3'))).toBe(true);
    expect(cmlPrefixMayFit([2, 8], parseCmlVersionRange('2.9'))).toBe(false);
    expect(cmlPrefixMayFit([2, 11], parseCmlVersionRange('2.9', '2.10'))).toBe(false);
    expect(cmlPrefixMayFit([2, 10], parseCmlVersionRange('2.9', '2.10.2'))).toBe(true);
  });
});
