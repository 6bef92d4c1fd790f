/**
 * Runs the GradingClient contract against HttpGradingClient talking to grading-sim over loopback
 * HTTP with a real CloudEvents sink, plus the client's OAuth2 client-credentials handling.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { hasReason } from '../../errors/index.js';
import { createSilentLogger } from '../../observability/index.js';
import { RecordingSink } from '../../../test/support/recording-sink.js';
import { GradingSim } from '../../sim/grading-sim/grading-sim.js';
import { describeGradingClientContract } from './grading-client.contract.js';
import { HttpGradingClient } from './http-grading-client.js';

const TOKEN = 'grading-sim-token';

describeGradingClientContract('HttpGradingClient against grading-sim', {
  simulated: true,
  async newContext() {
    const clock = new ManualClock();
    const sink = new RecordingSink();
    await sink.start();
    const sim = new GradingSim({
      clock,
      logger: createSilentLogger(),
      sinkUrl: sink.url,
      timeScale: 0.1,
    });
    await sim.start();
    const client = new HttpGradingClient({
      baseUrl: sim.url,
      auth: { kind: 'static', token: TOKEN },
    });
    const badCredentialsClient = new HttpGradingClient({
      baseUrl: sim.url,
      auth: { kind: 'static', token: 'forged' },
    });
    const impatientClient = new HttpGradingClient({
      baseUrl: sim.url,
      auth: { kind: 'static', token: TOKEN },
      timeoutMs: 100,
    });
    return {
      client,
      badCredentialsClient,
      sim: {
        failNext: (fault) => sim.faults.failNext(fault),
        hang: () => sim.faults.configure({ hang: true }),
        impatientClient,
        // Defaults 5 s collect + 10 s grade, scaled by 0.1.
        advanceThroughGrading: () => clock.advance(1_500),
        failNextGrading: (reason) => sim.failNextGrading(1, reason),
        setRuleset: (partId, ruleset) => sim.setRuleset(partId, ruleset),
        async waitForEvents(count) {
          await sink.waitForEvents(count);
          return sink.accepted;
        },
        source: sim.url,
        eventMode: 'binary',
      },
      async close() {
        await Promise.all([client.close(), badCredentialsClient.close(), impatientClient.close()]);
        await sim.close();
        await sink.close();
      },
    };
  },
});

describe('HttpGradingClient with OAuth2 client credentials', () => {
  let simClock: ManualClock;
  let sim: GradingSim;
  beforeEach(async () => {
    simClock = new ManualClock();
    sim = new GradingSim({ clock: simClock, logger: createSilentLogger(), tokenTtlMs: 60_000 });
    await sim.start();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('fetches a token from the token endpoint and uses it as bearer', async () => {
    const client = new HttpGradingClient({
      baseUrl: sim.url,
      auth: {
        kind: 'clientCredentials',
        tokenUrl: sim.tokenUrl,
        clientId: 'lcm',
        clientSecret: 'lcm-secret',
      },
      clock: new ManualClock(),
    });
    const created = await client.createSession({ candidateId: 'user-42' });
    expect((await client.getSession(created.id)).candidateId).toBe('user-42');
    await client.close();
  });

  it('fetches a new token once when the engine refuses an expired one', async () => {
    // The client's own clock stands still, so only the engine's 401 tells it the token expired.
    const client = new HttpGradingClient({
      baseUrl: sim.url,
      auth: {
        kind: 'clientCredentials',
        tokenUrl: sim.tokenUrl,
        clientId: 'lcm',
        clientSecret: 'lcm-secret',
      },
      clock: new ManualClock(),
    });
    const created = await client.createSession({ candidateId: 'user-42' });
    await simClock.advance(61_000);
    expect((await client.getSession(created.id)).id).toBe(created.id);
    await client.close();
  });

  it('reports a wrong client secret as Unauthorized', async () => {
    const client = new HttpGradingClient({
      baseUrl: sim.url,
      auth: {
        kind: 'clientCredentials',
        tokenUrl: sim.tokenUrl,
        clientId: 'lcm',
        clientSecret: 'x',
      },
    });
    const error = await client.getSession('any').catch((caught: unknown) => caught);
    expect(hasReason(error, 'Unauthorized')).toBe(true);
    await client.close();
  });
});
