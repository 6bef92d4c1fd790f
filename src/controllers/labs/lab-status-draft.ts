/**
 * The status changes one labs reconcile makes to a LabRecord. They are written at the end (also
 * after a failure, so the phase reached and the failing reason are kept) — and earlier whenever a
 * phase move needs it: admission checks old → new phase per write, so a walk Booted → Stopped →
 * Wiped → Deleted is written as the single moves the table allows.
 */
import { isDeepStrictEqual } from 'node:util';
import { isLcmError, toError } from '../../errors/index.js';
import { setCondition, type Condition } from '../../resources/index.js';
import {
  LAB_MACHINE,
  type LabPhase,
  type LabRecord,
  type LabRecordStatus,
} from '../../resources/kinds/lab-record.js';
import { transitionPhase } from '../../resources/kinds/phase-machine.js';
import { isDirectMove, labPhasePath } from './lab-phase-path.js';

/** The `actor` of the phase changes this controller records. */
export const LABS_ACTOR = 'system:controller:labs';

/** The condition recording the last pending action or orphan clean-up (docs/labs.md). */
export const ACTION_CONDITION = 'ActionSucceeded';

/** Writes a LabRecord's status (precondition: its resourceVersion); resolves with it as written. */
export type LabStatusWriter = (lab: LabRecord) => Promise<LabRecord>;

export class LabStatusDraft {
  #lab: LabRecord;
  readonly #now: Date;
  readonly #write: LabStatusWriter;
  #status: LabRecordStatus;

  constructor(lab: LabRecord, now: Date, write: LabStatusWriter) {
    this.#lab = lab;
    this.#now = now;
    this.#write = write;
    this.#status = structuredClone(lab.status ?? {});
  }

  /** The lab as last read or written. */
  get lab(): LabRecord {
    return this.#lab;
  }

  get now(): Date {
    return this.#now;
  }

  get phase(): LabPhase | undefined {
    return this.#status.phase;
  }

  get status(): Readonly<LabRecordStatus> {
    return this.#status;
  }

  /** True when this draft differs from the status last read or written. */
  get changed(): boolean {
    return !isDeepStrictEqual(this.#status, this.#lab.status ?? {});
  }

  /** Writes the status when it changed. Rejects with `Conflict` when the lab changed meanwhile. */
  async flush(): Promise<void> {
    if (!this.changed) return;
    this.#lab = await this.#write({ ...this.#lab, status: this.#status });
    this.#status = structuredClone(this.#lab.status ?? {});
  }

  /**
   * Moves to `to` through the legal path (see `labPhasePath`), recording each step in `history`
   * with `reason`, and writing first whenever the stored phase could not move to the next step.
   * Rejects with `Invalid` from a final phase.
   */
  async advance(to: LabPhase, reason: string): Promise<void> {
    for (const step of labPhasePath(this.#status.phase, to)) {
      if (!isDirectMove(this.#lab.status?.phase, step)) await this.flush();
      this.#status = transitionPhase(LAB_MACHINE, this.#status, step, {
        at: this.#now,
        reason,
        actor: LABS_ACTOR,
      });
    }
  }

  /** Moves to `to` only when the table allows it in one step (an "-ing" phase, typically). */
  async advanceIfDirect(to: LabPhase, reason: string): Promise<void> {
    const from = this.#status.phase;
    if (from !== undefined && from !== to && isDirectMove(from, to)) await this.advance(to, reason);
  }

  /** Sets `status.orphanedAt` (an ISO time), or removes it (an adopted orphan). */
  setOrphanedAt(at: string | undefined): void {
    const { orphanedAt: _previous, ...rest } = this.#status;
    this.#status = at === undefined ? rest : { ...rest, orphanedAt: at };
  }

  /** Sets the {@link ACTION_CONDITION}: True done, False refused or failed, Unknown waiting. */
  recordAction(status: Condition['status'], reason: string, message: string): void {
    const update = { type: ACTION_CONDITION, status, reason, message };
    const conditions = setCondition(this.#status.conditions, update, this.#now);
    this.#status = { ...this.#status, conditions };
  }

  /** Records `error` (its `LcmError` reason) as the action's failure; returns that reason. */
  recordFailure(error: unknown, what: string): string {
    const reason = isLcmError(error) ? error.reason : 'Error';
    this.recordAction('False', reason, `${what} failed: ${toError(error).message}`);
    return reason;
  }
}
