/**
 * Seat availability for a definition in a time window (SPEC.md "Reservation": "how many seats fit
 * on current capacity and on capacity the limits allow"). Pure: the caller reads the objects.
 *
 * - Current capacity: free capacity (declared − allocated) of workers that take sessions (Running,
 *   not cordoned or draining), less what unplaced demand overlapping the window needs: Pending
 *   sessions still meant to run, and seats of confirmed reservations that have no session yet.
 * - With scale-up: plus, per region, the workers `maxWorkersPerRegion` still allows, each as big
 *   as the enabled template there that holds the most seats.
 */
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';

export interface AvailabilityInput {
  /** What one seat needs (the definition's `resources`). */
  requirement: Quantity;
  window: { start: Date; end: Date };
  workers: readonly Worker[];
  templates: readonly WorkerTemplate[];
  /** Every session; those Pending and overlapping the window count as demand. */
  sessions: readonly LabletSession[];
  /**
   * Every reservation; the seats of confirmed ones overlapping the window that have no session
   * yet count as demand (once made, a seat's session counts while Pending). @default []
   */
  reservations?: readonly Reservation[];
  /** What a session or a reservation's seat needs, by its pinned definition (`namespace/name`). */
  requirementOf: (object: LabletSession | Reservation) => Quantity | undefined;
  maxWorkersPerRegion: number;
}

export interface Availability {
  seats: { now: number; withScaleUp: number };
  workers: { name: string; seats: number }[];
  /** Seats already promised to unplaced sessions in the window. */
  pendingDemandSeats: number;
  regions: { region: string; template: string; seatsPerWorker: number; workersAllowed: number }[];
}

/** Workers in these phases no longer count toward a region's limit. */
const GONE_PHASES = new Set(['Terminating', 'Terminated', 'Failed']);
const DIMENSIONS = ['cpu', 'memoryMiB', 'storageGiB', 'nodes'] as const;

/** How many times `need` fits into `free`; a zero requirement never limits. */
export function seatsIn(free: Quantity, need: Quantity): number {
  const fits = DIMENSIONS.filter((dimension) => need[dimension] > 0).map((dimension) =>
    Math.floor(Math.max(0, free[dimension]) / need[dimension]),
  );
  return fits.length === 0 ? 0 : Math.min(...fits);
}

export function computeAvailability(input: AvailabilityInput): Availability {
  const { requirement } = input;
  const workers = input.workers
    .filter(takesSessions)
    .map((worker) => ({ name: worker.metadata.name, seats: seatsIn(freeOf(worker), requirement) }));
  const pendingDemandSeats = unplacedDemand(input);
  const now = Math.max(
    0,
    workers.reduce((sum, worker) => sum + worker.seats, 0) - pendingDemandSeats,
  );
  const regions = regionHeadroom(input);
  const added = regions.reduce(
    (sum, region) => sum + region.seatsPerWorker * region.workersAllowed,
    0,
  );
  return { seats: { now, withScaleUp: now + added }, workers, pendingDemandSeats, regions };
}

/** Seats (of `requirement`) that unplaced sessions and not-yet-made reservation seats will take. */
function unplacedDemand(input: AvailabilityInput): number {
  const seatsOf = (object: LabletSession | Reservation): number => {
    const need = input.requirementOf(object);
    return need ? Math.max(1, seatsEquivalent(need, input.requirement)) : 1;
  };
  let seats = 0;
  const made = new Map<string, number>();
  for (const session of input.sessions) {
    if (session.spec.reservation) {
      const key = `${session.metadata.namespace ?? ''}/${session.spec.reservation}`;
      made.set(key, (made.get(key) ?? 0) + 1);
    }
    const pending = (session.status?.phase ?? 'Pending') === 'Pending';
    if (
      pending &&
      session.spec.desiredState !== 'Stopped' &&
      overlaps(session.spec.timeslot, input.window)
    )
      seats += seatsOf(session);
  }
  for (const reservation of input.reservations ?? []) {
    if (!isLive(reservation) || !overlaps(reservation.spec, input.window)) continue;
    const total = reservation.spec.seats?.length ?? reservation.spec.seatCount ?? 0;
    const key = `${reservation.metadata.namespace ?? ''}/${reservation.metadata.name}`;
    seats += Math.max(0, total - (made.get(key) ?? 0)) * seatsOf(reservation);
  }
  return seats;
}

/** Confirmed and not yet over or cancelled. */
function isLive(reservation: Reservation): boolean {
  const phase = reservation.status?.phase;
  return reservation.spec.state === 'Confirmed' && phase !== 'Completed' && phase !== 'Cancelled';
}

function takesSessions(worker: Worker): boolean {
  return worker.status?.phase === 'Running' && !worker.spec.unschedulable && !worker.spec.drain;
}

function freeOf(worker: Worker): Quantity {
  const capacity = worker.status?.capacity;
  if (!capacity) return { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 };
  const { declared, allocated } = capacity;
  return {
    cpu: declared.cpu - allocated.cpu,
    memoryMiB: declared.memoryMiB - allocated.memoryMiB,
    storageGiB: declared.storageGiB - allocated.storageGiB,
    nodes: declared.nodes - allocated.nodes,
  };
}

function overlaps(
  slot: { start: string; end: string } | undefined,
  window: { start: Date; end: Date },
): boolean {
  if (!slot) return true;
  return (
    Date.parse(slot.start) < window.end.getTime() && Date.parse(slot.end) > window.start.getTime()
  );
}

/** How many seats of `unit` a session needing `need` takes (its largest dimension ratio). */
function seatsEquivalent(need: Quantity, unit: Quantity): number {
  const ratios = DIMENSIONS.filter((dimension) => unit[dimension] > 0).map((dimension) =>
    Math.ceil(need[dimension] / unit[dimension]),
  );
  return ratios.length === 0 ? 1 : Math.max(...ratios);
}

function regionHeadroom(input: AvailabilityInput): Availability['regions'] {
  const regions = new Set(input.templates.filter((t) => t.spec.enabled).map((t) => t.spec.region));
  return [...regions].flatMap((region) => {
    const best = input.templates
      .filter((template) => template.spec.enabled && template.spec.region === region)
      .map((template) => ({ template, seats: seatsIn(template.spec.capacity, input.requirement) }))
      .sort(
        (a, b) => b.seats - a.seats || a.template.spec.costPerHour - b.template.spec.costPerHour,
      )[0];
    if (!best || best.seats === 0) return [];
    const existing = input.workers.filter(
      (worker) =>
        worker.spec.region === region && !GONE_PHASES.has(worker.status?.phase ?? 'Pending'),
    ).length;
    return [
      {
        region,
        template: best.template.metadata.name,
        seatsPerWorker: best.seats,
        workersAllowed: Math.max(0, input.maxWorkersPerRegion - existing),
      },
    ];
  });
}
