import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../../clock/index.js';
import { createSilentLogger } from '../../observability/index.js';
import { buildLdsSessionCreate } from '../../providers/lds/build-lds-session-create.js';
import { HttpLdsClient } from '../../providers/lds/http-lds-client.js';
import { LdsSim } from '../../sim/lds-sim/lds-sim.js';
import { startApiWorld, testFetch, type ApiWorld } from '../../../test/support/api-world.js';
import { aDefinition } from '../../../test/support/builders.js';
import { aSessionInPhase, anEvent, postEvent } from '../../../test/support/cloud-events.js';
import { waitFor } from '../../../test/support/wait-for.js';

let world: ApiWorld;
beforeEach(async () => {
  world = await startApiWorld();
  await world.local.create(aDefinition('ccna-1', { state: 'Active' }));
});
afterEach(async () => {
  await world.close();
});

const started = (ldsSessionId: string, id?: string) =>
  anEvent('lds.session.started', { lds_session_id: ldsSessionId }, id ? { id } : {});

async function readySession(name = 's1', ldsSessionId = 'lds-1') {
  return aSessionInPhase(world, name, 'Ready', {
    access: { phase: 'Provisioned', ldsSessionId },
  });
}

async function phaseOf(name: string): Promise<unknown> {
  return (await world.local.get('LabletSession', name, 'default')).status?.phase;
}

async function controllerKey(): Promise<string> {
  const created = await world.request('admin', 'POST', '/api/apikeys', {
    role: 'controller',
    description: 'lds integration',
  });
  return created.body.key as string;
}

describe('POST /api/events', () => {
  it('applies a structured-mode event and answers 202 applied', async () => {
    await readySession();
    const response = await postEvent(world, started('lds-1'));
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'applied', effect: expect.any(String) });
    expect(await phaseOf('s1')).toBe('Running');
  });

  it('applies a binary-mode event', async () => {
    await readySession();
    const event = anEvent('io.lablet.lds.session.running.v1', { aggregate_id: 'lds-1' });
    const response = await postEvent(world, event, { mode: 'binary' });
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('applied');
    expect(await phaseOf('s1')).toBe('Running');
  });

  it('applies a redelivered event once and says the second delivery is a duplicate', async () => {
    await readySession();
    const event = started('lds-1', 'event-1');
    expect((await postEvent(world, event)).body.status).toBe('applied');
    const again = await postEvent(world, event, { mode: 'binary' });
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('duplicate');
    const session = await world.local.get('LabletSession', 's1', 'default');
    const history = session.status?.history as { to: string }[];
    expect(history.filter((entry) => entry.to === 'Running')).toHaveLength(1);
    expect((await world.local.list('EventReceipt')).items).toHaveLength(1);
  });

  it('treats the same id from another source as another event', async () => {
    await readySession();
    await postEvent(world, started('lds-1', 'event-1'));
    const other = anEvent(
      'lds.session.started',
      { lds_session_id: 'lds-1' },
      {
        id: 'event-1',
        source: '/elsewhere',
      },
    );
    expect((await postEvent(world, other)).body.status).toBe('applied');
    expect((await world.local.list('EventReceipt')).items).toHaveLength(2);
  });

  it('moves a session once when several start events for it arrive at the same time', async () => {
    await readySession();
    const responses = await Promise.all(
      ['e1', 'e2', 'e3', 'e4'].map((id) => postEvent(world, started('lds-1', id))),
    );
    for (const response of responses) expect(response.body.status).toBe('applied');
    const session = await world.local.get('LabletSession', 's1', 'default');
    const history = session.status?.history as { to: string }[];
    expect(history.filter((entry) => entry.to === 'Running')).toHaveLength(1);
  });

  it('rejects an unknown type with 400 BadRequest and changes nothing', async () => {
    await readySession();
    const response = await postEvent(
      world,
      anEvent('lds.session.paused', { lds_session_id: 'lds-1' }),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(await phaseOf('s1')).toBe('Ready');
  });

  it('rejects a body that is not a CloudEvent, or lacks a required attribute, with 400', async () => {
    const plain = await world.request('controller', 'POST', '/api/events', { hello: 'world' });
    expect(plain.status).toBe(400);
    expect(plain.body.reason).toBe('BadRequest');
    const noType = await world.request(
      'controller',
      'POST',
      '/api/events',
      JSON.stringify({ specversion: '1.0', id: 'e1', source: '/tests' }),
      { 'content-type': 'application/cloudevents+json' },
    );
    expect(noType.status).toBe(400);
    const noId = await world.request(
      'controller',
      'POST',
      '/api/events',
      JSON.stringify({ specversion: '1.0', source: '/tests', type: 'lds.session.started' }),
      { 'content-type': 'application/cloudevents+json' },
    );
    expect(noId.status).toBe(400);
    const broken = await world.request('controller', 'POST', '/api/events', '{not json', {
      'content-type': 'application/cloudevents+json',
    });
    expect(broken.status).toBe(400);
  });

  it('accepts and ignores an event for an unknown session (202, no receipt)', async () => {
    await readySession();
    const response = await postEvent(world, started('lds-unknown'));
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('ignored');
    expect(await phaseOf('s1')).toBe('Ready');
    expect((await world.local.list('EventReceipt')).items).toHaveLength(0);
  });

  it('answers 401 without credentials or with a bad API key, and 403 to a user', async () => {
    await readySession();
    const event = started('lds-1');
    expect((await postEvent(world, event, { as: 'anonymous' })).status).toBe(401);
    const badKey = `lcm_0123456789ab_${'x'.repeat(43)}`;
    const withBadKey = await postEvent(world, event, {
      as: 'anonymous',
      headers: { authorization: `Bearer ${badKey}` },
    });
    expect(withBadKey.status).toBe(401);
    expect(withBadKey.body.reason).toBe('Unauthorized');
    const asUser = await postEvent(world, event, { as: 'user' });
    expect(asUser.status).toBe(403);
    expect(asUser.body.reason).toBe('Forbidden');
    expect(await phaseOf('s1')).toBe('Ready');
  });

  it('accepts events from admins and from controller API keys, audited as the caller', async () => {
    await readySession('s1', 'lds-1');
    await readySession('s2', 'lds-2');
    expect((await postEvent(world, started('lds-1'), { as: 'admin' })).body.status).toBe('applied');
    const key = await controllerKey();
    const viaKey = await postEvent(world, started('lds-2'), {
      as: 'anonymous',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(viaKey.body.status).toBe('applied');
    const audit = await world.request('admin', 'GET', '/api/audit?verb=ingest');
    const actors = (audit.body.items as { spec: { actor: { username: string } } }[]).map(
      (record) => record.spec.actor.username,
    );
    expect(actors).toEqual(expect.arrayContaining(['admin', 'lds integration']));
  });
});

describe('POST /api/events from lds-sim', () => {
  let sim: LdsSim;
  let lds: HttpLdsClient;

  afterEach(async () => {
    await lds.close();
    await sim.close();
  });

  it('turns a student opening the launch URL into a Running session', async () => {
    const key = await controllerKey();
    sim = new LdsSim({
      clock: new SystemClock(),
      logger: createSilentLogger(),
      sinkUrl: `${world.url}/api/events`,
      sender: { headers: { authorization: `Bearer ${key}` }, maxAttempts: 1 },
    });
    await sim.start();
    lds = new HttpLdsClient({
      deployments: { default: { baseUrl: sim.url, username: 'lds', password: 'lds' } },
    });
    const session = buildLdsSessionCreate({
      sessionName: 's1',
      formQualifiedName: 'Exam Associate CCNA v1.1 LAB 1.3a',
      scheduledAt: new Date(),
    });
    const { session_id: ldsSessionId } = await lds.createSession({ region: 'default', session });
    await readySession('s1', ldsSessionId);

    const page = await testFetch(
      await lds.getLaunchUrl({ region: 'default', sessionId: ldsSessionId }),
    );
    await page.text();
    await waitFor(() => sim.eventStats.delivered === 1, { description: 'the started event' });
    expect(sim.eventStats.dropped).toBe(0);
    const stored = await world.local.get('LabletSession', 's1', 'default');
    expect(stored.status).toMatchObject({ phase: 'Running', access: { phase: 'Active' } });
  });
});
