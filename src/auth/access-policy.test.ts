import { describe, expect, it } from 'vitest';
import type { AnyResource } from '../resources/index.js';
import { authorize } from './access-policy.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

const as = (role: Role, id: string = role): Principal => ({
  id,
  username: id,
  roles: [role],
  via: 'password',
});

function session(owner: string): AnyResource {
  return {
    apiVersion: 'lcm/v1',
    kind: 'LabletSession',
    metadata: { name: `s-${owner}`, namespace: 'default' },
    spec: { owner: { userId: owner } },
  };
}

function definition(state: string): AnyResource {
  return {
    apiVersion: 'lcm/v1',
    kind: 'LabletDefinition',
    metadata: { name: `d-${state.toLowerCase()}`, namespace: 'default' },
    spec: { state },
  };
}

describe('authorize', () => {
  it('lets a user act on their own session and hides everyone else’s as not found', () => {
    const alice = as('user', 'alice');
    expect(authorize(alice, 'get', 'LabletSession', session('alice'))).toEqual({ allowed: true });
    expect(authorize(alice, 'action:stop', 'LabletSession', session('alice')).allowed).toBe(true);
    expect(authorize(alice, 'get', 'LabletSession', session('bob'))).toMatchObject({
      allowed: false,
      hide: true,
    });
    expect(authorize(alice, 'action:collect', 'LabletSession', session('bob'))).toMatchObject({
      allowed: false,
      hide: true,
    });
  });

  it('gives a user a list filter that keeps only their own sessions', () => {
    const decision = authorize(as('user', 'alice'), 'list', 'LabletSession');
    expect(decision.allowed).toBe(true);
    const filter = decision.allowed ? decision.filter : undefined;
    expect(filter?.(session('alice'))).toBe(true);
    expect(filter?.(session('bob'))).toBe(false);
  });

  it('forbids (403, not 404) what a role may never do, whatever the object', () => {
    expect(authorize(as('user'), 'delete', 'LabletSession', session('user'))).toMatchObject({
      allowed: false,
      hide: false,
    });
    expect(authorize(as('user'), 'list', 'Worker')).toMatchObject({ allowed: false, hide: false });
    expect(authorize(as('author'), 'create', 'LabletSession')).toMatchObject({ allowed: false });
  });

  it('refuses a user creating a session for someone else with a reason, not a 404', () => {
    expect(authorize(as('user', 'alice'), 'create', 'LabletSession', session('bob'))).toMatchObject(
      {
        allowed: false,
        hide: false,
      },
    );
    expect(
      authorize(as('user', 'alice'), 'create', 'LabletSession', session('alice')).allowed,
    ).toBe(true);
  });

  it('shows users Active definitions only', () => {
    const user = as('user');
    expect(authorize(user, 'get', 'LabletDefinition', definition('Active')).allowed).toBe(true);
    expect(authorize(user, 'get', 'LabletDefinition', definition('Draft'))).toMatchObject({
      allowed: false,
      hide: true,
    });
    expect(authorize(user, 'create', 'LabletDefinition').allowed).toBe(false);
  });

  it('follows SPEC.md "Roles" for managers, authors and controllers', () => {
    expect(authorize(as('manager'), 'action:drain', 'Worker').allowed).toBe(true);
    expect(authorize(as('manager'), 'delete', 'Reservation').allowed).toBe(true);
    expect(authorize(as('manager'), 'create', 'LabletDefinition').allowed).toBe(false);
    expect(authorize(as('manager'), 'create', 'Worker').allowed).toBe(false);
    expect(authorize(as('author'), 'action:activate', 'LabletDefinition').allowed).toBe(true);
    expect(authorize(as('author'), 'get', 'Worker').allowed).toBe(false);
    expect(authorize(as('controller'), 'updateStatus', 'LabletDefinition').allowed).toBe(true);
    expect(authorize(as('controller'), 'update', 'LabletDefinition').allowed).toBe(false);
    expect(authorize(as('controller'), 'create', 'Worker').allowed).toBe(true);
    expect(authorize(as('controller'), 'create', 'CloudEvent').allowed).toBe(true);
    expect(authorize(as('admin'), 'delete', 'WorkerTemplate').allowed).toBe(true);
  });

  it('combines several roles: any rule that allows wins', () => {
    const both: Principal = { id: 'x', username: 'x', roles: ['user', 'author'], via: 'oidc' };
    expect(authorize(both, 'get', 'LabletDefinition', definition('Draft'))).toEqual({
      allowed: true,
    });
  });

  it('allows nothing to a principal without roles', () => {
    const nobody: Principal = { id: 'n', username: 'n', roles: [], via: 'oidc' };
    expect(authorize(nobody, 'list', 'LabletDefinition')).toMatchObject({
      allowed: false,
      hide: false,
    });
  });
});
