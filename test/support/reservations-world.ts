/**
 * A world for reservations-controller tests: the built-in world on a manual clock with the
 * scheduler fixtures' definition (one seat = SESSION_NEED, two ports) and a 4-seat template, a
 * running reservations controller, and helpers that play the parts of the scheduler, the sessions
 * controller and the workers controller by writing status through admission.
 */
import type { ResourceClient } from '../../src/client/resource-client.js';
import type { SchedulingConfig } from '../../src/config/index.js';
import {
  createReservationsController,
  type ReservationsController,
} from '../../src/controllers/reservations/reservations-controller.js';
import { createMetricsRegistry, createSilentLogger } from '../../src/observability/index.js';
import type { Quantity } from '../../src/resources/kinds/common-schemas.js';
import type { LabletSession, SessionPhase } from '../../src/resources/kinds/lablet-session.js';
import type { Reservation } from '../../src/resources/kinds/reservation.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import { aReservation } from './builders.js';
import { createBuiltInWorld, type BuiltInWorld } from './built-in-world.js';
import { SCHEDULING, aSeatTemplate, seedDefinition } from './scheduler-fixtures.js';
import { waitFor } from './wait-for.js';

export const MINUTE_MS = 60_000;
/** The class starts an hour after the world's start and lasts an hour. */
export const START_IN_MS = 60 * MINUTE_MS;
export const LEAD_TIME_MINUTES = 5;
/** The `seat4` template's boot time (the WorkerTemplate default). */
export const STARTUP_MS = 1200_000;

export interface ReservationsWorld extends BuiltInWorld {
  /** Starts a controller (stopped by `close`); `client` defaults to the world's. */
  run(options?: { scheduling?: Partial<SchedulingConfig>; client?: ResourceClient }): Running;
  /** A confirmed class of 10 seats from `START_IN_MS` for an hour, unless `spec` says otherwise. */
  confirm(
    name: string,
    spec?: Record<string, unknown>,
    labels?: Record<string, string>,
  ): Promise<Reservation>;
  reservation(name: string): Promise<Reservation>;
  sessions(): Promise<LabletSession[]>;
  workers(): Promise<Worker[]>;
  /** Moves a session's phase through each of `phases`, as the scheduler and sessions controller would. */
  moveSession(name: string, phases: SessionPhase[], worker?: string): Promise<void>;
  /** Steps a worker to Running with its template's capacity, as the workers controller would. */
  runWorker(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface Running {
  controller: ReservationsController;
  /** Waits until the caches have synced and nothing is queued or being reconciled. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function createReservationsWorld(): Promise<ReservationsWorld> {
  const world = createBuiltInWorld();
  const { client, clock } = world;
  await seedDefinition(client, clock);
  await client.create(aSeatTemplate('seat4', 4));
  const stops: (() => Promise<void>)[] = [];
  const at = (ms: number) => new Date(clock.nowMs() + ms).toISOString();
  return {
    ...world,
    run: (options = {}) => {
      const running = startController(options.client ?? client, world, options.scheduling);
      stops.push(() => running.stop());
      return running;
    },
    confirm: async (name, spec = {}, labels) => {
      const reservation = aReservation(name, {
        start: at(START_IN_MS),
        end: at(START_IN_MS + 60 * MINUTE_MS),
        seatCount: 10,
        state: 'Confirmed',
        ...spec,
      });
      if (labels) reservation.metadata.labels = labels;
      return (await client.create(reservation)) as unknown as Reservation;
    },
    reservation: async (name) =>
      (await client.get('Reservation', name, 'default')) as unknown as Reservation,
    sessions: async () =>
      ((await client.list('LabletSession')).items as unknown as LabletSession[]).sort((a, b) =>
        a.metadata.name.localeCompare(b.metadata.name, 'en', { numeric: true }),
      ),
    workers: async () => (await client.list('Worker')).items as unknown as Worker[],
    moveSession: async (name, phases, worker) => {
      for (const phase of phases) {
        const session = await client.get('LabletSession', name, 'default');
        await client.updateStatus({
          ...session,
          status: { ...session.status, phase, ...(worker ? { worker } : {}) },
        });
      }
    },
    runWorker: async (name) => {
      for (const phase of ['Provisioning', 'Running']) {
        const worker = await client.get('Worker', name);
        const template = await client.get('WorkerTemplate', worker.spec.template as string);
        const declared = template.spec.capacity as Quantity;
        const allocated = { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 };
        await client.updateStatus({
          ...worker,
          status: { ...worker.status, phase, capacity: { declared, allocated } },
        });
      }
    },
    close: async () => {
      for (const stop of stops.splice(0).reverse()) await stop();
      await world.store.close();
    },
  };
}

function startController(
  client: ResourceClient,
  world: BuiltInWorld,
  scheduling: Partial<SchedulingConfig> = {},
): Running {
  const controller = createReservationsController({
    client,
    clock: world.clock,
    logger: createSilentLogger(),
    metrics: createMetricsRegistry({ defaultMetrics: false }),
    scheduling: { ...SCHEDULING, ...scheduling },
    sessions: {
      leadTimeMinutes: LEAD_TIME_MINUTES,
      pendingDeadlineMinutes: 10,
      instantiatingDeadlineMinutes: 15,
      collectingDeadlineMinutes: 10,
      stoppingDeadlineMinutes: 10,
      stepAttempts: 3,
      pollIntervalMs: 2000,
    },
  });
  const abort = new AbortController();
  const running = controller.start(abort.signal);
  let stopped = false;
  return {
    controller,
    settled: () => waitFor(() => controller.isIdle(), { description: 'the controller to settle' }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      abort.abort();
      await running;
    },
  };
}
