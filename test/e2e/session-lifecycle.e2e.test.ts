/**
 * One student's session through the whole lifecycle on the simulators: placed on a worker the
 * scheduler asked for, instantiated (lab imported, ports tagged, booted, LDS access), Running
 * when the student opens the lab, graded when they finish, torn down with outcome Completed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LabRecord } from '../../src/resources/kinds/lab-record.js';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { ScoreReport } from '../../src/resources/kinds/score-report.js';
import { testFetch } from '../support/api-world.js';
import { aSession } from '../support/builders.js';
import { startFleetWorld, type FleetWorld } from '../support/fleet-world.js';
import { aSeatTemplate, seedDefinition } from '../support/scheduler-fixtures.js';

let world: FleetWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function sessionOf(fleet: FleetWorld, name: string): Promise<LabletSession> {
  return (await fleet.local.get('LabletSession', name, 'default')) as unknown as LabletSession;
}

describe('a session on the simulators', () => {
  it('goes from Pending to Terminated with a lab, LDS access and a ScoreReport', async () => {
    const fleet = (world = await startFleetWorld());
    await fleet.local.create(
      aSeatTemplate('small', 4, { startupSeconds: 300, image: { amiNamePattern: 'CML-2.9*' } }),
    );
    await seedDefinition(fleet.local, fleet.clock, 'ccna-1', {
      lds: { formQualifiedName: 'Demo CCNA Lab 1' },
      grading: { timeoutSeconds: 600 },
    });
    const start = fleet.clock.nowMs() + 20 * 60_000;
    await fleet.local.create(
      aSession('s1', {
        timeslot: {
          start: new Date(start).toISOString(),
          end: new Date(start + 30 * 60_000).toISOString(),
        },
      }),
    );
    await fleet.runUntil(
      async () => (await sessionOf(fleet, 's1')).status?.phase === 'Ready',
      'session Ready',
      { stepMs: 5000 },
    );
    const ready = await sessionOf(fleet, 's1');
    expect(fleet.clock.nowMs()).toBeLessThanOrEqual(start);
    expect(ready.status?.access?.loginUrl).toMatch(/^http/);
    expect(ready.status?.access?.devices?.length).toBeGreaterThan(0);
    const lab = (await fleet.local.get(
      'LabRecord',
      ready.status?.lab ?? '',
    )) as unknown as LabRecord;
    expect(lab.status?.phase).toBe('Booted');
    expect(lab.status?.session).toBe('default/s1');

    const opened = await testFetch(ready.status?.access?.loginUrl ?? '');
    expect(opened.status).toBe(200);
    await fleet.runUntil(
      async () => (await sessionOf(fleet, 's1')).status?.phase === 'Running',
      'session Running',
    );
    const ldsId = ready.status?.access?.ldsSessionId ?? '';
    const finished = await testFetch(
      `${fleet.providers.simulatorUrls.lds ?? ''}/_sim/sessions/${ldsId}/finish`,
      { method: 'POST' },
    );
    expect(finished.status).toBeLessThan(300);
    await fleet.runUntil(
      async () => (await sessionOf(fleet, 's1')).status?.phase === 'Terminated',
      'session Terminated',
    );
    const ended = await sessionOf(fleet, 's1');
    expect(ended.status?.outcome).toBe('Completed');
    expect(ended.status?.grading?.phase).toBe('Submitted');
    const report = (await fleet.local.get(
      'ScoreReport',
      ended.status?.grading?.scoreReport ?? '',
      'default',
    )) as unknown as ScoreReport;
    expect(report.spec.session).toBe('s1');
    const wiped = (await fleet.local.get('LabRecord', lab.metadata.name)) as unknown as LabRecord;
    expect(wiped.status?.phase).toBe('Wiped');
    expect(wiped.status?.session).toBeUndefined();
    expect(await fleet.violations()).toEqual([]);
  });
});
