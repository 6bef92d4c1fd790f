/** The provider set: simulators by default, real clients where configured. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { loadConfig, type ProvidersConfig } from '../config/index.js';
import { createSilentLogger } from '../observability/index.js';
import { Ec2CloudProvider } from '../providers/cloud/ec2-cloud-provider.js';
import { buildLdsSessionCreate } from '../providers/lds/build-lds-session-create.js';
import { GradingSim } from '../sim/grading-sim/grading-sim.js';
import { LdsSim } from '../sim/lds-sim/lds-sim.js';
import { createProviderSet, type ProviderSet } from './provider-set.js';

const clock = new ManualClock();
const logger = createSilentLogger();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

function providersConfig(env: Record<string, string> = {}): ProvidersConfig {
  return loadConfig({ env }).providers;
}

async function open(config: ProvidersConfig): Promise<ProviderSet> {
  const set = await createProviderSet({ config, clock, logger });
  cleanup.push(() => set.close());
  return set;
}

const ldsSession = buildLdsSessionCreate({
  sessionName: 'default-s1',
  formQualifiedName: 'lab.form',
  scheduledAt: new Date('2026-01-01T10:00:00Z'),
});

describe('createProviderSet', () => {
  it('runs lds-sim and grading-sim by default and talks to them over HTTP', async () => {
    const set = await open(providersConfig());
    expect(set.simulatorUrls.lds).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(set.simulatorUrls.grading).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const created = await set.lds.createSession({ region: 'us-east-1', session: ldsSession });
    expect(
      (await set.lds.getSession({ region: 'us-east-1', sessionId: created.session_id })).id,
    ).toBe(created.session_id);
    await set.grading.createSession({
      id: 'default-s1',
      candidateId: 'student-1',
      parts: [{ id: 'part-1' }],
    });
    expect((await set.grading.getSession('default-s1')).id).toBe('default-s1');
  });

  it('uses configured LDS and grading URLs instead of starting simulators', async () => {
    const lds = new LdsSim({ clock, logger, credentials: { username: 'ops', password: 'secret' } });
    const grading = new GradingSim({ clock, logger, staticTokens: ['real-token'] });
    const [ldsUrl, gradingUrl] = [await lds.start(), await grading.start()];
    cleanup.push(
      () => lds.close(),
      () => grading.close(),
    );
    const set = await open(
      providersConfig({
        LCM_PROVIDERS_LDS_URL: ldsUrl,
        LCM_PROVIDERS_LDS_USERNAME: 'ops',
        LCM_PROVIDERS_LDS_PASSWORD: 'secret',
        LCM_PROVIDERS_GRADING_URL: gradingUrl,
        LCM_PROVIDERS_GRADING_TOKEN: 'real-token',
      }),
    );
    expect(set.simulatorUrls).toEqual({});
    const created = await set.lds.createSession({ region: 'eu-west-1', session: ldsSession });
    expect(lds.session(created.session_id).id).toBe(created.session_id);
    await set.grading.createSession({
      id: 'default-s2',
      candidateId: 'student-2',
      parts: [{ id: 'part-1' }],
    });
  });

  it('gives EC2 for aws templates only when a region is configured', async () => {
    const unset = await open(providersConfig());
    expect(() => unset.cloudFor('aws')).toThrow(
      expect.objectContaining({ reason: 'Invalid', details: { field: 'providers.aws.region' } }),
    );
    const configured = await open(
      providersConfig({
        LCM_PROVIDERS_AWS_REGION: 'eu-west-1',
        LCM_PROVIDERS_AWS_SECURITY_GROUP_IDS: 'sg-1,sg-2',
      }),
    );
    expect(configured.cloudFor('aws')).toBeInstanceOf(Ec2CloudProvider);
    expect(configured.cloudFor('aws')).toBe(configured.cloudFor('aws'));
  });

  it('gives each simulated instance its own CML, reached through the real CML client', async () => {
    const set = await open(providersConfig());
    const first = await set.simulatedCml.endpointFor('i-0001');
    const second = await set.simulatedCml.endpointFor('i-0002');
    expect(first).not.toBe(second);
    expect(await set.simulatedCml.endpointFor('i-0001')).toBe(first);
    const info = await set.cmlFor(first).systemInformation();
    expect(info.version).toBeTruthy();
    expect(set.cmlFor(first)).toBe(set.cmlFor(first));
    expect(set.cmlFor(first, { insecureTls: false })).not.toBe(set.cmlFor(first));
    expect(
      (await set.cmlFor(first, { insecureTls: false }).systemInformation()).version,
    ).toBeTruthy();
    await set.simulatedCml.release('i-0002');
  });
});
