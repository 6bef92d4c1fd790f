import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabletSession, SessionPhase } from '../../resources/kinds/lablet-session.js';
import { startApiWorld, type ApiWorld } from '../../../test/support/api-world.js';
import { aDefinition } from '../../../test/support/builders.js';
import { aSessionInPhase, anEvent, postEvent } from '../../../test/support/cloud-events.js';

let world: ApiWorld;
afterEach(async () => {
  await world.close();
});

async function start(grading: boolean): Promise<void> {
  world = await startApiWorld();
  await world.local.create(
    aDefinition('ccna-1', { state: 'Active', ...(grading ? { grading: { cutScore: 70 } } : {}) }),
  );
}

async function sessionIn(phase: SessionPhase, access = 'Provisioned'): Promise<void> {
  await aSessionInPhase(world, 's1', phase, { access: { phase: access, ldsSessionId: 'lds-1' } });
}

async function stored(): Promise<LabletSession> {
  return (await world.local.get('LabletSession', 's1', 'default')) as unknown as LabletSession;
}

const lds = (type: string, data: Record<string, unknown> = { lds_session_id: 'lds-1' }) =>
  anEvent(type, data);

describe('LDS start events', () => {
  beforeEach(async () => start(false));

  it('make the access Active and a Ready session Running, with startedAt and history', async () => {
    await sessionIn('Ready');
    await postEvent(world, lds('lds.session.started'));
    const session = await stored();
    expect(session.status).toMatchObject({ phase: 'Running', access: { phase: 'Active' } });
    expect(session.status?.startedAt).toEqual(expect.any(String));
    expect(session.status?.history?.at(-1)).toMatchObject({
      from: 'Ready',
      to: 'Running',
      actor: 'controller',
    });
  });

  it('accept the Mozart name and the LDS id as aggregateId', async () => {
    await sessionIn('Ready');
    const response = await postEvent(
      world,
      lds('com.cisco.certs.lds.session.running.v1', { aggregateId: 'lds-1' }),
    );
    expect(response.body.status).toBe('applied');
    expect((await stored()).status?.phase).toBe('Running');
  });

  it('only mark the access Active on a session past Ready', async () => {
    await sessionIn('Graded');
    await postEvent(world, lds('lds.session.started'));
    expect((await stored()).status).toMatchObject({ phase: 'Graded', access: { phase: 'Active' } });
  });

  it('do not reopen an access that already Ended', async () => {
    await sessionIn('Running', 'Ended');
    const response = await postEvent(world, lds('lds.session.started'));
    expect(response.body.status).toBe('applied');
    expect((await stored()).status).toMatchObject({ phase: 'Running', access: { phase: 'Ended' } });
  });

  it('find a session in any namespace, and by its name when no LDS id is recorded yet', async () => {
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }, 'team-b'));
    await aSessionInPhase(world, 'elsewhere', 'Ready', {}, 'team-b');
    const response = await postEvent(
      world,
      lds('lds.session.started', { lds_session_id: 'lds-9', auth_id: 'team-b/elsewhere' }),
    );
    expect(response.body.status).toBe('applied');
    const session = await world.local.get('LabletSession', 'elsewhere', 'team-b');
    expect(session.status?.phase).toBe('Running');
  });
});

describe('LDS end events', () => {
  it('request collect-and-grade when the definition grades', async () => {
    await start(true);
    await sessionIn('Running', 'Active');
    await postEvent(world, lds('lds.session.user-finished'));
    const session = await stored();
    expect(session.spec.gradeRequestedAt).toEqual(expect.any(String));
    expect(session.spec.desiredState).toBe('Active');
    expect(session.status?.access?.phase).toBe('Ended');
  });

  it('request teardown when the definition does not grade', async () => {
    await start(false);
    await sessionIn('Running', 'Active');
    await postEvent(world, lds('com.cisco.certs.lds.session.userfinished.v1'));
    const session = await stored();
    expect(session.spec.desiredState).toBe('Stopped');
    expect(session.spec.gradeRequestedAt).toBeUndefined();
    expect(session.status?.access?.phase).toBe('Ended');
  });

  it('only end the access of a session already being torn down', async () => {
    await start(true);
    await sessionIn('Stopping', 'Active');
    const before = await stored();
    await postEvent(world, lds('lds.session.ended'));
    const session = await stored();
    expect(session.spec).toEqual(before.spec);
    expect(session.status).toMatchObject({ phase: 'Stopping', access: { phase: 'Ended' } });
  });

  it('leave grading that is under way alone', async () => {
    await start(true);
    await sessionIn('Grading', 'Active');
    await postEvent(world, lds('lds.session.ended'));
    const session = await stored();
    expect(session.spec.gradeRequestedAt).toBeUndefined();
    expect(session.spec.desiredState).toBe('Active');
    expect(session.status?.access?.phase).toBe('Ended');
  });

  it('apply once when delivered twice', async () => {
    await start(false);
    await sessionIn('Running', 'Active');
    const event = lds('lds.session.user-finished');
    await postEvent(world, event);
    const first = await stored();
    const again = await postEvent(world, event);
    expect(again.body.status).toBe('duplicate');
    expect((await stored()).metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });
});
