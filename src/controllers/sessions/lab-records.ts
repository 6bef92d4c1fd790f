/**
 * The LabRecord writes of the session lifecycle (SPEC.md "LabRecord"): a new record bound to its
 * session, a reusable one claimed, phase changes, and the port allocation a wiped lab keeps.
 */
import { API_VERSION, type AnyResource } from '../../resources/index.js';
import {
  LAB_MACHINE,
  type LabPhase,
  type LabRecord,
  type LabRecordStatus,
} from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Allocation, Worker } from '../../resources/kinds/worker.js';
import { canTransition, transitionPhase } from '../../resources/kinds/phase-machine.js';
import { sumOf } from '../scheduler/steps/bind-session.js';

/** A session's lab is named after the session's uid, so a retried create finds the same record. */
export function labNameFor(session: LabletSession): string {
  const uid = (session.metadata.uid ?? session.metadata.name).replaceAll('-', '');
  return `lab-${uid.slice(0, 12)}`;
}

/** A new record for a lab about to be imported for `sessionKey`. */
export function newLabRecord(input: {
  name: string;
  worker: string;
  sessionKey: string;
  definition: string;
  topologyHash: string | undefined;
  now: Date;
}): LabRecord {
  const status: LabRecordStatus = transitionPhase(LAB_MACHINE, {}, 'Importing', {
    at: input.now,
    reason: 'SessionNeedsLab',
    actor: 'sessions',
  });
  return {
    apiVersion: API_VERSION,
    kind: 'LabRecord',
    metadata: { name: input.name, labels: { 'lcm.io/worker': input.worker } },
    spec: { worker: input.worker },
    status: {
      ...status,
      session: input.sessionKey,
      definition: input.definition,
      ...(input.topologyHash ? { topologyHash: input.topologyHash } : {}),
      runs: [{ session: input.sessionKey, startedAt: input.now.toISOString() }],
    },
  };
}

/** `lab` moved to `phase` (when the table allows; else unchanged), as a status write. */
export function labInPhase(
  lab: LabRecord,
  phase: LabPhase,
  now: Date,
  reason: string,
  extra: Partial<LabRecordStatus> = {},
): LabRecord {
  const status: LabRecordStatus = lab.status ?? {};
  const current = status.phase;
  const moved =
    current === undefined || current === phase || canTransition(LAB_MACHINE, current, phase)
      ? transitionPhase(LAB_MACHINE, status, phase, { at: now, reason, actor: 'sessions' })
      : status;
  return { ...lab, status: { ...moved, ...extra } };
}

/** The lab released by its session: unbound, its run closed. */
export function unboundLab(lab: LabRecord, sessionKey: string, now: Date): LabRecord {
  const { session: _session, ...status } = lab.status ?? {};
  const runs = (status.runs ?? []).map((run) =>
    run.session === sessionKey && !run.endedAt ? { ...run, endedAt: now.toISOString() } : run,
  );
  return { ...lab, status: { ...status, runs } };
}

/** The holder a LabRecord's port allocation names. */
export function isLabHolder(allocation: Allocation, labName: string): boolean {
  return allocation.holder.kind === 'LabRecord' && allocation.holder.name === labName;
}

/** The worker with its allocations replaced by `allocations` and `capacity.allocated` recomputed. */
export function withAllocations(worker: Worker, allocations: Allocation[]): Worker {
  const status = worker.status ?? {};
  return {
    ...worker,
    status: {
      ...status,
      allocations,
      ...(status.capacity
        ? { capacity: { declared: status.capacity.declared, allocated: sumOf(allocations) } }
        : {}),
    },
  };
}

/** A status-write op for any object. */
export function statusOp(object: LabRecord | Worker): { op: 'updateStatus'; object: AnyResource } {
  return { op: 'updateStatus', object: object };
}
