/**
 * The dashboard may import only types from the server's code (STYLE.md 3.1), so it keeps copies
 * of the phase lists and of the role table. These tests keep the copies in step with the server:
 * a phase added to a kind, or a verb granted to a role, fails here until the dashboard follows.
 * (A test, so it may read the server's tables; eslint.config.js exempts it from the ui rule.)
 */
import { describe, expect, it } from 'vitest';
import { authorize } from '../../auth/access-policy.js';
import type { Principal } from '../../auth/principal.js';
import { SESSION_OUTCOMES, SESSION_PHASES } from '../../resources/kinds/lablet-session.js';
import { WORKER_PHASES } from '../../resources/kinds/worker.js';
import {
  SESSION_OUTCOMES as UI_SESSION_OUTCOMES,
  SESSION_PHASE_ORDER,
  WORKER_PHASE_ORDER,
} from './phases';
import { can } from './permissions';

const ROLES: Principal['roles'][number][] = ['admin', 'manager', 'author', 'user', 'controller'];
const KINDS = ['Worker', 'LabletDefinition', 'LabletSession', 'Reservation', 'ScoreReport'];
const VERBS = [
  'watch',
  'create',
  'delete',
  'action:stop',
  'action:collect',
  'action:extend',
  'action:drain',
  'action:cancel-drain',
  'action:cordon',
  'action:uncordon',
  'action:start',
  'action:confirm',
  'action:cancel',
  'action:activate',
  'action:deprecate',
] as const;

describe("the dashboard's copies of server tables", () => {
  it('lists the phases and outcomes the kinds define, in their order', () => {
    expect([...WORKER_PHASE_ORDER]).toEqual([...WORKER_PHASES]);
    expect([...SESSION_PHASE_ORDER]).toEqual([...SESSION_PHASES]);
    expect([...UI_SESSION_OUTCOMES]).toEqual([...SESSION_OUTCOMES]);
  });

  it('offers a role exactly the verbs the API allows it on each kind', () => {
    const differences: string[] = [];
    for (const role of ROLES)
      for (const kind of KINDS)
        for (const verb of VERBS) {
          const principal = { id: 'u1', username: 'u1', roles: [role], via: 'password' as const };
          const server = authorize(principal, verb, kind).allowed;
          const dashboard = can({ ...principal, roles: [role] }, verb, kind);
          if (server !== dashboard)
            differences.push(`${role} ${verb} ${kind}: API ${server}, dashboard ${dashboard}`);
        }
    expect(differences).toEqual([]);
  });
});
