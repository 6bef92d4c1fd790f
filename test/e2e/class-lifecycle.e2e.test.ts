/**
 * The end-to-end run on the simulators (ManualClock): a confirmed reservation for 30
 * students on an empty fleet → workers scale up in time → every session Ready by the start → the
 * students open their labs (Running) → 10 finish early and are graded → the rest are graded at
 * the end of the timeslot → every session Terminated → the idle workers drain and stop. The
 * fleet invariants are checked after every step of the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import {
  aClass,
  classStudents,
  countBy,
  labAccounting,
  seedClassFleet,
  sessionsOf,
} from '../support/class-run.js';
import { startFleetWorld, type FleetWorld } from '../support/fleet-world.js';

const SEATS = 30;
const MINUTE = 60_000;
let fleet: FleetWorld;
let startMs: number;
let allReadyAt: number | undefined;
let accounting: Awaited<ReturnType<typeof labAccounting>> | undefined;
const violationsSeen: string[] = [];

beforeAll(async () => {
  fleet = await startFleetWorld({ overrides: { autoscaling: { idleTimeoutMinutes: 20 } } });
  await seedClassFleet(fleet.local);
  startMs = fleet.clock.nowMs() + 40 * MINUTE;
  await fleet.local.create(aClass('ccna-class', SEATS, startMs, 60));
  const students = classStudents({
    client: fleet.local,
    reservation: 'ccna-class',
    ldsUrl: fleet.providers.simulatorUrls.lds ?? '',
    finishers: 10,
  });
  const watchInvariants = async () => {
    for (const violation of await fleet.violations())
      violationsSeen.push(
        `${new Date(fleet.clock.nowMs()).toISOString()} ${violation.invariant} ${violation.object}: ${violation.message}`,
      );
  };
  const sessions = () => sessionsOf(fleet.local, 'ccna-class');
  await fleet.runUntil(
    async () => {
      const all = await sessions();
      const ready = all.length === SEATS && all.every((s) => s.status?.phase === 'Ready');
      if (ready) allReadyAt = fleet.clock.nowMs();
      return ready;
    },
    'all sessions Ready',
    { stepMs: 5000, onStep: watchInvariants },
  );
  await fleet.runUntil(
    async () => (await sessions()).every((s) => s.status?.phase === 'Terminated'),
    'all sessions Terminated',
    {
      stepMs: 5000,
      onStep: async () => {
        await students.tick();
        await watchInvariants();
      },
    },
  );
  // While the workers still run: every lab on their CML against the LabRecords.
  accounting = await labAccounting(fleet.local);
  await fleet.runUntil(
    async () =>
      ((await fleet.local.list('Worker')).items as unknown as Worker[]).every(
        (w) => w.status?.phase === 'Stopped',
      ),
    'idle workers stopped',
    { stepMs: 10_000, onStep: watchInvariants },
  );
}, 600_000);

afterAll(async () => {
  await fleet.close();
});

describe('a class of 30 on an empty fleet', () => {
  it('scales the fleet up in time: every lab is Ready by the start', async () => {
    expect(allReadyAt).toBeLessThanOrEqual(startMs);
    const workers = (await fleet.local.list('Worker')).items as unknown as Worker[];
    expect(workers.length).toBe(3);
  });

  it('ends with 10 students Completed and 20 Expired, every one graded', async () => {
    const sessions: LabletSession[] = await sessionsOf(fleet.local, 'ccna-class');
    expect(countBy(sessions, (s) => s.status?.outcome)).toEqual({ Completed: 10, Expired: 20 });
    for (const session of sessions) {
      expect(session.status?.history?.map((h) => h.to)).toContain('Running');
      const report = await fleet.local.get(
        'ScoreReport',
        session.status?.grading?.scoreReport ?? '',
        'default',
      );
      expect(report.spec.session).toBe(session.metadata.name);
    }
  });

  it('leaves every CML lab accounted for by one LabRecord, none bound', () => {
    expect(accounting).toEqual({ unaccounted: [], duplicated: [], stillBound: [] });
  });

  it('holds the fleet invariants at every step, and stops the idle workers', async () => {
    expect(violationsSeen).toEqual([]);
    const workers = (await fleet.local.list('Worker')).items as unknown as Worker[];
    expect(workers.map((w) => w.status?.phase)).toEqual(['Stopped', 'Stopped', 'Stopped']);
  });
});
