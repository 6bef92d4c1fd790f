/**
 * The reservations controller (docs/reservations.md): reconciles Reservations. A change of one of
 * its sessions requeues it (status counts, completion); a worker change that may add room, or any
 * template or definition change, requeues the confirmed reservations not yet over (capacity plan).
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { SchedulingConfig, SessionsConfig } from '../../config/index.js';
import type { Logger, Registry } from '../../observability/index.js';
import { formatObjectKey } from '../../resources/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import { Controller, Informer, type ObjectKeyRef, type Runnable } from '../../runtime/index.js';
import { FleetView } from '../scheduler/fleet-view.js';
import { WorkerChangeFilter } from '../scheduler/worker-change-filter.js';
import { ReservationsReconciler } from './reconcile.js';

export interface ReservationsControllerOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** `maxWorkersPerRegion` bounds the workers a reservation asks for. */
  scheduling: Readonly<SchedulingConfig>;
  /** `leadTimeMinutes`: sessions instantiate this long before start, so capacity is due then. */
  sessions: Readonly<SessionsConfig>;
}

/** Reservations reconciled at once: one creating 10,000 sessions must not hold up the others. */
const MAX_CONCURRENT_RESERVATIONS = 4;
const BY_RESERVATION = 'reservation';
const CACHED_KINDS = [
  'Reservation',
  'LabletSession',
  'Worker',
  'WorkerTemplate',
  'LabletDefinition',
];

/** Runs the reservations controller on informers of its own, stopped when it stops. */
export class ReservationsController implements Runnable {
  readonly name = 'reservations';
  readonly needsLeaderElection = true;
  readonly #informers: Informer[];
  readonly #controller: Controller;

  constructor(options: ReservationsControllerOptions) {
    const { client, clock, logger } = options;
    const byKind = new Map(
      CACHED_KINDS.map((kind) => [kind, new Informer({ client, clock, logger, kind })]),
    );
    const cache = (kind: string): Informer => byKind.get(kind) as Informer;
    this.#informers = [...byKind.values()];
    cache('LabletSession').addIndex(BY_RESERVATION, (object) => {
      const reservation = reservationOf(object as unknown as LabletSession);
      return reservation ? [formatObjectKey(reservation)] : [];
    });
    const reconciler = new ReservationsReconciler({
      client,
      clock,
      settings: {
        leadTimeMs: options.sessions.leadTimeMinutes * 60_000,
        maxWorkersPerRegion: options.scheduling.maxWorkersPerRegion,
      },
      caches: {
        reservation: (key) => cache('Reservation').get(key) as unknown as Reservation | undefined,
        sessionsOf: (reservation) =>
          cache('LabletSession').byIndex(
            BY_RESERVATION,
            formatObjectKey({
              namespace: reservation.metadata.namespace ?? 'default',
              name: reservation.metadata.name,
            }),
          ) as unknown as LabletSession[],
        sessionsRevision: () => cache('LabletSession').latestRevision(),
        definition: (key) =>
          cache('LabletDefinition').get(key) as unknown as LabletDefinition | undefined,
        view: new FleetView({ informer: (kind) => byKind.get(kind) }),
      },
    });
    // Confirmed reservations whose plan a fleet change may alter: those not over yet.
    const planning = (): ObjectKeyRef[] =>
      (cache('Reservation').list() as unknown as Reservation[])
        .filter(
          (reservation) =>
            reservation.spec.state === 'Confirmed' &&
            clock.nowMs() < Date.parse(reservation.spec.end),
        )
        .map((reservation) => reservation.metadata);
    const workerChanges = new WorkerChangeFilter();
    this.#controller = new Controller({
      ...options,
      name: 'reservations',
      for: 'Reservation',
      reconciler,
      informers: this.#informers,
      stopInformers: true,
      maxConcurrentReconciles: MAX_CONCURRENT_RESERVATIONS,
      watches: [
        {
          kind: 'LabletSession',
          mapToKeys: (object) => {
            const reservation = reservationOf(object as unknown as LabletSession);
            return reservation ? [reservation] : [];
          },
        },
        { kind: 'Worker', mapToKeys: (w) => (workerChanges.mayAdmitMore(w) ? planning() : []) },
        { kind: 'WorkerTemplate', mapToKeys: planning },
        { kind: 'LabletDefinition', mapToKeys: planning },
      ],
    });
  }

  start(signal: AbortSignal): Promise<void> {
    return this.#controller.start(signal);
  }

  /** Test hook: every cache has synced and no key is ready or being reconciled (timed requeues may be pending). */
  isIdle(): boolean {
    return this.#informers.every((informer) => informer.hasSynced()) && this.#controller.isIdle();
  }
}

export function createReservationsController(
  options: ReservationsControllerOptions,
): ReservationsController {
  return new ReservationsController(options);
}

/** The reservation a session was made for, if any. */
function reservationOf(session: LabletSession): ObjectKeyRef | undefined {
  const name = session.spec.reservation;
  return name ? { namespace: session.metadata.namespace ?? 'default', name } : undefined;
}
