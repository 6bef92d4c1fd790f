/** What the dashboard offers each role (SPEC.md "Roles"). */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../api/auth-api';
import { can, isOperator, streamKinds } from './permissions';

const as = (role: string): Principal => ({
  id: 'u1',
  username: 'u1',
  roles: [role],
  via: 'builtin',
});
const owned = (userId: string) => ({ spec: { owner: { userId } } });

describe('permissions', () => {
  it('offers managers the fleet and session actions, but not definition changes', () => {
    expect(can(as('manager'), 'action:drain', 'Worker')).toBe(true);
    expect(can(as('manager'), 'action:extend', 'LabletSession')).toBe(true);
    expect(can(as('manager'), 'action:activate', 'LabletDefinition')).toBe(false);
    expect(isOperator(as('manager'))).toBe(true);
  });

  it('offers a user stop and collect on their own sessions only, and no extend', () => {
    expect(can(as('user'), 'action:stop', 'LabletSession', owned('u1'))).toBe(true);
    expect(can(as('user'), 'action:stop', 'LabletSession', owned('someone'))).toBe(false);
    expect(can(as('user'), 'action:extend', 'LabletSession', owned('u1'))).toBe(false);
    expect(isOperator(as('user'))).toBe(false);
    expect(streamKinds(as('user'))).toEqual(['LabletDefinition', 'LabletSession', 'ScoreReport']);
  });

  it('offers authors definition changes and nothing on the fleet', () => {
    expect(can(as('author'), 'create', 'LabletDefinition')).toBe(true);
    expect(can(as('author'), 'action:cordon', 'Worker')).toBe(false);
    expect(streamKinds(as('author'))).toEqual(['LabletDefinition']);
  });

  it('offers admins everything', () => {
    expect(can(as('admin'), 'action:deprecate', 'LabletDefinition')).toBe(true);
    expect(streamKinds(as('admin'))).toHaveLength(6);
  });
});
