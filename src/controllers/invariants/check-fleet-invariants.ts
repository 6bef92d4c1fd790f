/**
 * The fleet's invariants (see `Invariant` in fleet-invariant.ts), checked over a snapshot:
 * accounting always, lab bindings when LabRecords are given, deadlines and idle workers when the
 * snapshot's time is given. Pure; tests, benchmarks and repair tools share it.
 */
import { checkAllocations } from './check-allocations.js';
import { checkIdleWorkers } from './check-idle-workers.js';
import { checkLabBindings } from './check-lab-bindings.js';
import { checkSessionDeadlines } from './check-session-deadlines.js';
import { sessionKey, type FleetObjects, type InvariantViolation } from './fleet-invariant.js';

// Callers read the violation type where they get the function.
export type { InvariantViolation } from './fleet-invariant.js';

const DEFAULT_DEADLINE_GRACE_MS = 60_000;

export function checkFleetInvariants(objects: FleetObjects): InvariantViolation[] {
  const sessions = new Map(objects.sessions.map((s) => [sessionKey(s.metadata), s]));
  const { now, options = {}, labRecords } = objects;
  const violations = checkAllocations(objects, sessions);
  if (labRecords) violations.push(...checkLabBindings(labRecords, sessions));
  if (now) {
    const graceMs = options.deadlineGraceMs ?? DEFAULT_DEADLINE_GRACE_MS;
    violations.push(...checkSessionDeadlines(objects.sessions, now, graceMs));
    if (options.idleWindowMs !== undefined)
      violations.push(...checkIdleWorkers(objects.workers, now, options.idleWindowMs));
  }
  return violations;
}
