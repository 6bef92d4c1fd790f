/** Tests for the system principal. */
import { describe, expect, it } from 'vitest';
import { systemPrincipal } from './principal.js';

describe('systemPrincipal', () => {
  it('names the component in a system: id with admin rights', () => {
    expect(systemPrincipal('bootstrap')).toEqual({
      id: 'system:bootstrap',
      username: 'system:bootstrap',
      roles: ['admin'],
      via: 'system',
    });
  });

  it('returns a frozen value that callers cannot escalate', () => {
    const principal = systemPrincipal('gc');
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.roles)).toBe(true);
  });
});
