/**
 * SPEC.md "Roles", written by hand from the table (not derived from the policy code), asserted
 * through the real API: what each role may and may not do, and what an anonymous caller reaches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startApiWorld, type ApiWorld } from '../support/api-world.js';
import { aDefinition, aReservation, aSession } from '../support/builders.js';
import { SEEDED_NAMES, seedEveryKind } from './seed-every-kind.js';

const V1 = '/apis/lcm/v1';
const NS = `${V1}/namespaces/default`;
const DEFINITIONS = `${NS}/labletdefinitions`;
const SESSIONS = `${NS}/labletsessions`;
const WORKER = `${V1}/workers/${SEEDED_NAMES.Worker}`;
const ALL_COLLECTIONS = [
  `${V1}/workertemplates`,
  `${V1}/workers`,
  DEFINITIONS,
  SESSIONS,
  `${NS}/scorereports`,
  `${NS}/reservations`,
  `${V1}/labrecords`,
  `${V1}/leases`,
];
/** Every seeded object's URL, for "writes the status of any kind". */
const SEEDED_OBJECTS = [
  `${V1}/workertemplates/${SEEDED_NAMES.WorkerTemplate}`,
  WORKER,
  `${DEFINITIONS}/${SEEDED_NAMES.LabletDefinition}`,
  `${SESSIONS}/${SEEDED_NAMES.LabletSession}`,
  `${NS}/scorereports/${SEEDED_NAMES.ScoreReport}`,
  `${NS}/reservations/${SEEDED_NAMES.Reservation}`,
  `${V1}/labrecords/${SEEDED_NAMES.LabRecord}`,
  `${V1}/leases/${SEEDED_NAMES.Lease}`,
];

describe('SPEC.md "Roles"', () => {
  let world: ApiWorld;
  let created = 0;
  const unique = (prefix: string) => `${prefix}-${++created}`;

  beforeAll(async () => {
    world = await startApiWorld();
    await seedEveryKind(world.local, 'user');
    await world.local.create(aDefinition('draft-definition', { family: 'draft' }));
  });
  afterAll(async () => world.close());

  const statusOf = async (...args: Parameters<ApiWorld['request']>) =>
    (await world.request(...args)).status;

  /** A definition of its own family, so versions never collide. */
  const aFreshDefinition = (name: string) => aDefinition(name, { family: name });

  describe('author', () => {
    it('creates, updates, activates and deprecates definitions', async () => {
      const name = unique('authored');
      expect(await statusOf('author', 'POST', DEFINITIONS, aFreshDefinition(name))).toBe(201);
      const patch = { spec: { displayName: 'Edited' } };
      expect(await statusOf('author', 'PATCH', `${DEFINITIONS}/${name}`, patch)).toBe(200);
      expect(await statusOf('author', 'POST', `${DEFINITIONS}/${name}/activate`)).toBe(200);
      expect(await statusOf('author', 'POST', `${DEFINITIONS}/${name}/deprecate`)).toBe(200);
    });

    it('reads every definition, Draft ones too', async () => {
      expect(await statusOf('author', 'GET', `${DEFINITIONS}/draft-definition`)).toBe(200);
    });

    it('may not create sessions', async () => {
      const session = aSession(unique('s'), {
        definition: { name: SEEDED_NAMES.LabletDefinition },
        owner: { userId: 'author' },
      });
      expect(await statusOf('author', 'POST', SESSIONS, session)).toBe(403);
    });
  });

  describe('manager', () => {
    it('drains, cordons, starts and stops workers', async () => {
      for (const action of ['drain', 'cordon', 'start', 'stop'])
        expect(await statusOf('manager', 'POST', `${WORKER}/${action}`), action).toBe(200);
    });

    it('creates, stops and deletes sessions, and deletes reservations', async () => {
      const name = unique('managed');
      const session = aSession(name, {
        definition: { name: SEEDED_NAMES.LabletDefinition },
        owner: { userId: 'student-1' },
      });
      expect(await statusOf('manager', 'POST', SESSIONS, session)).toBe(201);
      expect(await statusOf('manager', 'POST', `${SESSIONS}/${name}/stop`)).toBe(200);
      expect(await statusOf('manager', 'DELETE', `${SESSIONS}/${name}`)).toBe(200);
      const reservation = unique('class');
      const definition = { definition: { name: SEEDED_NAMES.LabletDefinition } };
      await world.local.create(aReservation(reservation, definition));
      expect(await statusOf('manager', 'DELETE', `${NS}/reservations/${reservation}`)).toBe(200);
    });

    it('reads every kind', async () => {
      for (const path of ALL_COLLECTIONS) expect(await statusOf('manager', 'GET', path)).toBe(200);
    });

    it('may not create or activate definitions', async () => {
      expect(await statusOf('manager', 'POST', DEFINITIONS, aFreshDefinition(unique('d')))).toBe(
        403,
      );
      expect(await statusOf('manager', 'POST', `${DEFINITIONS}/draft-definition/activate`)).toBe(
        403,
      );
    });
  });

  describe('controller', () => {
    it('writes the status of an object of any kind', async () => {
      for (const path of SEEDED_OBJECTS) {
        const response = await world.request('controller', 'PATCH', `${path}/status`, {
          status: {},
        });
        // A ScoreReport is immutable (SPEC.md): its write is Invalid, not Forbidden.
        const expected = path.includes('/scorereports/') ? 422 : 200;
        expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(expected);
      }
    });

    it('reads every kind', async () => {
      for (const path of ALL_COLLECTIONS)
        expect(await statusOf('controller', 'GET', path)).toBe(200);
    });

    it('may not create definitions', async () => {
      expect(await statusOf('controller', 'POST', DEFINITIONS, aFreshDefinition(unique('d')))).toBe(
        403,
      );
    });
  });

  describe('user', () => {
    it('reads Active definitions only', async () => {
      const active = `${DEFINITIONS}/${SEEDED_NAMES.LabletDefinition}`;
      expect(await statusOf('user', 'GET', active)).toBe(200);
      expect(await statusOf('user', 'GET', `${DEFINITIONS}/draft-definition`)).toBe(404);
      const list = await world.request('user', 'GET', DEFINITIONS);
      const items = list.body.items as { spec: { state: string } }[];
      const states = items.map((item) => item.spec.state);
      expect(states.length).toBeGreaterThan(0);
      expect(new Set(states)).toEqual(new Set(['Active']));
    });

    it('creates a session for themself, and for nobody else', async () => {
      const own = {
        definition: { name: SEEDED_NAMES.LabletDefinition },
        owner: { userId: 'user' },
      };
      expect(await statusOf('user', 'POST', SESSIONS, aSession(unique('own'), own))).toBe(201);
      const other = { ...own, owner: { userId: 'user2' } };
      expect(await statusOf('user', 'POST', SESSIONS, aSession(unique('other'), other))).toBe(403);
    });

    it('reads and stops their own session, and reads their own report', async () => {
      expect(await statusOf('user', 'GET', `${SESSIONS}/${SEEDED_NAMES.LabletSession}`)).toBe(200);
      const stop = `${SESSIONS}/${SEEDED_NAMES.LabletSession}/stop`;
      expect(await statusOf('user', 'POST', stop)).toBe(200);
      const report = `${NS}/scorereports/${SEEDED_NAMES.ScoreReport}`;
      expect(await statusOf('user', 'GET', report)).toBe(200);
    });

    it('may not touch workers, definitions or the fleet', async () => {
      expect(await statusOf('user', 'POST', `${WORKER}/drain`)).toBe(403);
      expect(await statusOf('user', 'GET', `${V1}/workers`)).toBe(403);
      expect(await statusOf('user', 'POST', DEFINITIONS, aFreshDefinition(unique('d')))).toBe(403);
    });
  });

  describe('anonymous', () => {
    it('reaches /healthz, /readyz and login', async () => {
      expect(await statusOf('anonymous', 'GET', '/healthz')).toBe(200);
      expect(await statusOf('anonymous', 'GET', '/readyz')).toBe(200);
      const login = { username: 'admin', password: ADMIN_PASSWORD };
      expect(await statusOf('anonymous', 'POST', '/api/auth/login', login)).toBe(200);
    });

    it('is refused everything else with 401', async () => {
      const guarded = [...ALL_COLLECTIONS, '/metrics', '/api/users', '/api/audit', '/api/auth/me'];
      for (const path of guarded) expect(await statusOf('anonymous', 'GET', path), path).toBe(401);
    });
  });
});
