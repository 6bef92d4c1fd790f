/** What every step of the labs reconcile gets, and what it tells the reconcile to do next. */
import type { Logger } from '../../observability/index.js';
import type { CmlClient } from '../../providers/cml/cml-client.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { LabStatusDraft } from './lab-status-draft.js';

export interface LabStepContext {
  /** The lab as cached (`draft.lab`) and the status changes of this reconcile. */
  draft: LabStatusDraft;
  /** The lab's worker as cached; `undefined` when it no longer exists. */
  worker: Worker | undefined;
  /** The worker's CML while it serves labs (see `servesCml`); `undefined` otherwise. */
  cml: CmlClient | undefined;
  /** The live session bound to the lab (see `liveSessionOf`), if any. */
  liveSession: LabletSession | undefined;
  /** Another live LabRecord on the worker that names the same CML lab (its real owner). */
  alsoRecordedBy: string | undefined;
  /** Time after which an orphan is deleted. */
  orphanGraceMs: number;
  /** Time between looks at a CML lab still on its way (booting, an asynchronous stop). */
  pollIntervalMs: number;
  logger: Logger;
}

/** A step's verdict: clear `spec.pendingAction`, and when to look again. */
export interface LabStepOutcome {
  clearAction?: boolean;
  requeueAfterMs?: number;
}
