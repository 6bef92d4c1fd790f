/** Tests for the role list and its guard. */
import { describe, expect, it } from 'vitest';
import { ROLES, isRole } from './roles.js';

describe('isRole', () => {
  it('accepts every listed role', () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
  });

  it('rejects unknown names, other cases and non-strings', () => {
    for (const value of ['root', 'Admin', '', ' admin', undefined, null, 1, ['admin'], {}])
      expect(isRole(value)).toBe(false);
  });
});
