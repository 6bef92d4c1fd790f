/**
 * What `checkFleetInvariants` checks and reports: the invariant names, a violation, the snapshot
 * it reads and its options. Shared by the check files of this folder.
 */
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';

/**
 * Accounting (always checked):
 * - `OverCommitted`: the allocations' sum exceeds `status.capacity.declared` in some dimension.
 * - `AllocatedMismatch`: `status.capacity.allocated` is not the allocations' sum (or is missing).
 * - `PortHeldTwice`: two allocations (or one, twice) hold the same port on a worker.
 * - `LeakedAllocation`: the holder is gone, final (Terminated, Archived) or names another worker.
 * - `UnallocatedSession`: a Scheduled session holds no allocation.
 * - `DoubleAllocation`: a session holds more than one allocation.
 *
 * Lab binding (when `labRecords` are given; Deleted and Archived labs are skipped):
 * - `LabWithoutLiveSession`: a lab's `status.session` names a session that does not exist, is
 *   Terminated, or whose `status.lab` does not name the lab back.
 * - `LabBoundTwice`: two labs name the same session, or two sessions that are not Terminated name
 *   the same lab.
 *
 * Time (when `now` is given):
 * - `SessionPastDeadline`: a session that is not Terminated is past `status.deadline` by more
 *   than `deadlineGraceMs`.
 * - `IdleWorkerKept` (also needs `idleWindowMs`): a Running worker with idle detection on and no
 *   allocation holding compute has been idle (see `idleSince`) longer than the window.
 */
export type Invariant =
  | 'OverCommitted'
  | 'AllocatedMismatch'
  | 'PortHeldTwice'
  | 'LeakedAllocation'
  | 'UnallocatedSession'
  | 'DoubleAllocation'
  | 'LabWithoutLiveSession'
  | 'LabBoundTwice'
  | 'SessionPastDeadline'
  | 'IdleWorkerKept';

export interface InvariantViolation {
  invariant: Invariant;
  /** `Worker/<name>`, `LabletSession/<namespace>/<name>` or `LabRecord/<name>`. */
  object: string;
  message: string;
}

export interface FleetInvariantOptions {
  /**
   * How long past its deadline a session may stay before `SessionPastDeadline`: the controller
   * needs a reconcile (and maybe a backoff) to act on a deadline. @default 60_000
   */
  deadlineGraceMs?: number;
  /** The scale-down window for `IdleWorkerKept`. @default not checked */
  idleWindowMs?: number;
}

export interface FleetObjects {
  workers: readonly Worker[];
  sessions: readonly LabletSession[];
  /** When given, LabRecord allocations and lab bindings are checked too. @default not checked */
  labRecords?: readonly LabRecord[];
  /** The time of the snapshot; the time invariants are checked only when given. */
  now?: Date;
  options?: FleetInvariantOptions;
}

/** `namespace/name` of a namespaced object (as LabRecords and allocations name sessions). */
export function sessionKey(ref: { namespace?: string; name: string }): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}
