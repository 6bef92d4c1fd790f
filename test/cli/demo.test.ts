/**
 * `lcm demo class` against a real API with the demo seeded: it books a Confirmed reservation for
 * the simulated students on the first Active demo definition (or the one named), prints how to
 * follow it, and refuses what the class could not run with the documented exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STUDENTS_LABEL } from '../../src/app/demo/demo-labels.js';
import { seedDemo } from '../../src/app/demo/seed-demo.js';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { createSilentLogger } from '../../src/observability/index.js';
import type { Reservation } from '../../src/resources/kinds/reservation.js';
import { ADMIN_PASSWORD, startApiWorld, type ApiWorld } from '../support/api-world.js';
import { createLcmCli, type LcmCli } from '../support/lcm-cli.js';

let world: ApiWorld;
let cli: LcmCli;

beforeAll(async () => {
  world = await startApiWorld({
    overrides: { auth: { adminPassword: ADMIN_PASSWORD, loginRateLimitPerMinute: 1000 } },
  });
  await seedDemo({ client: world.local, logger: createSilentLogger(), timeScale: 0.05 });
  cli = await createLcmCli();
  const login = await cli.run(
    ['login', '--server', world.url, '--username', 'admin', '--password-stdin'],
    { input: `${ADMIN_PASSWORD}\n` },
  );
  if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
});
afterAll(async () => {
  await cli.close();
  await world.close();
});

async function reservation(name: string): Promise<Reservation> {
  return (await world.local.get('Reservation', name, 'default')) as Reservation;
}

function createdName(stdout: string): string {
  const name = /^reservation\/(demo-class-\S+) created/m.exec(stdout)?.[1];
  if (!name) throw new Error(`no reservation in: ${stdout}`);
  return name;
}

describe('lcm demo class', () => {
  it('books a Confirmed class on the graded demo definition and says how to follow it', async () => {
    const result = await cli.run(['demo', 'class', '--seats', '30']);

    expect(result.code, result.stderr).toBe(0);
    const name = createdName(result.stdout);
    const booked = await reservation(name);
    expect(booked.metadata.labels).toEqual({ [DEMO_STUDENTS_LABEL]: 'true' });
    expect(booked.spec).toMatchObject({
      definition: { name: 'demo-ccna-vlans', version: '1.0.0' },
      seatCount: 30,
      state: 'Confirmed',
    });
    // Defaults: starts two minutes after the command ran, lasts twenty.
    const startMs = Date.parse(booked.spec.start);
    const sinceCreation = startMs - Date.parse(booked.metadata.creationTimestamp ?? '');
    expect(sinceCreation).toBeGreaterThan(0);
    expect(sinceCreation).toBeLessThanOrEqual(120_000);
    expect(Date.parse(booked.spec.end) - startMs).toBe(20 * 60_000);
    expect(result.stdout).toContain(`lcm get sessions -l lcm.io/reservation=${name} -w`);
    expect(result.stdout).toContain(`${world.url}/`);
  });

  it('takes the definition, start and length given', async () => {
    const result = await cli.run([
      'demo',
      'class',
      '--seats',
      '5',
      '--definition',
      'demo-vmanage-api',
      '--starts-in',
      '0s',
      '--duration',
      '45m',
    ]);

    expect(result.code, result.stderr).toBe(0);
    const booked = await reservation(createdName(result.stdout));
    expect(booked.spec).toMatchObject({
      definition: { name: 'demo-vmanage-api' },
      seatCount: 5,
    });
    expect(Date.parse(booked.spec.end) - Date.parse(booked.spec.start)).toBe(45 * 60_000);
  });

  it('refuses a class longer than the definition allows, and names the limit', async () => {
    const result = await cli.run(['demo', 'class', '--seats', '3', '--duration', '2h']);

    expect(result.code).toBe(EXIT_CODES.failure);
    expect(result.stderr).toContain('maximum of 60 minutes');
  });

  it('refuses a seat count that is not a whole number of at least one', async () => {
    const result = await cli.run(['demo', 'class', '--seats', '0']);

    expect(result.code).toBe(EXIT_CODES.failure);
    expect(result.stderr).toContain('--seats');
  });

  it('answers NotFound when there is no such definition, or no demo in the namespace', async () => {
    const named = await cli.run(['demo', 'class', '--seats', '3', '--definition', 'nope']);
    const empty = await cli.run(['demo', 'class', '--seats', '3', '-n', 'elsewhere']);

    expect(named.code).toBe(EXIT_CODES.notFound);
    expect(empty.code).toBe(EXIT_CODES.notFound);
    expect(empty.stderr).toContain('no Active demo LabletDefinition in namespace elsewhere');
  });
});
