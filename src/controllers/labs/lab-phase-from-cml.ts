/**
 * CML state → LabRecord phase (SPEC.md "LabRecord"): CML has three lab states; QUEUED and BOOTED
 * are node states, read through `check_if_converged` and the node list. Pure, so the sessions
 * controller maps what it observes the same way.
 */
import type { CmlLabState } from '../../providers/cml/cml-wire-types.js';
import type { LabPhase, LabRecordStatus } from '../../resources/kinds/lab-record.js';

/** What LCM observed of one CML lab. */
export interface CmlLabObservation {
  /** `GET /labs/{id}` → `state`. */
  state: CmlLabState;
  /** `check_if_converged` (only meaningful for STARTED: every node BOOTED). */
  converged: boolean;
  /**
   * The lab ran (or was wiped) before: DEFINED_ON_CORE then means wiped, not freshly imported.
   * See {@link hasRunBefore}.
   */
  wasWiped: boolean;
  /** Some node is QUEUED (e.g. beyond the licence's running-node limit). @default false */
  nodesQueued?: boolean;
}

/**
 * DEFINED_ON_CORE → Defined (Wiped when `wasWiped`), STOPPED → Stopped, STARTED → Booted once
 * converged, else Queued when a node waits in the queue, else Starting.
 */
export function labPhaseFromCml(observation: CmlLabObservation): LabPhase {
  switch (observation.state) {
    case 'DEFINED_ON_CORE':
      return observation.wasWiped ? 'Wiped' : 'Defined';
    case 'STOPPED':
      return 'Stopped';
    case 'STARTED':
      if (observation.converged) return 'Booted';
      return observation.nodesQueued === true ? 'Queued' : 'Starting';
  }
}

/** Phases a lab only reaches after it was started or wiped at least once. */
const RAN: ReadonlySet<string> = new Set([
  'Starting',
  'Queued',
  'Booted',
  'Paused',
  'Stopping',
  'Stopped',
  'Wiping',
  'Wiped',
]);

/**
 * True when the record shows the lab started or was wiped before (its phase or its history), so
 * that a DEFINED_ON_CORE lab reads as Wiped: CML only returns a lab to DEFINED_ON_CORE by a wipe.
 */
export function hasRunBefore(status: LabRecordStatus | undefined): boolean {
  if (status?.phase !== undefined && RAN.has(status.phase)) return true;
  return (status?.history ?? []).some((entry) => RAN.has(entry.to));
}
