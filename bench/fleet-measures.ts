/**
 * The fleet benchmark's per-session latencies, read from each session's phase history (times on
 * the simulated clock) and the students' recorded actions, with what the simulators take
 * subtracted, so that what is left is the time the control plane added. Reported in real ms
 * (simulated ms ÷ the clock factor). docs/benchmarks.md ("Fleet") defines each one.
 */
import type { LabletSession } from '../src/resources/kinds/lablet-session.js';
import { DEFAULT_NODE_PROFILES } from '../src/sim/cml-sim/node-profiles.js';
import type { StudentActions } from './fleet-students.js';
import { percentile } from './bench-support.js';

/** The definition's one iosv node boots cold in this long (simulated ms, simTimeScale 1). */
export const LAB_BOOT_MS = DEFAULT_NODE_PROFILES.iosv?.coldBootMs ?? 90_000;
/** grading-sim: collect 5 s, then grade 10 s, before its `grading.completed` event. */
export const GRADING_MS = 15_000;

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface FleetLatencies {
  /** Ready − (timeslot start − lead time) − LAB_BOOT_MS. */
  ready: LatencySummary;
  /** Running − the student opening the lab. */
  opened: LatencySummary;
  /** Terminated − (the finish, or the timeslot end) − GRADING_MS, for graded sessions. */
  ended: LatencySummary;
}

function firstAt(session: LabletSession, phase: string): number | undefined {
  const entry = session.status?.history?.find((h) => h.to === phase);
  return entry ? Date.parse(entry.at) : undefined;
}

function summarise(simulatedMs: number[], factor: number): LatencySummary {
  const sorted = simulatedMs.map((ms) => ms / factor).sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

export function fleetLatencies(
  sessions: readonly LabletSession[],
  actions: ReadonlyMap<string, StudentActions>,
  options: { factor: number; leadTimeMs: number },
): FleetLatencies {
  const ready: number[] = [];
  const opened: number[] = [];
  const ended: number[] = [];
  for (const session of sessions) {
    const start = Date.parse(session.spec.timeslot?.start ?? '');
    const end = Date.parse(session.spec.timeslot?.end ?? '');
    const readyAt = firstAt(session, 'Ready');
    if (readyAt !== undefined) ready.push(readyAt - (start - options.leadTimeMs) - LAB_BOOT_MS);
    const action = actions.get(session.metadata.name);
    const runningAt = firstAt(session, 'Running');
    if (runningAt !== undefined && action?.openedAtMs !== undefined)
      opened.push(runningAt - action.openedAtMs);
    const terminatedAt = firstAt(session, 'Terminated');
    if (terminatedAt !== undefined && firstAt(session, 'Graded') !== undefined) {
      const finished = action?.finishedAtMs;
      const endedAt = finished !== undefined && finished < end ? finished : end;
      ended.push(terminatedAt - endedAt - GRADING_MS);
    }
  }
  return {
    ready: summarise(ready, options.factor),
    opened: summarise(opened, options.factor),
    ended: summarise(ended, options.factor),
  };
}
