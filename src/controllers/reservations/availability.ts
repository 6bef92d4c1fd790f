/**
 * Seat availability for a definition in a time window (SPEC.md "Reservation": "how many seats fit
 * on current capacity and on capacity the limits allow"). Pure: the caller reads the objects.
 *
 * - Current capacity: free capacity (declared − allocated) of workers that take sessions (Running,
 *   not cordoned or draining), less what sessions not yet placed but overlapping the window need.
 * - With scale-up: plus, per region, the workers `maxWorkersPerRegion` still allows, each as big
 *   as the enabled template there that holds the most seats.
 */
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
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
  /** Sessions' requirements by pinned definition name (`namespace/name`). */
  requirementOf: (session: LabletSession) => Quantity | undefined;
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
  const pendingDemandSeats = input.sessions
    .filter((session) => (session.status?.phase ?? 'Pending') === 'Pending')
    .filter((session) => overlaps(session, input.window))
    .reduce((sum, session) => {
      const need = input.requirementOf(session);
      return sum + (need ? Math.max(1, seatsEquivalent(need, requirement)) : 1);
    }, 0);
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

function overlaps(session: LabletSession, window: { start: Date; end: Date }): boolean {
  const slot = session.spec.timeslot;
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
