/**
 * `lcm sim` and `providers.simHostUrl`: two LCM processes (here two provider sets) connected to
 * one simulator host share one simulated world — the same instances, CML servers and LDS
 * sessions — and see the host's errors as the same typed errors a local simulator throws.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimMode, type RunningSimHost } from '../../src/app/sim-mode.js';
import { createProviderSet, type ProviderSet } from '../../src/app/provider-set.js';
import { SystemClock } from '../../src/clock/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createSilentLogger } from '../../src/observability/index.js';
import { buildLdsSessionCreate } from '../../src/providers/lds/build-lds-session-create.js';
import type { WorkerTemplateSpec } from '../../src/resources/kinds/worker-template.js';
import { testFetch } from '../support/api-world.js';
import { aTemplate } from '../support/builders.js';

let host: RunningSimHost;
let first: ProviderSet;
let second: ProviderSet;
const logger = createSilentLogger();

const connect = () =>
  createProviderSet({
    config: loadConfig({ env: {}, overrides: { providers: { simHostUrl: host.url } } }).providers,
    clock: new SystemClock(),
    logger,
  });

// A host and two LCM processes per test, all closed with it: the leak guard checks each test.
beforeEach(async () => {
  host = await startSimMode(
    loadConfig({
      env: {},
      overrides: { port: 0, logLevel: 'silent', providers: { simTimeScale: 0.001 } },
    }),
    logger,
  );
  first = await connect();
  second = await connect();
});

afterEach(async () => {
  await first.close();
  await second.close();
  await host.stop();
});

describe('a shared simulator host', () => {
  it('keeps the instances one process launched for another to see', async () => {
    const template = aTemplate('small', { image: { amiNamePattern: 'CML-2.9*' } });
    const launched = await first.cloudFor('sim').launch({
      template: { name: 'small', spec: template.spec as unknown as WorkerTemplateSpec },
      workerName: 'w1',
      clientToken: 'w1-token',
    });
    const seen = await second.cloudFor('sim').describe(launched.id);
    expect(seen.id).toBe(launched.id);
    expect(seen.launchTime).toBeInstanceOf(Date);
    expect(seen.tags['lcm:worker']).toBe('w1');
  });

  it('gives both processes the same CML server for an instance, and it answers', async () => {
    const endpoint = await first.simulatedCml.endpointFor('i-shared');
    expect(await second.simulatedCml.endpointFor('i-shared')).toBe(endpoint);
    const response = await testFetch(`${endpoint}/api/v0/system_information`);
    expect([200, 502]).toContain(response.status);
  });

  it('serves one LDS: a session one process created, the other reads', async () => {
    const created = await first.lds.createSession({
      region: 'default',
      session: buildLdsSessionCreate({
        sessionName: 's1',
        formQualifiedName: 'Lab 1',
        scheduledAt: new Date(),
      }),
    });
    const read = await second.lds.getSession({ region: 'default', sessionId: created.session_id });
    expect(read.auth_id).toBe('s1');
  });

  it("reports the host simulators' errors as typed errors", async () => {
    await expect(second.cloudFor('sim').describe('i-0123456789abcdef0')).rejects.toMatchObject({
      reason: 'NotFound',
    });
  });
});
