import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../clock/index.js';
import { loadConfig } from '../config/index.js';
import { createSilentLogger } from '../observability/index.js';
import { buildLdsSessionCreate } from '../providers/lds/build-lds-session-create.js';
import type { ApiKey } from '../resources/kinds/api-key.js';
import { startApiWorld, testFetch, type ApiWorld } from '../../test/support/api-world.js';
import { aDefinition } from '../../test/support/builders.js';
import { aSessionInPhase } from '../../test/support/cloud-events.js';
import { createProviderSet, type ProviderSet } from './provider-set.js';
import { replaceSimulatorApiKey } from './simulator-api-key.js';

let world: ApiWorld;
let providers: ProviderSet | undefined;
beforeEach(async () => {
  world = await startApiWorld();
});
afterEach(async () => {
  await providers?.close();
  providers = undefined;
  await world.close();
});

async function keys(): Promise<ApiKey[]> {
  return (await world.local.list('ApiKey')).items as unknown as ApiKey[];
}

/** Polls an async condition once per event-loop turn, with a safety deadline. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('replaceSimulatorApiKey', () => {
  it('revokes the key of the previous start and keeps other keys', async () => {
    await world.request('admin', 'POST', '/api/apikeys', { role: 'controller', description: 'ci' });
    const first = await replaceSimulatorApiKey(world.local);
    const second = await replaceSimulatorApiKey(world.local);
    const descriptions = (await keys()).map((key) => key.spec.description).sort();
    expect(descriptions).toEqual(['ci', 'simulators']);
    const me = (key: string) =>
      world.request('anonymous', 'GET', '/api/auth/me', undefined, {
        authorization: `Bearer ${key}`,
      });
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).body).toMatchObject({ roles: ['controller'] });
  });

  it('lets the simulators of a provider set post their events to the API', async () => {
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }));
    providers = await createProviderSet({
      config: loadConfig({ env: {} }).providers,
      clock: new SystemClock(),
      logger: createSilentLogger(),
      eventsSinkUrl: `${world.url}/api/events`,
      eventsSinkCredential: await replaceSimulatorApiKey(world.local),
    });
    const session = buildLdsSessionCreate({
      sessionName: 's1',
      formQualifiedName: 'lab.form',
      scheduledAt: new Date(),
    });
    const created = await providers.lds.createSession({ region: 'default', session });
    await aSessionInPhase(world, 's1', 'Ready', {
      access: { phase: 'Provisioned', ldsSessionId: created.session_id },
    });
    const sessionId = created.session_id;
    const page = await testFetch(
      await providers.lds.getLaunchUrl({ region: 'default', sessionId }),
    );
    await page.text();
    await eventually(
      async () =>
        (await world.local.get('LabletSession', 's1', 'default')).status?.phase === 'Running',
    );
  });
});
