/**
 * The `lcm` binary against a real API: login (password on stdin) stores a 0600 credentials file;
 * apply of a multi-document file creates, updates and leaves objects alone; get (table, JSON,
 * YAML), describe, an action, explain and delete use the stored login.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ADMIN_PASSWORD, startApiWorld, type ApiWorld } from '../support/api-world.js';
import { SESSION_MACHINE } from '../../src/resources/kinds/lablet-session.js';
import { transitionPhase } from '../../src/resources/kinds/phase-machine.js';
import { aSession, TINY_TOPOLOGY } from '../support/builders.js';
import { createLcmCli, type LcmCli } from '../support/lcm-cli.js';

const MANIFESTS = `apiVersion: lcm/v1
kind: WorkerTemplate
metadata:
  name: small
spec:
  provider: sim
  region: sim-1
  instanceType: sim.medium
  capacity: { cpu: 8, memoryMiB: 32768, storageGiB: 200, nodes: 20 }
  licenseType: enterprise
---
apiVersion: lcm/v1
kind: LabletDefinition
metadata:
  name: ccna-1
spec:
  family: ccna
  version: 1.0.0
  displayName: CCNA lab
  topology: |
${TINY_TOPOLOGY.split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
`;

let world: ApiWorld;
let cli: LcmCli;

beforeAll(async () => {
  world = await startApiWorld({
    overrides: { auth: { adminPassword: ADMIN_PASSWORD, loginRateLimitPerMinute: 1000 } },
  });
  cli = await createLcmCli();
});
afterAll(async () => {
  await cli.close();
  await world.close();
});

describe('lcm with a stored login', () => {
  it('logs in with the password on stdin and stores the token for its owner only', async () => {
    const result = await cli.run(
      ['login', '--server', world.url, '--username', 'admin', '--password-stdin'],
      { input: `${ADMIN_PASSWORD}\n` },
    );

    expect(result.code).toBe(0);
    const file = join(cli.configDir, 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(stored).toMatchObject({ server: world.url, token: expect.any(String) });
    expect(Date.parse(stored.expiresAt ?? '')).toBeGreaterThan(Date.now());
  });

  it('applies a multi-document file: created, then configured and unchanged', async () => {
    const file = join(cli.configDir, 'objects.yaml');
    await writeFile(file, MANIFESTS);

    const first = await cli.run(['apply', '-f', file]);
    const second = await cli.run(['apply', '-f', '-'], {
      input: MANIFESTS.replace('nodes: 20', 'nodes: 25'),
    });

    expect(first.code).toBe(0);
    expect(first.stdout).toBe('workertemplate/small created\nlabletdefinition/ccna-1 created\n');
    expect(second.stdout).toBe(
      'workertemplate/small configured\nlabletdefinition/ccna-1 unchanged\n',
    );
    const template = await world.local.get('WorkerTemplate', 'small');
    expect(template.spec).toMatchObject({ capacity: { nodes: 25 } });
    expect(await world.local.get('LabletDefinition', 'ccna-1', 'default')).toMatchObject({
      spec: { family: 'ccna', state: 'Draft' },
    });
  });

  it('gets a kind as a table, one object as JSON and a list as YAML', async () => {
    const [table, json, yaml] = await Promise.all([
      cli.run(['get', 'defs']),
      cli.run(['get', 'templates', 'small', '-o', 'json']),
      cli.run(['get', 'labletdefinitions', '-o', 'yaml']),
    ]);

    const [header, row, ...rest] = table.stdout.trimEnd().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['NAME', 'FAMILY', 'VERSION', 'STATE', 'NODES', 'AGE']);
    expect(row?.split(/\s{2,}/).slice(0, 4)).toEqual(['ccna-1', 'ccna', '1.0.0', 'Draft']);
    expect(rest).toEqual([]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      kind: 'WorkerTemplate',
      metadata: { name: 'small' },
    });
    expect(parseYaml(yaml.stdout)).toMatchObject({
      kind: 'LabletDefinitionList',
      items: [{ metadata: { name: 'ccna-1' } }],
    });
  });

  it('runs an action and describes a session with its spec, status and history', async () => {
    const activated = await cli.run(['activate', 'definition', 'ccna-1']);
    expect(activated.code).toBe(0);
    expect(activated.stdout).toBe('labletdefinition/ccna-1: activate requested\n');
    const start = new Date();
    const timeslot = {
      start: start.toISOString(),
      end: new Date(start.getTime() + 1_800_000).toISOString(),
    };
    const created = await world.local.create(
      aSession('s1', { owner: { userId: 'student-1' }, timeslot }),
    );
    const change = { at: new Date(), reason: 'placed', actor: 'scheduler' };
    const pending = transitionPhase(SESSION_MACHINE, {}, 'Pending', change);
    const scheduled = transitionPhase(SESSION_MACHINE, pending, 'Scheduled', change);
    await world.local.updateStatus({ ...created, status: { ...scheduled, worker: 'w1' } });

    const [described, sessions] = await Promise.all([
      cli.run(['describe', 'session', 's1']),
      cli.run(['get', 'ls']),
    ]);

    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/^Name:\s+s1$/m);
    expect(described.stdout).toMatch(/^Namespace:\s+default$/m);
    expect(described.stdout).toMatch(/^Spec:\n {2}definition:/m);
    expect(described.stdout).toMatch(/^History:\n\s+FROM\s+TO\s+AT\s+REASON\s+ACTOR$/m);
    expect(described.stdout).toMatch(/^\s+Pending\s+Scheduled\s+\S+\s+placed\s+scheduler$/m);
    expect(sessions.stdout).toMatch(/^NAME\s+PHASE\s+OWNER\s+DEFINITION\s+WORKER\s+AGE$/m);
    expect(sessions.stdout).toMatch(/^s1\s+Scheduled\s+student-1\s+ccna-1\s+w1\s+\d+s$/m);
  });

  it('extends and explains a session, then deletes it', async () => {
    const [extended, explained] = await Promise.all([
      cli.run(['extend', 'session', 's1', '--end', '+45m']),
      cli.run(['explain', 'session', 's1']),
    ]);
    const { spec } = await world.local.get('LabletSession', 's1', 'default');
    const deleted = await cli.run(['delete', 'sessions', 's1']);

    expect(extended.code).toBe(0);
    expect(extended.stdout).toMatch(/^labletsession\/s1: extend requested \(end \S+\)\n$/);
    expect(Date.parse((spec.timeslot as { end: string }).end)).toBeGreaterThan(
      Date.now() + 1_800_000,
    );
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/^Session:\s+default\/s1$/m);
    expect(explained.stdout).toMatch(/^Phase:\s+Scheduled$/m);
    expect(explained.stdout).toMatch(/^Worker:\s+w1$/m);
    expect(deleted.code).toBe(0);
    // The sessions controller tears a deleted session down before the store removes it.
    expect(deleted.stdout).toMatch(
      /^labletsession\/s1 deleted \(deletion started; waiting for lcm.io\/session-teardown\)/,
    );
    const terminating = await world.local.get('LabletSession', 's1', 'default');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
  });
});
