import { describe, expect, it } from 'vitest';
import { assertValidName } from '../../resources/index.js';
import { orphanLabName } from './orphan-lab-name.js';

const ID = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';

describe('orphanLabName', () => {
  it('names the worker and the first 12 hex of the CML lab id', () => {
    expect(orphanLabName('w1', ID)).toBe('orphan-w1-1b2c3d4e5f60');
  });

  it('stays a valid name of at most 63 characters, distinct per long worker name', () => {
    const long = 'worker-in-a-region-with-a-very-long-name-indeed-number';
    const first = orphanLabName(`${long}-1`, ID);
    const second = orphanLabName(`${long}-2`, ID);

    expect(first.length).toBeLessThanOrEqual(63);
    expect(second.length).toBeLessThanOrEqual(63);
    expect(first).not.toBe(second);
    expect(first.endsWith('-1b2c3d4e5f60')).toBe(true);
    expect(() => assertValidName(first)).not.toThrow();
    expect(orphanLabName(`${long}-1`, ID)).toBe(first);
  });
});
