/** Kubernetes label selectors: parsing, errors and matching. */
import { describe, expect, it } from 'vitest';
import { matchesLabelSelector, parseLabelSelector } from './label-selector.js';

describe('label selectors', () => {
  it('parses every Kubernetes form', () => {
    expect(parseLabelSelector('a=b, c==d, e!=f, g in (h, i), j notin (k), l, !m')).toEqual([
      { key: 'a', operator: 'In', values: ['b'] },
      { key: 'c', operator: 'In', values: ['d'] },
      { key: 'e', operator: 'NotIn', values: ['f'] },
      { key: 'g', operator: 'In', values: ['h', 'i'] },
      { key: 'j', operator: 'NotIn', values: ['k'] },
      { key: 'l', operator: 'Exists', values: [] },
      { key: 'm', operator: 'DoesNotExist', values: [] },
    ]);
    expect(parseLabelSelector('lcm.io/worker=w-1')).toEqual([
      { key: 'lcm.io/worker', operator: 'In', values: ['w-1'] },
    ]);
    expect(parseLabelSelector('')).toEqual([]);
  });

  it.each(['a=(b)', 'a in b', '=b', 'a b'])('rejects %j as Invalid on labelSelector', (text) => {
    expect(() => parseLabelSelector(text)).toThrow(
      expect.objectContaining({ reason: 'Invalid', details: { field: 'labelSelector' } }),
    );
  });

  it('matches labels', () => {
    const selector = parseLabelSelector('tier in (gold,silver),!legacy,env!=dev');
    expect(matchesLabelSelector(selector, { tier: 'gold' })).toBe(true);
    expect(matchesLabelSelector(selector, { tier: 'gold', env: 'dev' })).toBe(false);
    expect(matchesLabelSelector(selector, { tier: 'gold', legacy: 'y' })).toBe(false);
    expect(matchesLabelSelector(selector, undefined)).toBe(false);
    expect(matchesLabelSelector([], undefined)).toBe(true);
  });
});
