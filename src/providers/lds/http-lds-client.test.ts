/**
 * Runs the LdsClient contract against HttpLdsClient talking to lds-sim over loopback HTTP, with a
 * real sink receiving the CloudEvents, plus the client's own region and URL-rewrite rules.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { hasReason } from '../../errors/index.js';
import { createSilentLogger } from '../../observability/index.js';
import { RecordingSink } from '../../../test/support/recording-sink.js';
import { LdsSim } from '../../sim/lds-sim/lds-sim.js';
import { buildLdsSessionCreate } from './build-lds-session-create.js';
import { HttpLdsClient } from './http-lds-client.js';
import { describeLdsClientContract } from './lds-client.contract.js';

const REGION = 'us-east-1';

function clientFor(baseUrl: string, password = 'lds', timeoutMs = 5_000): HttpLdsClient {
  return new HttpLdsClient({
    deployments: { [REGION]: { baseUrl, username: 'lds', password } },
    timeoutMs,
  });
}

describeLdsClientContract('HttpLdsClient against lds-sim', {
  simulated: true,
  async newContext() {
    const sink = new RecordingSink();
    await sink.start();
    const sim = new LdsSim({
      clock: new ManualClock(),
      logger: createSilentLogger(),
      sinkUrl: sink.url,
    });
    await sim.start();
    const client = clientFor(sim.url);
    const badCredentialsClient = clientFor(sim.url, 'wrong');
    const impatientClient = clientFor(sim.url, 'lds', 100);
    return {
      client,
      region: REGION,
      badCredentialsClient,
      sim: {
        failNext: (fault) => sim.faults.failNext(fault),
        hang: () => sim.faults.configure({ hang: true }),
        impatientClient,
        async openLaunchUrl(url) {
          const response = await fetch(url);
          await response.text();
          if (response.status !== 200) throw new Error(`launch page answered ${response.status}`);
        },
        async finish(sessionId) {
          const response = await fetch(`${sim.url}/_sim/sessions/${sessionId}/finish`, {
            method: 'POST',
          });
          await response.text();
        },
        async waitForEvents(count) {
          await sink.waitForEvents(count);
          return sink.accepted;
        },
        source: sim.url,
        eventMode: 'structured',
      },
      async close() {
        await Promise.all([client.close(), badCredentialsClient.close(), impatientClient.close()]);
        await sim.close();
        await sink.close();
      },
    };
  },
});

describe('HttpLdsClient', () => {
  let sim: LdsSim;
  beforeEach(async () => {
    sim = new LdsSim({ clock: new ManualClock(), logger: createSilentLogger() });
    await sim.start();
  });
  afterEach(async () => {
    await sim.close();
  });

  const session = buildLdsSessionCreate({
    sessionName: 'default-s1',
    formQualifiedName: 'Exam Associate CCNA v1.1 LAB 1.3a',
    scheduledAt: new Date('2026-01-01T10:00:00Z'),
  });

  it('uses the default region when the worker region has no deployment', async () => {
    const client = new HttpLdsClient({
      deployments: { 'eu-west-1': { baseUrl: sim.url, username: 'lds', password: 'lds' } },
      defaultRegion: 'eu-west-1',
    });
    const created = await client.createSession({ region: 'ap-south-1', session });
    expect(sim.session(created.session_id).auth_id).toBe('default-s1');
    await client.close();
  });

  it('rejects a region without a deployment and without a default as Invalid', async () => {
    const client = clientFor(sim.url);
    const error = await client
      .createSession({ region: 'ap-south-1', session })
      .catch((caught: unknown) => caught);
    expect(hasReason(error, 'Invalid')).toBe(true);
    await client.close();
  });

  it('rewrites the launch URL to the browser-facing frontend URL', async () => {
    const client = new HttpLdsClient({
      deployments: {
        [REGION]: {
          baseUrl: sim.url,
          username: 'lds',
          password: 'lds',
          frontendBaseUrl: 'https://labs.example.com/lds/',
        },
      },
    });
    const { session_id: sessionId } = await client.createSession({ region: REGION, session });
    const url = new URL(await client.getLaunchUrl({ region: REGION, sessionId }));
    expect(url.origin + url.pathname).toBe('https://labs.example.com/lds/lablet');
    expect(url.searchParams.get('token')).toBeTruthy();
    await client.close();
  });

  it('gets 415 from lds-sim when a release carries no JSON body', async () => {
    const client = clientFor(sim.url);
    const { session_id: sessionId } = await client.createSession({ region: REGION, session });
    const response = await fetch(`${sim.url}/reservations/v3/lab_session/${sessionId}/release`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('lds:lds').toString('base64')}` },
    });
    await response.text();
    expect(response.status).toBe(415);
    expect(sim.session(sessionId).is_finalized).toBe(false);
    await client.close();
  });
});
