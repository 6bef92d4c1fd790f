/** lds-sim behaviour beyond the client contract: launch tokens, repeated logins, duplicate events. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { createSilentLogger } from '../../observability/index.js';
import { buildLdsSessionCreate } from '../../providers/lds/build-lds-session-create.js';
import { HttpLdsClient } from '../../providers/lds/http-lds-client.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { RecordingSink } from '../../../test/support/recording-sink.js';
import { LdsSim } from './lds-sim.js';

describe('LdsSim', () => {
  let clock: ManualClock;
  let sink: RecordingSink;
  let sim: LdsSim;
  let client: HttpLdsClient;
  const region = 'us-east-1';

  async function launchUrl(): Promise<{ sessionId: string; url: string }> {
    const session = buildLdsSessionCreate({
      sessionName: 'default-s1',
      formQualifiedName: 'Exam Associate CCNA v1.1 LAB 1.3a',
      scheduledAt: clock.now(),
    });
    const { session_id: sessionId } = await client.createSession({ region, session });
    return { sessionId, url: await client.getLaunchUrl({ region, sessionId }) };
  }

  async function open(url: string): Promise<number> {
    const response = await fetch(url);
    await response.text();
    return response.status;
  }

  beforeEach(async () => {
    clock = new ManualClock();
    sink = new RecordingSink();
    await sink.start();
    sim = new LdsSim({ clock, logger: createSilentLogger(), sinkUrl: sink.url });
    await sim.start();
    client = new HttpLdsClient({
      deployments: { [region]: { baseUrl: sim.url, username: 'lds', password: 'lds' } },
    });
  });
  afterEach(async () => {
    await client.close();
    await sim.close();
    await sink.close();
  });

  it('emits lds.session.started only for the first opening of the launch URL', async () => {
    const { url } = await launchUrl();
    expect(await open(url)).toBe(200);
    expect(await open(url)).toBe(200);
    await sink.waitForEvents(1);
    await waitFor(() => sim.eventStats.pending === 0);
    expect(sink.events.map((event) => event.type)).toEqual(['lds.session.started']);
  });

  it('refuses a launch token after it expires on the clock', async () => {
    const { sessionId, url } = await launchUrl();
    await clock.advance(86_400_000);
    expect(await open(url)).toBe(401);
    expect(sim.session(sessionId).state).toBe('SESSION_PRELAUNCH');
  });

  it('sends every event twice with the same id when duplicates are switched on', async () => {
    const response = await fetch(`${sim.url}/_sim/events`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ duplicate: true }),
    });
    await response.text();
    const { url } = await launchUrl();
    await open(url);
    const events = await sink.waitForEvents(2);
    expect(events[0]?.id).toBe(events[1]?.id);
  });

  it('pauses and resumes a running session without emitting events', async () => {
    const { sessionId, url } = await launchUrl();
    await open(url);
    await sink.waitForEvents(1);
    const auth = { authorization: `Basic ${Buffer.from('lds:lds').toString('base64')}` };
    const base = `${sim.url}/reservations/v3/lab_session/${sessionId}`;
    const paused = await fetch(`${base}/pause`, { method: 'PUT', headers: auth });
    expect(paused.status).toBe(204);
    expect(sim.session(sessionId)).toMatchObject({ state: 'SESSION_PAUSED', timer_paused: true });
    const resumed = await fetch(`${base}/resume`, { method: 'PUT', headers: auth });
    expect(resumed.status).toBe(204);
    expect(sim.session(sessionId).state).toBe('SESSION_RUNNING');
    expect(sink.events).toHaveLength(1);
  });
});
