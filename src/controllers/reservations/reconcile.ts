/**
 * The reservations reconciler (SPEC.md "Reservation", docs/reservations.md). A confirmed
 * reservation gets one session per seat at once, a capacity plan kept in status, the missing
 * workers at `start − (startupSeconds + leadTime)`, and at `end` its unplaced sessions stopped; a
 * cancelled one stops all its sessions. Reads caches only; writes status only when it changed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { formatObjectKey } from '../../resources/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession, SessionPhase } from '../../resources/kinds/lablet-session.js';
import type { Reservation, ReservationStatus } from '../../resources/kinds/reservation.js';
import type {
  ObjectKeyRef,
  ReconcileContext,
  ReconcileResult,
  Reconciler,
} from '../../runtime/index.js';
import type { FleetView } from '../scheduler/fleet-view.js';
import { derivePlacementNeed } from '../scheduler/placement/placement-need.js';
import { planCapacity, type CapacityPlan } from './capacity-plan.js';
import {
  confirmedPhaseAt,
  scaleUpAtMs,
  timelineOf,
  untilNext,
  type ReservationTimeline,
} from './reservation-timeline.js';
import { nextReservationStatus, type ConditionUpdate } from './reservation-status.js';
import { seatSession, seatsOf } from './seat-sessions.js';
import { createSeatSessions } from './steps/create-seat-sessions.js';
import { scaleUpForReservation } from './steps/scale-up.js';
import { sessionsToStop, stopSessions } from './steps/stop-sessions.js';

export interface ReservationCaches {
  reservation(key: ObjectKeyRef): Reservation | undefined;
  /** Sessions whose `spec.reservation` names it, in its namespace. */
  sessionsOf(reservation: Reservation): LabletSession[];
  /** The store revision the session cache reflects. */
  sessionsRevision(): number;
  definition(key: ObjectKeyRef): LabletDefinition | undefined;
  /** Workers, templates and the definition's placement need, as the scheduler reads them. */
  view: FleetView;
}

export interface ReservationSettings {
  leadTimeMs: number;
  maxWorkersPerRegion: number;
}

/** Phases of a session that is torn down or going: it holds no seat's place any more. */
const ENDED: ReadonlySet<SessionPhase> = new Set(['Stopping', 'Stopped', 'Archived', 'Terminated']);

/** The timed plan: what the seats need, and when missing workers are asked for. */
interface TimedPlan {
  plan: CapacityPlan;
  scaleUpAtMs?: number;
}

export class ReservationsReconciler implements Reconciler {
  readonly #client: ResourceClient;
  readonly #clock: Clock;
  readonly #caches: ReservationCaches;
  readonly #settings: ReservationSettings;
  /** Per reservation key: the store revision of its last session writes, until the cache has it. */
  readonly #awaiting = new Map<string, number>();
  /**
   * Scale-ups run one at a time: reservations reconciled side by side must each count the workers
   * the other just asked for, or together they could pass the region's limit.
   */
  #scaleUpTurn: Promise<unknown> = Promise.resolve();

  constructor(options: {
    client: ResourceClient;
    clock: Clock;
    caches: ReservationCaches;
    settings: ReservationSettings;
  }) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#caches = options.caches;
    this.#settings = options.settings;
  }

  async reconcile(ctx: ReconcileContext, key: ObjectKeyRef): Promise<ReconcileResult> {
    const reservation = this.#caches.reservation(key);
    if (!reservation || reservation.metadata.deletionTimestamp) {
      this.#awaiting.delete(formatObjectKey(key));
      return {};
    }
    if (!this.#cacheHasOwnWrites(key)) return {};
    const sessions = this.#caches.sessionsOf(reservation);
    const now = this.#clock.now();
    if (reservation.spec.state === 'Confirmed') return this.#confirmed(ctx, reservation, sessions);
    if (reservation.spec.state === 'Cancelled')
      this.#awaitOwnWrites(
        key,
        await stopSessions(
          this.#client,
          sessionsToStop(sessions, () => true),
        ),
      );
    const phase = reservation.spec.state === 'Cancelled' ? 'Cancelled' : 'Pending';
    await this.#write(reservation, nextReservationStatus({ reservation, phase, sessions, now }));
    return {};
  }

  async #confirmed(
    ctx: ReconcileContext,
    reservation: Reservation,
    sessions: LabletSession[],
  ): Promise<ReconcileResult> {
    const now = this.#clock.now();
    const nowMs = now.getTime();
    const timeline = timelineOf(reservation, this.#settings.leadTimeMs);
    const conditions: ConditionUpdate[] = [];
    let timed: TimedPlan | undefined;
    if (nowMs < timeline.endMs) {
      const seats = await this.#createSessions(reservation, sessions);
      if (seats.created) return {};
      conditions.push(seats.condition);
      timed = await this.#plan(ctx, reservation, sessions, timeline, nowMs, conditions);
    } else {
      // Placed sessions are ended by the sessions controller at their timeslot's end (collecting
      // and grading first); a session never placed has nothing to collect and is stopped here.
      const unplaced = (phase: SessionPhase): boolean =>
        phase === 'Pending' || phase === 'Scheduled';
      const stopped = await stopSessions(this.#client, sessionsToStop(sessions, unplaced));
      this.#awaitOwnWrites(reservation.metadata, stopped);
    }
    const status = nextReservationStatus({
      reservation,
      phase: confirmedPhaseAt(timeline, sessions, nowMs),
      sessions,
      now,
      conditions,
      ...(timed
        ? {
            capacityPlan: {
              workersNeeded: timed.plan.workersNeeded,
              workersReady: timed.plan.workersReady,
              readyBy: new Date(timeline.readyByMs).toISOString(),
            },
          }
        : {}),
    });
    await this.#write(reservation, status);
    const scaleUpAt = timed && missingWorkers(timed.plan) > 0 ? timed.scaleUpAtMs : undefined;
    const instants = [timeline.readyByMs, timeline.startMs, timeline.endMs];
    const requeueAfterMs = untilNext(
      scaleUpAt === undefined ? instants : [scaleUpAt, ...instants],
      nowMs,
    );
    return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  }

  /**
   * One session per seat. After creating some, the reconcile ends: the cache delivers them (and
   * with them another reconcile) and until it has, it would count and plan on a stale view.
   */
  async #createSessions(
    reservation: Reservation,
    sessions: readonly LabletSession[],
  ): Promise<{ created: true } | { created: false; condition: ConditionUpdate }> {
    const namespace = reservation.metadata.namespace ?? 'default';
    const result = await createSeatSessions({
      client: this.#client,
      reservation,
      definition: this.#caches.definition({
        namespace,
        name: reservation.spec.definition.name ?? '',
      }),
      existing: new Set(sessions.map((session) => session.metadata.name)),
    });
    if (result.writtenRevision !== undefined && result.writtenRevision > 0) {
      this.#awaitOwnWrites(reservation.metadata, result.writtenRevision);
      return { created: true };
    }
    if (result.issue)
      return {
        created: false,
        condition: {
          type: 'SessionsCreated',
          status: 'False',
          reason: 'SessionRejected',
          message: result.issue.message,
        },
      };
    const condition: ConditionUpdate = {
      type: 'SessionsCreated',
      status: 'True',
      reason: 'OnePerSeat',
      message: `${seatsOf(reservation).length} seats, one session each`,
    };
    return { created: false, condition };
  }

  /** The capacity plan; asks for the missing workers once their time has come. */
  async #plan(
    ctx: ReconcileContext,
    reservation: Reservation,
    sessions: readonly LabletSession[],
    timeline: ReservationTimeline,
    nowMs: number,
    conditions: ConditionUpdate[],
  ): Promise<TimedPlan | undefined> {
    const { view } = this.#caches;
    const [first] = seatsOf(reservation);
    if (!first)
      return { plan: { workersNeeded: 0, workersReady: 0, workersStarting: 0, create: [] } };
    const sample = seatSession(reservation, first, undefined) as unknown as LabletSession;
    const lookup = view.definitionFor(sample);
    if (!('definition' in lookup)) {
      conditions.push({ type: 'CapacityReady', status: 'False', ...lookup });
      return undefined;
    }
    const input = {
      ...seatDemand(reservation, sessions),
      need: derivePlacementNeed(lookup.definition, sample, lookup.requirement),
      templates: view.templates(),
      maxWorkersPerRegion: this.#settings.maxWorkersPerRegion,
    };
    let plan = planCapacity({ ...input, workers: view.workers() });
    const template = plan.template;
    const scaleUpAt = template ? scaleUpAtMs(timeline, template.spec.startupSeconds) : undefined;
    if (plan.create.length > 0 && scaleUpAt !== undefined && nowMs >= scaleUpAt) {
      const turn = this.#scaleUpTurn.then(() =>
        scaleUpForReservation(this.#client, (workers) => planCapacity({ ...input, workers })),
      );
      this.#scaleUpTurn = turn.catch(() => undefined);
      const result = await turn;
      if (result.created.length > 0)
        ctx.logger.info(
          { workers: result.created, template: template?.metadata.name },
          'asked for workers for the reservation',
        );
      plan = result.plan;
    }
    conditions.push(capacityCondition(plan, scaleUpAt));
    return { plan, ...(scaleUpAt === undefined ? {} : { scaleUpAtMs: scaleUpAt }) };
  }

  /**
   * Until the session cache reflects `revision` (this reconcile's session writes), reconciles of
   * `key` do nothing: they would count, plan and write again on a stale view. The cache's events
   * for those writes requeue the key, so nothing is lost by waiting.
   */
  #awaitOwnWrites(key: ObjectKeyRef, revision: number): void {
    if (revision > 0) this.#awaiting.set(formatObjectKey(key), revision);
  }

  #cacheHasOwnWrites(key: ObjectKeyRef): boolean {
    const id = formatObjectKey(key);
    const awaited = this.#awaiting.get(id);
    if (awaited === undefined) return true;
    if (this.#caches.sessionsRevision() < awaited) return false;
    this.#awaiting.delete(id);
    return true;
  }

  async #write(reservation: Reservation, status: ReservationStatus): Promise<void> {
    if (isDeepStrictEqual(status, reservation.status)) return;
    await this.#client.updateStatus({ ...reservation, status });
  }
}

/**
 * Seats still to be placed (session missing, or Pending and still meant to run) as session keys,
 * and the workers its live sessions are placed on.
 */
function seatDemand(
  reservation: Reservation,
  sessions: readonly LabletSession[],
): { unplaced: string[]; holders: Set<string> } {
  const namespace = reservation.metadata.namespace ?? 'default';
  const byName = new Map(sessions.map((session) => [session.metadata.name, session]));
  const unplaced = seatsOf(reservation)
    .filter((seat) => isUnplaced(byName.get(seat.name)))
    .map((seat) => formatObjectKey({ namespace, name: seat.name }));
  const holders = new Set<string>();
  for (const session of sessions) {
    const worker = session.status?.worker;
    if (worker && !ENDED.has(session.status?.phase ?? 'Pending')) holders.add(worker);
  }
  return { unplaced, holders };
}

/** A seat is unplaced while its session is missing or Pending and still meant to run. */
function isUnplaced(session: LabletSession | undefined): boolean {
  if (!session) return true;
  return (
    (session.status?.phase ?? 'Pending') === 'Pending' && session.spec.desiredState !== 'Stopped'
  );
}

function missingWorkers(plan: CapacityPlan): number {
  return plan.workersNeeded - plan.workersStarting;
}

function capacityCondition(plan: CapacityPlan, scaleUpAt: number | undefined): ConditionUpdate {
  const type = 'CapacityReady';
  if (plan.shortfall)
    return {
      type,
      status: 'False',
      reason: plan.shortfall.reason,
      message: plan.shortfall.message,
    };
  const missing = missingWorkers(plan);
  if (missing > 0 && scaleUpAt !== undefined)
    return {
      type,
      status: 'False',
      reason: 'ScaleUpScheduled',
      message: `${missing} ${plan.template?.metadata.name ?? ''} workers will be asked for at ${new Date(scaleUpAt).toISOString()}`,
    };
  if (plan.workersStarting > 0)
    return {
      type,
      status: 'False',
      reason: 'WorkersStarting',
      message: `${plan.workersStarting} workers asked for its seats are starting`,
    };
  return {
    type,
    status: 'True',
    reason: 'Ready',
    message: 'running workers hold or have room for every seat',
  };
}
