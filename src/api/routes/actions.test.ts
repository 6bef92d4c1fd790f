/**
 * Behaviour of the LabletSession actions over real HTTP (stop, collect, extend, explain): their
 * effect on spec, their refusals, the audit record and who may call them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDefinition, aSession } from '../../../test/support/builders.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';
import type { AnyResource } from '../../resources/index.js';

const SESSIONS = '/apis/lcm/v1/namespaces/default/labletsessions';
const START = new Date('2030-01-07T09:00:00.000Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000).toISOString();

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld();
  await world.local.create(
    aDefinition('ccna-1', { state: 'Active', grading: { rulesUri: 'https://grading.test/r' } }),
  );
  await world.local.create(aDefinition('plain-1', { family: 'plain', state: 'Active' }));
});
afterAll(() => world.close());

/** A session of `user` from START to START + 30 min, stepped through `phases` (admission-checked). */
async function aSessionIn(
  name: string,
  phases: string[] = [],
  spec: Record<string, unknown> = {},
): Promise<AnyResource> {
  let session = await world.local.create(
    aSession(name, {
      owner: { userId: 'user' },
      timeslot: { start: at(0), end: at(30) },
      ...spec,
    }),
  );
  for (const phase of phases)
    session = await world.local.updateStatus({
      ...session,
      status: { ...session.status, phase },
    });
  return session;
}

const READY = ['Scheduled', 'Instantiating', 'Ready'];

async function auditVerbsOf(name: string): Promise<string[]> {
  const response = await world.request(
    'admin',
    'GET',
    `/api/audit?kind=LabletSession&name=${name}`,
  );
  const records = response.body.items as { spec: { verb: string } }[];
  return records.map((record) => record.spec.verb);
}

describe('stop', () => {
  it('sets desiredState Stopped, returns the object and is audited as stop', async () => {
    await aSessionIn('stop-me');

    const response = await world.request('manager', 'POST', `${SESSIONS}/stop-me/stop`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      kind: 'LabletSession',
      metadata: { name: 'stop-me' },
      spec: { desiredState: 'Stopped' },
    });
    expect(await auditVerbsOf('stop-me')).toEqual(['stop']);
  });

  it('answers 404 NotFound for an unknown session', async () => {
    const response = await world.request('admin', 'POST', `${SESSIONS}/nope/stop`);

    expect(response.status).toBe(404);
    expect(response.body.reason).toBe('NotFound');
  });
});

describe('collect', () => {
  it('records gradeRequestedAt on a Ready session whose definition grades', async () => {
    await aSessionIn('collect-ready', READY);

    const response = await world.request('admin', 'POST', `${SESSIONS}/collect-ready/collect`);

    expect(response.status).toBe(200);
    expect(Date.parse(response.body.spec.gradeRequestedAt)).not.toBeNaN();
    expect(await auditVerbsOf('collect-ready')).toEqual(['collect']);
  });

  it('answers 409 Conflict while the session is Pending', async () => {
    await aSessionIn('collect-pending');

    const response = await world.request('admin', 'POST', `${SESSIONS}/collect-pending/collect`);

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ reason: 'Conflict', details: { field: 'status.phase' } });
  });

  it('answers 422 Invalid when the definition has no grading', async () => {
    await aSessionIn('collect-ungraded', READY, { definition: { name: 'plain-1' } });

    const response = await world.request('admin', 'POST', `${SESSIONS}/collect-ungraded/collect`);

    expect(response.status).toBe(422);
    expect(response.body.reason).toBe('Invalid');
  });
});

describe('extend', () => {
  it("moves the timeslot's end later, within maxDurationMinutes", async () => {
    await aSessionIn('extend-ok');

    const response = await world.request('admin', 'POST', `${SESSIONS}/extend-ok/extend`, {
      end: at(60),
    });

    expect(response.status).toBe(200);
    expect(response.body.spec.timeslot).toEqual({ start: at(0), end: at(60) });
    expect(await auditVerbsOf('extend-ok')).toEqual(['extend']);
  });

  it.each([
    ['beyond start + maxDurationMinutes', 61],
    ['before the current end', 20],
    ['at the current end', 30],
  ])('answers 422 naming end for an end %s', async (_case, minutes) => {
    await aSessionIn(`extend-${minutes}`);

    const response = await world.request('admin', 'POST', `${SESSIONS}/extend-${minutes}/extend`, {
      end: at(minutes),
    });

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ reason: 'Invalid', details: { field: 'end' } });
  });

  it('answers 422 for a missing end or an unknown body field', async () => {
    await aSessionIn('extend-bad-body');

    const missing = await world.request('admin', 'POST', `${SESSIONS}/extend-bad-body/extend`, {});
    const unknown = await world.request('admin', 'POST', `${SESSIONS}/extend-bad-body/extend`, {
      end: at(40),
      start: at(-10),
    });

    expect(missing.status).toBe(422);
    expect(missing.body.details.field).toBe('body.end');
    expect(unknown.status).toBe(422);
    expect(unknown.body.details.field).toBe('body.start');
  });

  it('answers 409 Conflict once the session is stopping', async () => {
    await aSessionIn('extend-stopping', ['Scheduled', 'Stopping']);

    const response = await world.request('admin', 'POST', `${SESSIONS}/extend-stopping/extend`, {
      end: at(40),
    });

    expect(response.status).toBe(409);
    expect(response.body.reason).toBe('Conflict');
  });
});

describe('explain', () => {
  it('returns a SchedulingExplanation', async () => {
    await aSessionIn('explain-me');

    const response = await world.request('admin', 'GET', `${SESSIONS}/explain-me/explain`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      apiVersion: 'lcm/v1',
      kind: 'SchedulingExplanation',
      session: { namespace: 'default', name: 'explain-me' },
      phase: 'Pending',
      message: expect.any(String),
    });
  });

  it("returns the scheduler's recorded decision with queue position, scale-up and ETA", async () => {
    const session = await aSessionIn('explain-scale-up');
    const scheduling = {
      result: 'ScaleUp',
      reason: 'ScaledUp',
      message: 'no running worker fits (2 InsufficientCpu); asked for worker medium-ab12c',
      decidedAt: at(-30),
      queuePosition: 3,
      scaleUp: { worker: 'medium-ab12c', template: 'medium', eta: at(-10) },
      rejected: { InsufficientCpu: 2 },
      workers: [
        {
          name: 'w1',
          fits: false,
          reason: 'InsufficientCpu',
          message: 'needs 2 vCPU, 1 free of 8',
        },
      ],
    };
    await world.local.updateStatus({ ...session, status: { ...session.status, scheduling } });

    const response = await world.request('admin', 'GET', `${SESSIONS}/explain-scale-up/explain`);

    expect(response.status).toBe(200);
    const { message, ...recorded } = scheduling;
    expect(response.body).toMatchObject({ phase: 'Pending', ...recorded });
    expect(response.body.message).toContain(message);
    expect(response.body.message).toContain('queue position 3');
    expect(response.body.message).toContain(at(-10));
  });

  it('answers 404 NotFound for an unknown session', async () => {
    const response = await world.request('admin', 'GET', `${SESSIONS}/nope/explain`);

    expect(response.status).toBe(404);
    expect(response.body.reason).toBe('NotFound');
  });
});

describe('as a user', () => {
  it('may stop and collect their own session', async () => {
    await aSessionIn('own-stop');
    await aSessionIn('own-collect', READY);

    const stopped = await world.request('user', 'POST', `${SESSIONS}/own-stop/stop`);
    const collected = await world.request('user', 'POST', `${SESSIONS}/own-collect/collect`);

    expect(stopped.status).toBe(200);
    expect(stopped.body.spec.desiredState).toBe('Stopped');
    expect(collected.status).toBe(200);
    expect(collected.body.spec.gradeRequestedAt).toBeDefined();
  });

  it("gets 404 for another user's session, which stays untouched", async () => {
    await aSessionIn('theirs', READY, { owner: { userId: 'user2' } });

    const stop = await world.request('user', 'POST', `${SESSIONS}/theirs/stop`);
    const collect = await world.request('user', 'POST', `${SESSIONS}/theirs/collect`);
    const explain = await world.request('user', 'GET', `${SESSIONS}/theirs/explain`);

    for (const response of [stop, collect, explain]) {
      expect(response.status).toBe(404);
      expect(response.body.reason).toBe('NotFound');
    }
    const stored = await world.local.get('LabletSession', 'theirs', 'default');
    expect(stored.spec).toMatchObject({ desiredState: 'Active' });
    expect(stored.spec).not.toHaveProperty('gradeRequestedAt');
  });

  it('gets 403 Forbidden for extend', async () => {
    await aSessionIn('own-extend');

    const response = await world.request('user', 'POST', `${SESSIONS}/own-extend/extend`, {
      end: at(40),
    });

    expect(response.status).toBe(403);
    expect(response.body.reason).toBe('Forbidden');
  });
});
