/**
 * Drives one CML lab toward a target with CML's ordering rules (a wipe needs a stopped lab, a
 * delete a wiped one): read the lab's state, issue the next call, read again — recording in the
 * draft the phase each call led to. Level-based: a second run picks up where CML is.
 */
import { hasReason } from '../../errors/index.js';
import type { CmlClient } from '../../providers/cml/cml-client.js';
import type { CmlLabState } from '../../providers/cml/cml-wire-types.js';
import type { LabPhase } from '../../resources/kinds/lab-record.js';
import { hasRunBefore, labPhaseFromCml } from './lab-phase-from-cml.js';
import type { LabStatusDraft } from './lab-status-draft.js';

/** Where a pending action (or an orphan's clean-up) takes the lab. */
export type LabTarget = 'Started' | 'Stopped' | 'Wiped' | 'Deleted';

type CmlCall = 'start' | 'stop' | 'wipe' | 'delete';
type Next = CmlCall | 'done' | 'wait';

const IN_PROGRESS: Readonly<Record<CmlCall, LabPhase>> = {
  start: 'Starting',
  stop: 'Stopping',
  wipe: 'Wiping',
  delete: 'Deleting',
};

/** Stop, wipe and delete, each followed by a read, and one read more. */
const MAX_READS = 4;

/**
 * Returns true once the lab is at `target` (the draft then holds its phase), false while CML is
 * still getting there (booting nodes, an asynchronous stop): call again later. For `Deleted`, a
 * lab CML does not know is done. Rejects with the CmlClient's `LcmError`s (`NotFound` for an
 * unknown lab unless deleting, `Conflict` when CML refuses a call in the lab's current state).
 */
export async function driveCmlLab(drive: {
  cml: CmlClient;
  labId: string;
  target: LabTarget;
  draft: LabStatusDraft;
  /** The `history` reason of every phase change. */
  reason: string;
}): Promise<boolean> {
  const { cml, labId, target, draft, reason } = drive;
  let wasWiped = hasRunBefore(draft.status);
  let lastCall: CmlCall | undefined;
  for (let read = 0; read < MAX_READS; read++) {
    const seen = await observe(cml, labId, target);
    if (!seen) {
      await draft.advance('Deleted', `${reason} (CML no longer has lab ${labId})`);
      return true;
    }
    const observed = labPhaseFromCml({ ...seen, wasWiped });
    const next = nextStep(seen.state, seen.converged, target);
    if (next === 'done') {
      await draft.advance(target === 'Wiped' ? 'Wiped' : observed, reason);
      return true;
    }
    // What CML shows before the first call is not recorded (an orphan would read as Booted on its
    // way to deletion); what each call led to is.
    if (lastCall !== undefined) await draft.advance(observed, reason);
    else if (next === 'wait') await draft.advanceIfDirect(observed, reason);
    if (next === 'wait') return false;
    if (next === lastCall) {
      // CML took the call but has not finished it (e.g. a stop of many nodes): look again later.
      await draft.advanceIfDirect(IN_PROGRESS[next], reason);
      return false;
    }
    if (await call(cml, labId, next)) {
      await draft.advance('Deleted', reason);
      return true;
    }
    lastCall = next;
    if (next === 'wipe') wasWiped = true;
  }
  if (lastCall) await draft.advanceIfDirect(IN_PROGRESS[lastCall], reason);
  return false;
}

/** The next CML call toward `target` from `state`, `done`, or `wait` (nodes still booting). */
function nextStep(state: CmlLabState, converged: boolean, target: LabTarget): Next {
  if (target === 'Started') {
    if (state !== 'STARTED') return 'start';
    return converged ? 'done' : 'wait';
  }
  if (state === 'STARTED') return 'stop';
  if (target === 'Stopped') return 'done';
  if (state === 'STOPPED') return 'wipe';
  return target === 'Wiped' ? 'done' : 'delete';
}

/** The lab's state; `undefined` when CML does not know it and `target` is Deleted. */
async function observe(
  cml: CmlClient,
  labId: string,
  target: LabTarget,
): Promise<{ state: CmlLabState; converged: boolean } | undefined> {
  try {
    const { state } = await cml.getLab(labId);
    const converged = state === 'STARTED' && (await cml.checkIfConverged(labId));
    return { state, converged };
  } catch (error) {
    if (target === 'Deleted' && hasReason(error, 'NotFound')) return undefined;
    throw error;
  }
}

/** Issues one call; true when it was a delete (which CML completes at once). */
async function call(cml: CmlClient, labId: string, next: CmlCall): Promise<boolean> {
  switch (next) {
    case 'start':
      await cml.startLab(labId);
      return false;
    case 'stop':
      await cml.stopLab(labId);
      return false;
    case 'wipe':
      await cml.wipeLab(labId);
      return false;
    case 'delete':
      await cml.deleteLab(labId).catch((error: unknown) => {
        if (!hasReason(error, 'NotFound')) throw error;
      });
      return true;
  }
}
