/**
 * API keys and remote controllers through the `lcm` binary: `apikey create` prints a controller
 * key once, `lcm controller definitions` runs with it against a real API (holds its Lease, writes
 * definition status, serves /healthz, /readyz and /metrics, stops on SIGTERM), `apikey list` and
 * `apikey delete` manage it; an unknown controller name lists the known ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testFetch, startApiWorld, type ApiWorld } from '../support/api-world.js';
import { aDefinition } from '../support/builders.js';
import { createLcmCli, type LcmCli } from '../support/lcm-cli.js';

let world: ApiWorld;
let cli: LcmCli;
let asAdmin: Record<string, string>;

beforeAll(async () => {
  world = await startApiWorld();
  cli = await createLcmCli();
  asAdmin = { LCM_API_URL: world.url, LCM_TOKEN: await world.tokenFor('admin') };
});
afterAll(async () => {
  await cli.close();
  await world.close();
});

/** Resolves once the definition's status carries a topology hash (written by the controller). */
async function statusWritten(name: string): Promise<Record<string, unknown>> {
  const watch = await world.local.watch('LabletDefinition', { sinceRevision: 0 });
  try {
    for await (const event of watch)
      if (
        event.type !== 'BOOKMARK' &&
        event.object.metadata.name === name &&
        event.object.status?.topologyHash
      )
        return event.object.status;
  } finally {
    watch.close();
  }
  throw new Error('the watch ended');
}

describe('lcm apikey and lcm controller', () => {
  it('creates a controller key, runs a controller with it, lists and deletes it', async () => {
    const created = await cli.run(
      ['apikey', 'create', '--role', 'controller', '--description', 'definitions'],
      {
        env: asAdmin,
      },
    );
    expect(created.code).toBe(0);
    const key = /^\s+(lcm_\S+)$/m.exec(created.stdout)?.[1] ?? '';
    const keyId = /^Created API key (\S+) \(role controller\)/m.exec(created.stdout)?.[1] ?? '';
    expect(created.stdout).toContain(`LCM_API_KEY=${key}`);

    const controller = cli.start(['controller', 'definitions', '--port', '0'], {
      env: { LCM_API_URL: world.url, LCM_API_KEY: key, LCM_LOG_LEVEL: 'info' },
    });
    await controller.waitForOutput(
      (out) => out.includes('lcm controller is up'),
      'the controller to start',
    );
    const url = /"url":"([^"]+)"/.exec(controller.stdout())?.[1] ?? '';
    await world.local.create(aDefinition('ccna-1'));
    expect(await statusWritten('ccna-1')).toMatchObject({ phase: 'Draft', nodeCount: 1 });
    const lease = await world.local.get('Lease', 'lcm-controller-definitions');
    expect(lease.spec.holderIdentity).toEqual(
      expect.stringContaining(String(controller.child.pid)),
    );
    const [health, ready, metrics] = await Promise.all(
      ['/healthz', '/readyz', '/metrics'].map((path) => testFetch(`${url}${path}`)),
    );
    expect(health?.status).toBe(200);
    expect(await ready?.json()).toEqual({ status: 'ready', leader: true });
    expect(await metrics?.text()).toContain('lcm_reconcile_total');
    controller.child.kill('SIGTERM');
    expect((await controller.exited).code).toBe(0);

    const listed = await cli.run(['apikey', 'list'], { env: asAdmin });
    expect(listed.stdout).toMatch(
      new RegExp(`^${keyId}\\s+controller\\s+definitions\\s+admin\\s`, 'm'),
    );
    const deleted = await cli.run(['apikey', 'delete', keyId], { env: asAdmin });
    expect(deleted.stdout).toBe(`apikey/${keyId} deleted\n`);
    const refused = await cli.run(['get', 'defs'], {
      env: { LCM_API_URL: world.url, LCM_API_KEY: key },
    });
    expect(refused.code).toBe(3);
  });

  it('refuses an unknown controller name, listing the known ones', async () => {
    const result = await cli.run(['controller', 'nope'], {
      env: { LCM_API_URL: world.url, LCM_API_KEY: 'lcm_000000000000_x' },
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lcm: no controller "nope"; known controllers: .*definitions/m);
  });
});
