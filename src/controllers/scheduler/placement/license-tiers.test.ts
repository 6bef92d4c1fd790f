import { describe, expect, it } from 'vitest';
import type { LicenseType } from '../../../resources/kinds/worker-template.js';
import { licenseSatisfies } from './license-tiers.js';

describe('licence lattice', () => {
  it.each<[LicenseType, LicenseType, boolean]>([
    ['enterprise', 'enterprise', true],
    ['enterprise', 'personal', true],
    ['enterprise', 'evaluation', false],
    ['personal', 'enterprise', false],
    ['personal', 'personal', true],
    ['personal', 'evaluation', false],
    ['evaluation', 'enterprise', false],
    ['evaluation', 'personal', false],
    ['evaluation', 'evaluation', true],
  ])('a %s worker satisfies a %s affinity: %s', (tier, wanted, expected) => {
    expect(licenseSatisfies(tier, [wanted])).toBe(expected);
  });

  it('takes any tier, even an unknown one, when the affinity is empty', () => {
    expect(licenseSatisfies('evaluation', [])).toBe(true);
    expect(licenseSatisfies(undefined, [])).toBe(true);
  });

  it('is satisfied by matching any one entry of the affinity list', () => {
    expect(licenseSatisfies('evaluation', ['personal', 'evaluation'])).toBe(true);
    expect(licenseSatisfies(undefined, ['personal'])).toBe(false);
  });
});
