import { afterEach, describe, expect, it } from 'vitest';
import { aTemplate } from '../../../../test/support/builders.js';
import {
  aWorker,
  startWorkersWorld,
  writeSecret,
  type WorkersWorld,
} from '../../../../test/support/workers-world.js';
import { findCondition } from '../../../resources/index.js';
import type { Worker } from '../../../resources/kinds/worker.js';

const TOKEN = 'ODk3NzQ5ZjQtM2JkMi00YmQ3LTk0ZDctMzA0OWY0YjRkYWJmLTE3MzQ5NzQ5';

const worlds: WorkersWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

/** A Running worker whose (simulated, initially registered) CML was deregistered. */
async function unregisteredWorker(): Promise<WorkersWorld> {
  const world = await startWorkersWorld();
  worlds.push(world);
  await world.client.create(aTemplate('small', { image: { amiNamePattern: 'CML-2.9*' } }));
  await world.client.create(
    aWorker('w1', { license: { action: 'Deregister', tokenSecret: 'cml-token' } }),
  );
  await world.until((w) => w.status?.cml?.license?.status === 'Evaluation');
  return world;
}

async function register(world: WorkersWorld): Promise<void> {
  await world.client.patch('Worker', 'w1', {
    spec: { license: { action: 'Register', tokenSecret: 'cml-token' } },
  });
}

const licenseValid = (worker: Worker) => findCondition(worker.status?.conditions, 'LicenseValid');

describe('licence step', () => {
  it('deregisters, then registers with the token from the named secret', async () => {
    const world = await unregisteredWorker();
    const evaluation = await world.worker('w1');
    expect(evaluation.status?.cml?.license).toMatchObject({ type: 'evaluation', nodeLimit: 20 });
    expect(licenseValid(evaluation)).toMatchObject({ status: 'True', reason: 'Evaluation' });

    await writeSecret(world, 'cml-token', TOKEN);
    await register(world);
    const registered = await world.until((w) => w.status?.cml?.license?.status === 'Registered');
    expect(registered.status?.cml?.license).toMatchObject({ type: 'enterprise', nodeLimit: 20 });
    expect(licenseValid(registered)).toMatchObject({ status: 'True', reason: 'Registered' });
    expect(JSON.stringify(registered)).not.toContain(TOKEN);
  });

  it('says which secret is missing instead of registering without a token', async () => {
    const world = await unregisteredWorker();
    await register(world);

    const missing = await world.until((w) => licenseValid(w)?.reason === 'TokenUnavailable');
    expect(licenseValid(missing)?.message).toContain('cml-token');
    expect(missing.status?.cml?.license?.status).toBe('Evaluation');
  });

  it('reports a token Smart Licensing refuses, without echoing it', async () => {
    const world = await unregisteredWorker();
    await writeSecret(world, 'cml-token', 'invalid-token-1234');
    await register(world);

    const refused = await world.until((w) => w.status?.cml?.license?.status === 'Invalid');
    expect(licenseValid(refused)).toMatchObject({ status: 'False', reason: 'RegistrationFailed' });
    expect(JSON.stringify(refused)).not.toContain('invalid-token-1234');
  });
});
