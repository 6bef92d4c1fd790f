/**
 * The status changes one reconcile makes to a Worker, kept as changes so they can be laid over the
 * freshest cached object at write time: the scheduler's allocations are never overwritten.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConflictError } from '../../errors/index.js';
import { setCondition, type Condition } from '../../resources/index.js';
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import { transitionPhase } from '../../resources/kinds/phase-machine.js';
import {
  WORKER_MACHINE,
  type Worker,
  type WorkerPhase,
  type WorkerStatus,
} from '../../resources/kinds/worker.js';
import { nextPhaseToward } from './next-phase-toward.js';

/** The `actor` of the phase changes this controller records. */
export const WORKERS_ACTOR = 'system:controller:workers';

/** Status fields the controller sets whole; the rest have their own methods or other owners. */
type OwnedField = Exclude<
  keyof WorkerStatus,
  'phase' | 'history' | 'conditions' | 'capacity' | 'allocations' | 'observedGeneration'
>;
type ConditionUpdate = Omit<Condition, 'lastTransitionTime'>;

const NO_CAPACITY: Quantity = { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 };

export class WorkerStatusDraft {
  readonly #worker: Worker;
  readonly #now: Date;
  #status: WorkerStatus;
  readonly #fields = new Set<OwnedField>();
  readonly #conditions = new Map<string, ConditionUpdate>();
  #declared: Quantity | undefined;
  #moved = false;

  constructor(worker: Worker, now: Date) {
    this.#worker = worker;
    this.#now = now;
    this.#status = structuredClone(worker.status ?? {});
  }

  /** The worker as read at the start of the reconcile (frozen). */
  get worker(): Worker {
    return this.#worker;
  }

  /** The time this reconcile runs at. */
  get now(): Date {
    return this.#now;
  }

  get phase(): WorkerPhase {
    return this.#status.phase ?? 'Pending';
  }

  /** The status with this draft's changes so far. */
  get status(): Readonly<WorkerStatus> {
    return this.#status;
  }

  set<K extends OwnedField>(field: K, value: WorkerStatus[K] | undefined): void {
    this.#status = withField(this.#status, field, value);
    this.#fields.add(field);
  }

  condition(update: ConditionUpdate): void {
    this.#conditions.set(update.type, update);
    this.#status.conditions = setCondition(this.#status.conditions, update, this.#now);
  }

  /** Sets `capacity.declared`; `capacity.allocated` stays the scheduler's. */
  declareCapacity(declared: Quantity): void {
    this.#declared = declared;
    this.#status.capacity = {
      declared,
      allocated: this.#status.capacity?.allocated ?? NO_CAPACITY,
    };
  }

  /**
   * Moves one step toward `target` (see `nextPhaseToward`), recording `reason` in the history.
   * One step per write, because admission checks the written phase against the stored one; the
   * write's own watch event brings the next reconcile. True when the phase now is `target`.
   */
  moveToward(target: WorkerPhase, reason: string): boolean {
    const next = this.#moved ? undefined : nextPhaseToward(this.phase, target);
    if (next !== undefined) {
      const moved = transitionPhase(WORKER_MACHINE, this.#status, next, {
        at: this.#now,
        reason,
        actor: WORKERS_ACTOR,
      });
      this.#status.phase = moved.phase;
      this.#status.history = moved.history;
      this.#moved = true;
    }
    return this.phase === target;
  }

  /**
   * The status to write over `fresh` (the newest cached version of the worker): this draft's
   * fields, conditions and phase laid over fresh's status, allocations untouched. `undefined` when
   * that changes nothing.
   * @throws Conflict — this draft moved the phase but fresh's phase is no longer the one it read.
   */
  mergeInto(fresh: Worker): WorkerStatus | undefined {
    const base = fresh.status ?? {};
    let next: WorkerStatus = { ...base };
    for (const field of this.#fields) next = withField(next, field, this.#status[field]);
    if (this.#moved) {
      if (base.phase !== this.#worker.status?.phase)
        throw new ConflictError(`Worker ${fresh.metadata.name} changed phase meanwhile`);
      next.phase = this.#status.phase;
      next.history = this.#status.history;
    }
    let conditions = base.conditions;
    for (const update of this.#conditions.values())
      conditions = setCondition(conditions, update, this.#now);
    if (conditions) next.conditions = conditions;
    if (this.#declared)
      next.capacity = {
        declared: this.#declared,
        allocated: base.capacity?.allocated ?? NO_CAPACITY,
      };
    // The generation this reconcile acted on; a newer spec brings its own reconcile.
    next.observedGeneration = this.#worker.metadata.generation ?? 0;
    return isDeepStrictEqual(next, base) ? undefined : next;
  }
}

/** `status` with `field` set to `value`, or without it when `value` is undefined. */
function withField<K extends keyof WorkerStatus>(
  status: WorkerStatus,
  field: K,
  value: WorkerStatus[K] | undefined,
): WorkerStatus {
  const { [field]: _previous, ...rest } = status;
  return value === undefined ? rest : { ...rest, [field]: value };
}
