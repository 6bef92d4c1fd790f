/**
 * Fleet benchmark: N sessions on M pre-started workers through their whole lifecycle (Pending →
 * Scheduled → Instantiating → Ready → Running → Collecting → Grading → Graded → Stopping →
 * Terminated), with students opening their labs and some finishing early, everything in one
 * process as `lcm serve` runs it (API, controllers, simulators), on a ScaledClock, on PGlite and
 * PostgreSQL. Wall time, sessions/s, the control plane's added latency (fleet-measures.ts), peak
 * RSS, store writes and the fleet invariants at the end. docs/benchmarks.md ("Fleet") explains it.
 *
 * Settings: FLEET_BENCH_SCENARIOS (`1000/30,10000/300`, sessions/workers), FLEET_BENCH_BACKENDS
 * (`PGlite,PostgreSQL`), FLEET_BENCH_FACTOR (60: simulated ms per real ms), FLEET_BENCH_WINDOW_MINUTES
 * (40: timeslot starts spread over), FLEET_BENCH_SLOT_MINUTES (10), FLEET_BENCH_FINISHERS (0.5),
 * FLEET_BENCH_TIMEOUT_SECONDS (1200: a scenario gives up after this much real time).
 */
import { ScaledClock } from '../src/clock/index.js';
import { checkFleetInvariants } from '../src/controllers/invariants/check-fleet-invariants.js';
import { readFleet } from '../src/controllers/invariants/read-fleet.js';
import type { LabletSession } from '../src/resources/kinds/lablet-session.js';
import { postgresAvailable } from '../test/support/postgres.js';
import { aSession } from '../test/support/builders.js';
import { countBy } from '../test/support/class-run.js';
import { fleetLatencies, type LatencySummary } from './fleet-measures.js';
import { startStudents } from './fleet-students.js';
import {
  BENCH_DEFINITION,
  inBatches,
  seedRunningFleet,
  startFleetSystem,
  type Backend,
} from './fleet-system.js';
import { printTable } from './bench-support.js';

const MINUTE = 60_000;
const SCENARIOS = (process.env.FLEET_BENCH_SCENARIOS ?? '1000/30,10000/300')
  .split(',')
  .map((pair) => pair.split('/').map(Number) as [number, number]);
const BACKENDS = (process.env.FLEET_BENCH_BACKENDS ?? 'PGlite,PostgreSQL').split(',') as Backend[];
const FACTOR = Number(process.env.FLEET_BENCH_FACTOR ?? 60);
const WINDOW_MS = Number(process.env.FLEET_BENCH_WINDOW_MINUTES ?? 40) * MINUTE;
const SLOT_MS = Number(process.env.FLEET_BENCH_SLOT_MINUTES ?? 10) * MINUTE;
const FINISHERS = Number(process.env.FLEET_BENCH_FINISHERS ?? 0.5);
const TIMEOUT_MS = Number(process.env.FLEET_BENCH_TIMEOUT_SECONDS ?? 1200) * 1000;
const LEAD_TIME_MS = 5 * MINUTE;
/** The first timeslot starts this long after the sessions are created. */
const FIRST_START_MS = LEAD_TIME_MS + MINUTE;
/** A finisher presses "finish" this long after the session is Running. */
const FINISH_AFTER_MS = 3 * MINUTE;
/** Deadlines far beyond the run: a control plane behind schedule shows as latency, not Failed. */
const NO_DEADLINE_MINUTES = 24 * 60;

interface FleetResult {
  complete: boolean;
  wallSeconds: number;
  /** Simulated span of the schedule ÷ factor: the wall time of an infinitely fast control plane. */
  floorSeconds: number;
  peakRssMiB: number;
  storeWrites: number;
  outcomes: Record<string, number>;
  latencies: ReturnType<typeof fleetLatencies>;
  violations: string[];
  studentFailures: number;
}

/** Samples the resident set size every 100 ms; returns the peak so far. */
function rssSampler(): { peakMiB(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    peakMiB: () => Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    stop: () => clearInterval(timer),
  };
}

async function runFleet(backend: Backend, sessions: number, workers: number): Promise<FleetResult> {
  const clock = new ScaledClock({ factor: FACTOR });
  const rss = rssSampler();
  const system = await startFleetSystem({
    backend,
    clock,
    workers,
    overrides: {
      sessions: {
        leadTimeMinutes: LEAD_TIME_MS / MINUTE,
        pendingDeadlineMinutes: NO_DEADLINE_MINUTES,
        instantiatingDeadlineMinutes: NO_DEADLINE_MINUTES,
        collectingDeadlineMinutes: NO_DEADLINE_MINUTES,
        stoppingDeadlineMinutes: NO_DEADLINE_MINUTES,
      },
      // Placed shortly before instantiation, so a worker's seats serve several timeslots.
      scheduling: { maxWorkersPerRegion: workers, horizonMinutes: LEAD_TIME_MS / MINUTE + 3 },
      autoscaling: { scaleDownEnabled: false },
    },
  });
  try {
    await seedRunningFleet(system, clock, workers);
    const students = startStudents({
      client: system.local,
      clock,
      ldsUrl: system.providers.simulatorUrls.lds ?? '',
      finishes: (name) => Number(name.slice(1)) % 100 < FINISHERS * 100,
      finishAfterMs: FINISH_AFTER_MS,
    });
    const revisionBefore = await system.store.currentRevision();
    const startedWallMs = Date.now();
    const firstStartMs = clock.nowMs() + FIRST_START_MS;
    const spacingMs = WINDOW_MS / sessions;
    await inBatches(system.local, sessions, (i) => {
      const start = firstStartMs + Math.floor(i * spacingMs);
      return aSession(`s${String(i).padStart(5, '0')}`, {
        definition: { name: BENCH_DEFINITION },
        owner: { userId: `student-${i}` },
        timeslot: {
          start: new Date(start).toISOString(),
          end: new Date(start + SLOT_MS).toISOString(),
        },
      });
    });
    const complete = await students.allTerminated(sessions, TIMEOUT_MS);
    const wallSeconds = (Date.now() - startedWallMs) / 1000;
    const storeWrites = (await system.store.currentRevision()) - revisionBefore;
    await students.stop();
    const fleet = await readFleet(system.local);
    const list = fleet.sessions as LabletSession[];
    return {
      complete,
      wallSeconds,
      floorSeconds: (FIRST_START_MS + WINDOW_MS + SLOT_MS) / FACTOR / 1000,
      peakRssMiB: rss.peakMiB(),
      storeWrites,
      outcomes: countBy(list, (s) => s.status?.outcome ?? s.status?.phase),
      latencies: fleetLatencies(list, students.actions, {
        factor: FACTOR,
        leadTimeMs: LEAD_TIME_MS,
      }),
      violations: checkFleetInvariants({ ...fleet, now: clock.now() }).map(
        (v) => `${v.invariant} ${v.object}: ${v.message}`,
      ),
      studentFailures: students.failures(),
    };
  } finally {
    rss.stop();
    await system.close();
  }
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const p50p99 = (l: LatencySummary) => `${ms(l.p50Ms)} / ${ms(l.p99Ms)} (max ${ms(l.maxMs)})`;

export async function runFleetBenchmark(): Promise<void> {
  const backends: Backend[] = [];
  for (const backend of BACKENDS)
    if (backend !== 'PostgreSQL' || (await postgresAvailable()).available) backends.push(backend);
  const rows: Record<string, string | number>[] = [];
  for (const [sessions, workers] of SCENARIOS)
    for (const backend of backends) {
      const r = await runFleet(backend, sessions, workers);
      const row = {
        backend,
        'sessions/workers': `${sessions}/${workers}`,
        'wall s': `${r.wallSeconds.toFixed(1)}${r.complete ? '' : ' (timed out)'}`,
        'floor s': r.floorSeconds.toFixed(1),
        'sessions/s': (sessions / r.wallSeconds).toFixed(1),
        'ready ms p50/p99': p50p99(r.latencies.ready),
        'open→Running ms p50/p99': p50p99(r.latencies.opened),
        'end→Terminated ms p50/p99': p50p99(r.latencies.ended),
        'peak RSS MiB': Math.round(r.peakRssMiB),
        'store writes/s': Math.round(r.storeWrites / r.wallSeconds),
        outcomes: JSON.stringify(r.outcomes),
        'invariant violations': r.violations.length,
      };
      rows.push(row);
      console.log(JSON.stringify({ ...row, studentFailures: r.studentFailures }));
      for (const violation of r.violations.slice(0, 10)) console.log(`  ${violation}`);
    }
  printTable(
    `fleet: sessions through their lifecycle, in one process, clock × ${FACTOR}, latencies in real ms`,
    rows,
  );
}
