/**
 * The issue's fault test: a class on simulators that fail 5 % of calls and now and then hang (the
 * cloud, every CML, the LDS and the grading engine). Every session must still end — Terminated,
 * with an outcome, and a reason when it did not end normally — no session may sit past its
 * deadline at any step of the clock, and nothing may leak: no allocation, no port, no bound lab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import type { FaultSettings } from '../../src/sim/faults.js';
import { testFetch } from '../support/api-world.js';
import {
  aClass,
  classStudents,
  countBy,
  labAccounting,
  seedClassFleet,
  sessionsOf,
} from '../support/class-run.js';
import { startFleetWorld, type FleetWorld } from '../support/fleet-world.js';

const SEATS = 24;
const MINUTE = 60_000;
/** 5 % of calls fail; one in 200 hangs until its connection is dropped 30 s later (on the clock). */
const STORM: Partial<FaultSettings> = { errorRate: 0.05, hangRate: 0.005, hangMs: 30_000 };
/** Outcomes that explain themselves; any other must carry `status.message`. */
const NORMAL_OUTCOMES = new Set(['Completed', 'Expired', 'NoShow']);

let fleet: FleetWorld;
let sessions: LabletSession[] = [];
let faultsSeen: unknown[] = [];
let accounting: Awaited<ReturnType<typeof labAccounting>> | undefined;
const violationsSeen: string[] = [];

function describeSession(session: LabletSession): string {
  const status = session.status;
  const steps = (status?.steps ?? [])
    .map(
      (step) =>
        `${step.name}:${step.phase}×${step.attempts}${step.error ? ` (${step.error})` : ''}`,
    )
    .join(', ');
  const history = (status?.history ?? []).map((entry) => entry.to).join('→');
  return `${session.metadata.name} ${status?.phase ?? 'Pending'} outcome=${status?.outcome ?? '-'} message=${status?.message ?? '-'} history=${history} steps=[${steps}]`;
}

beforeAll(async () => {
  fleet = await startFleetWorld({
    faults: STORM,
    timeScale: 1,
    overrides: { autoscaling: { idleTimeoutMinutes: 20 } },
  });
  await seedClassFleet(fleet.local);
  const startMs = fleet.clock.nowMs() + 40 * MINUTE;
  await fleet.local.create(aClass('faulty-class', SEATS, startMs, 60));
  const students = classStudents({
    client: fleet.local,
    reservation: 'faulty-class',
    ldsUrl: fleet.providers.simulatorUrls.lds ?? '',
    finishers: 8,
  });
  // A student's browser call can hang too: it must not hold the clock, which ends the hang.
  let ticking: Promise<void> | undefined;
  const tickStudents = (): void => {
    ticking ??= students
      .tick()
      .catch(() => undefined)
      .finally(() => (ticking = undefined));
  };
  const all = () => sessionsOf(fleet.local, 'faulty-class');
  try {
    await fleet.runUntil(
      async () => {
        const current = await all();
        return current.length === SEATS && current.every((s) => s.status?.phase === 'Terminated');
      },
      'all sessions Terminated',
      {
        stepMs: 5000,
        maxSimulatedMs: 4 * 60 * MINUTE,
        onStep: async () => {
          tickStudents();
          for (const violation of await fleet.violations())
            violationsSeen.push(
              `${fleet.clock.now().toISOString()} ${violation.invariant} ${violation.object}: ${violation.message}`,
            );
        },
      },
    );
  } catch (error) {
    const stuck = (await all()).filter((s) => s.status?.phase !== 'Terminated');
    throw new Error(`${(error as Error).message}\n${stuck.map(describeSession).join('\n')}`);
  } finally {
    await ticking;
  }
  sessions = await all();
  const workers = (await fleet.local.list('Worker')).items as unknown as Worker[];
  const endpoints = workers.flatMap((w) => (w.status?.endpoint ? [w.status.endpoint] : []));
  const { lds, grading } = fleet.providers.simulatorUrls;
  faultsSeen = await Promise.all(
    [...endpoints, lds, grading].map(async (url) => (await testFetch(`${url}/_sim/faults`)).json()),
  );
  // The storm is over: count every CML lab reliably.
  await fleet.providers.setSimulatorFaults({ errorRate: 0, hangRate: 0 });
  accounting = await labAccounting(fleet.local);
}, 300_000);

afterAll(async () => {
  await fleet.close();
});

describe('a class of 24 on simulators with 5 % errors and occasional hangs', () => {
  it('had the faults on every simulator, the CMLs started during the run included', () => {
    expect(faultsSeen.length).toBeGreaterThanOrEqual(3);
    for (const faults of faultsSeen) expect(faults).toMatchObject(STORM);
  });

  it('ends every session, Terminated with an outcome, and says why when it went wrong', () => {
    expect(sessions).toHaveLength(SEATS);
    const unended = sessions.filter((s) => s.status?.phase !== 'Terminated' || !s.status.outcome);
    expect(unended.map(describeSession)).toEqual([]);
    const unexplained = sessions.filter(
      (s) => !NORMAL_OUTCOMES.has(s.status?.outcome ?? '') && !s.status?.message?.trim(),
    );
    expect(unexplained.map(describeSession)).toEqual([]);
  });

  it('still ends most sessions normally: the controllers retry through the faults', () => {
    const outcomes = countBy(sessions, (s) => s.status?.outcome);
    const normal = (outcomes.Completed ?? 0) + (outcomes.Expired ?? 0);
    expect(normal, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(Math.ceil(0.8 * SEATS));
  });

  it('keeps every session within its deadline and the fleet consistent at every step', () => {
    expect(violationsSeen).toEqual([]);
  });

  it('leaks no allocation, port or lab binding', async () => {
    expect(await fleet.violations()).toEqual([]);
    const workers = (await fleet.local.list('Worker')).items as unknown as Worker[];
    const held = workers.flatMap((w) =>
      (w.status?.allocations ?? [])
        .filter((a) => a.holder.kind === 'LabletSession')
        .map(
          (a) =>
            `${w.metadata.name}: ${a.holder.name} ports ${a.ports.map((p) => p.port).join(',')}`,
        ),
    );
    expect(held).toEqual([]);
    expect(accounting).toEqual({ unaccounted: [], duplicated: [], stillBound: [] });
  });
});
