/**
 * How `lcm` fails, against a real API: one `lcm: <message>` line on stderr and the documented exit
 * code — 2 usage, 3 not logged in / expired, 4 forbidden, 5 not found, 1 for a bad manifest (named
 * by file and document, nothing applied) or an unreachable server.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiWorld, type ApiWorld } from '../support/api-world.js';
import { aTemplate } from '../support/builders.js';
import { createLcmCli, type LcmCli, type LcmResult } from '../support/lcm-cli.js';

let world: ApiWorld;
let cli: LcmCli;

beforeAll(async () => {
  world = await startApiWorld();
  cli = await createLcmCli();
  await world.local.create(aTemplate('small'));
});
afterAll(async () => {
  await cli.close();
  await world.close();
});

/** The single stderr line of a failed run. */
function errorLine(result: LcmResult): string {
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

describe('lcm errors', () => {
  it('exits 3 without a login, with an expired one, and 2 for bad usage', async () => {
    const [notLoggedIn, noKind, badOption] = await Promise.all([
      cli.run(['get', 'sessions']),
      cli.run(['get']),
      cli.run(['get', 'sessions', '--bogus']),
    ]);
    await writeFile(
      join(cli.configDir, 'credentials.json'),
      JSON.stringify({ server: world.url, token: 'old', expiresAt: '2020-01-01T00:00:00Z' }),
    );
    const expired = await cli.run(['get', 'sessions']);

    expect(notLoggedIn.code).toBe(3);
    expect(errorLine(notLoggedIn)).toMatch(/^lcm: not logged in/);
    expect(expired.code).toBe(3);
    expect(errorLine(expired)).toMatch(/^lcm: your login to .* expired/);
    expect(noKind.code).toBe(2);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/^lcm: unknown option '--bogus'/);
  });

  it('exits 4 when the role may not, 5 when the object does not exist', async () => {
    const asUser = { LCM_API_URL: world.url, LCM_TOKEN: await world.tokenFor('user') };
    const asAdmin = { LCM_API_URL: world.url, LCM_API_KEY: await world.tokenFor('admin') };

    const [forbidden, deleteForbidden, missing, missingAction] = await Promise.all([
      cli.run(['get', 'workers'], { env: asUser }),
      cli.run(['delete', 'template', 'small'], { env: asUser }),
      cli.run(['describe', 'session', 'nope'], { env: asAdmin }),
      cli.run(['drain', 'worker', 'nope'], { env: asAdmin }),
    ]);

    expect([forbidden.code, deleteForbidden.code]).toEqual([4, 4]);
    expect(errorLine(forbidden)).toMatch(/^lcm: /);
    expect(errorLine(deleteForbidden)).toMatch(/^lcm: /);
    expect([missing.code, missingAction.code]).toEqual([5, 5]);
    expect(errorLine(missing)).toMatch(/^lcm: /);
    expect(await world.local.get('WorkerTemplate', 'small')).toBeDefined();
  });

  it('exits 1 for a bad manifest, naming file and document, and applies nothing', async () => {
    const env = { LCM_API_URL: world.url, LCM_TOKEN: await world.tokenFor('admin') };
    const file = join(cli.configDir, 'bad.yaml');
    await writeFile(
      file,
      [
        'apiVersion: lcm/v1',
        'kind: WorkerTemplate',
        'metadata: { name: never }',
        'spec: {}',
        '---',
        'apiVersion: lcm/v1',
        'metadata: { name: x }',
        '',
      ].join('\n'),
    );

    const [bad, unreadable, unreachable] = await Promise.all([
      cli.run(['apply', '-f', file], { env }),
      cli.run(['apply', '-f', join(cli.configDir, 'missing.yaml')], { env }),
      cli.run(['get', 'templates', '--server', 'http://127.0.0.1:1', '--token', 'x']),
    ]);

    expect(bad.code).toBe(1);
    expect(errorLine(bad)).toBe(`lcm: ${file}: document 2 has no kind`);
    expect(unreadable.code).toBe(1);
    expect(errorLine(unreadable)).toMatch(/missing\.yaml: ENOENT/);
    expect(unreachable.code).toBe(1);
    expect(errorLine(unreachable)).toMatch(/ECONNREFUSED/);
    await expect(world.local.get('WorkerTemplate', 'never')).rejects.toMatchObject({
      reason: 'NotFound',
    });
  });

  it('reports a document the server refuses and exits with its code after applying the rest', async () => {
    const env = { LCM_API_URL: world.url, LCM_TOKEN: await world.tokenFor('admin') };
    const manifests = [
      'apiVersion: lcm/v1\nkind: WorkerTemplate\nmetadata: { name: broken }\nspec: { provider: nowhere }\n',
      'apiVersion: lcm/v1\nkind: WorkerTemplate\nmetadata: { name: fine }\nspec:\n  provider: sim\n  region: sim-1\n  instanceType: sim.medium\n  capacity: { cpu: 2, memoryMiB: 2048, storageGiB: 20, nodes: 5 }\n  licenseType: personal\n',
    ].join('---\n');

    const result = await cli.run(['apply', '-f', '-'], { env, input: manifests });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('workertemplate/fine created\n');
    expect(result.stderr).toMatch(/^lcm: -: document 1 \(workertemplate\/broken\): /m);
    expect(result.stderr).toMatch(/^lcm: 1 of 2 objects were not applied$/m);
  });
});
