/**
 * The `lcm` commands that follow changes, against a real API: `wait` succeeds when another writer
 * moves the object to the phase, fails at once when the phase can no longer be reached, and times
 * out with its own exit code; `get -w` prints rows as changes arrive and stops cleanly on Ctrl-C.
 * Credentials come from the environment (LCM_API_URL, LCM_TOKEN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyResource } from '../../src/resources/index.js';
import { startApiWorld, type ApiWorld } from '../support/api-world.js';
import { aDefinition, aSession } from '../support/builders.js';
import { createLcmCli, type LcmCli } from '../support/lcm-cli.js';

let world: ApiWorld;
let cli: LcmCli;
let env: Record<string, string>;

beforeAll(async () => {
  world = await startApiWorld();
  cli = await createLcmCli();
  env = { LCM_API_URL: world.url, LCM_TOKEN: await world.tokenFor('admin') };
  await world.local.create(aDefinition('ccna-1', { state: 'Active' }));
});
afterAll(async () => {
  await cli.close();
  await world.close();
});

async function moveTo(session: AnyResource, phases: readonly string[]): Promise<AnyResource> {
  let current = session;
  for (const phase of phases)
    current = await world.local.updateStatus({ ...current, status: { ...current.status, phase } });
  return current;
}

describe('lcm wait', () => {
  it('exits 0 once another writer moves the session to the phase, showing each phase', async () => {
    const session = await world.local.create(aSession('ready-soon'));
    const waiting = cli.start(['wait', 'session/ready-soon', '--for', 'phase=Ready'], { env });
    await waiting.waitForOutput(
      (_out, err) => err.includes('waiting for'),
      'the first progress line',
    );

    await moveTo(session, ['Scheduled', 'Instantiating', 'Ready']);
    const result = await waiting.exited;

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^labletsession\/ready-soon phase=Ready reached after \d+s$/m);
    expect(result.stderr).toMatch(/phase Instantiating/);
  });

  it('exits 1 at once when the phase can no longer be reached', async () => {
    await moveTo(await world.local.create(aSession('gone-for-good')), ['Terminated']);

    const result = await cli.run(['wait', 'ls/gone-for-good', '--for=phase=Ready'], { env });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lcm: labletsession\/gone-for-good will not reach phase=Ready/m);
  });

  it('exits 6 when the timeout passes first', async () => {
    await world.local.create(aSession('stuck'));

    const result = await cli.run(
      ['wait', 'session/stuck', '--for', 'phase=Ready', '--timeout', '1s'],
      {
        env,
      },
    );

    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(
      /^lcm: timed out after \d+s waiting for labletsession\/stuck phase=Ready/m,
    );
  });
});

describe('lcm get -w', () => {
  it('prints a row per change until Ctrl-C, then exits 0', async () => {
    const watching = cli.start(['get', 'sessions', '-w'], { env });
    await watching.waitForOutput((out) => out.startsWith('NAME'), 'the table header');

    await world.local.create(aSession('watched'));
    await watching.waitForOutput((out) => /^watched\s/m.test(out), 'the new row');
    watching.child.kill('SIGINT');
    const result = await watching.exited;

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
