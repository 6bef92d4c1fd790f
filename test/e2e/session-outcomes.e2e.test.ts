/**
 * How sessions end (SPEC.md "LabletSession"): a student who never opens the lab is a NoShow, one
 * still working at the end of a graded lab is graded and Expired, a deleted session is torn down
 * before the store removes it, and a session nothing can host fails at its Pending deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyResource } from '../../src/resources/index.js';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import { testFetch } from '../support/api-world.js';
import { aSession } from '../support/builders.js';
import { startFleetWorld, type FleetWorld } from '../support/fleet-world.js';
import { aSeatTemplate, seedDefinition } from '../support/scheduler-fixtures.js';

let fleet: FleetWorld;
const MINUTE = 60_000;

function timed(name: string, definition: string, startMs: number): AnyResource {
  return aSession(name, {
    definition: { name: definition },
    timeslot: {
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + 30 * MINUTE).toISOString(),
    },
  });
}

async function sessionOf(name: string): Promise<LabletSession | undefined> {
  try {
    return (await fleet.local.get('LabletSession', name, 'default')) as unknown as LabletSession;
  } catch {
    return undefined;
  }
}

async function phaseOf(name: string): Promise<string | undefined> {
  return (await sessionOf(name))?.status?.phase;
}

beforeAll(async () => {
  fleet = await startFleetWorld();
  await fleet.local.create(
    aSeatTemplate('small', 4, { startupSeconds: 300, image: { amiNamePattern: 'CML-2.9*' } }),
  );
  await seedDefinition(fleet.local, fleet.clock, 'graded', {
    lds: { formQualifiedName: 'Demo Graded Lab' },
    grading: { timeoutSeconds: 600 },
  });
  await seedDefinition(fleet.local, fleet.clock, 'ungraded', {
    family: 'practice',
    lds: { formQualifiedName: 'Demo Practice Lab' },
  });
  await seedDefinition(fleet.local, fleet.clock, 'unplaceable', {
    family: 'future',
    image: { cmlVersionMin: '9.0' },
  });
  const start = fleet.clock.nowMs() + 20 * MINUTE;
  for (const session of [
    timed('no-show', 'ungraded', start),
    timed('works-to-end', 'graded', start),
    timed('deleted', 'ungraded', start),
    timed('nowhere', 'unplaceable', start),
  ])
    await fleet.local.create(session);
  await fleet.runUntil(
    async () =>
      (await phaseOf('works-to-end')) === 'Ready' && (await phaseOf('deleted')) === 'Ready',
    'sessions Ready',
    { stepMs: 5000 },
  );
  const working = await sessionOf('works-to-end');
  expect((await testFetch(working?.status?.access?.loginUrl ?? '')).status).toBe(200);
  await fleet.local.delete('LabletSession', 'deleted', { namespace: 'default' });
  await fleet.runUntil(
    async () =>
      (await Promise.all(['no-show', 'works-to-end', 'nowhere'].map(phaseOf))).every(
        (phase) => phase === 'Terminated',
      ) && (await sessionOf('deleted')) === undefined,
    'every session ended',
    { stepMs: 5000 },
  );
}, 120_000);

afterAll(async () => {
  await fleet.close();
});

describe('session outcomes on the simulators', () => {
  it('ends a session whose student never came as NoShow, releasing its lab', async () => {
    const session = await sessionOf('no-show');
    expect(session?.status?.outcome).toBe('NoShow');
    expect(session?.status?.history?.map((entry) => entry.to)).toEqual([
      'Pending',
      'Scheduled',
      'Instantiating',
      'Ready',
      'Stopping',
      'Stopped',
      'Archived',
      'Terminated',
    ]);
  });

  it('grades a student still working when the timeslot ends, then expires the session', async () => {
    const session = await sessionOf('works-to-end');
    expect(session?.status?.outcome).toBe('Expired');
    expect(session?.status?.history?.map((entry) => entry.to)).toContain('Graded');
    const report = await fleet.local.get(
      'ScoreReport',
      session?.status?.grading?.scoreReport ?? '',
      'default',
    );
    expect(report.spec.session).toBe('works-to-end');
  });

  it('tears a deleted session down before the store removes it', async () => {
    expect(await sessionOf('deleted')).toBeUndefined();
    const workers = (await fleet.local.list('Worker')).items as unknown as Worker[];
    const holders = workers.flatMap((w) => (w.status?.allocations ?? []).map((a) => a.holder));
    expect(holders.filter((holder) => holder.kind === 'LabletSession')).toEqual([]);
  });

  it('fails a session nothing can host at its Pending deadline, saying why', async () => {
    const session = await sessionOf('nowhere');
    expect(session?.status?.outcome).toBe('Failed');
    expect(session?.status?.message).toMatch(/not placed within 10 min of its start: .*CML/);
  });

  it('leaves the fleet consistent', async () => {
    expect(await fleet.violations()).toEqual([]);
  });
});
