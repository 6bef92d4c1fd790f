/**
 * Whether a session that fits no running worker gets a new one (SPEC.md "Scheduling",
 * "Auto-scaling"). Pure: given the fleet as just read, it answers wait for a starting worker that
 * has a seat for it, wait (region full, cooldown), or create — never twice for the same demand.
 */
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import type { Worker, WorkerPhase } from '../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import { templateShortfall } from './placement/choose-scale-up-template.js';
import { freeCapacityOf, quantityFits } from './placement/free-capacity.js';
import type { PlacementNeed } from './placement/placement-need.js';

/** Marks the workers the scheduler asked for; the newest one's creation starts the cooldown. */
export const SCALE_UP_LABEL = 'lcm.io/scale-up';
/** On a scale-up worker: the keys of the sessions it was asked for, as a JSON array. */
export const SCALE_UP_DEMAND_ANNOTATION = 'lcm.io/scale-up-demand';

/** Phases that no longer count against `maxWorkersPerRegion`. */
const GONE_PHASES: ReadonlySet<WorkerPhase> = new Set(['Stopped', 'Terminating', 'Terminated']);
/**
 * A worker in these phases will take sessions once Running: its seats may be promised. A Failed
 * worker the controller keeps retrying counts too: otherwise a launch that always fails (a bad
 * template) would make the scheduler ask for a new worker every cooldown, without end.
 */
export const STARTING_PHASES: ReadonlySet<WorkerPhase> = new Set([
  'Pending',
  'Provisioning',
  'Starting',
  'Failed',
]);

/** One session waiting for capacity: its queue key and what it needs. */
export interface Demand {
  key: string;
  need: PlacementNeed;
}

export interface ScaleUpPlanInput {
  /** The session being decided; it fits no running worker. */
  demand: Demand;
  /** Pending sessions ahead of it that also wait for capacity, nearest start first. */
  waitingAhead: readonly Demand[];
  /** The template the placement engine chose (cheapest enabled one that fits). */
  template: WorkerTemplate;
  /** Every worker, as just read. */
  workers: readonly Worker[];
  templates: ReadonlyMap<string, WorkerTemplate>;
  now: Date;
  maxWorkersPerRegion: number;
  cooldownMs: number;
}

export type ScaleUpPlan =
  | { action: 'WaitForWorker'; worker: string; template: string; eta?: string }
  | {
      action: 'Blocked';
      reason: 'RegionFull' | 'ScaleUpCooldown';
      message: string;
      retryAtMs?: number;
    }
  | { action: 'Create'; demand: string[] };

interface Seats {
  name: string;
  template: WorkerTemplate;
  free: Quantity;
  freePorts: number;
  eta?: string;
}

export function planScaleUp(input: ScaleUpPlanInput): ScaleUpPlan {
  const starting = startingSeats(input.workers, input.templates);
  const promised = promiseSeats(starting, [...input.waitingAhead, input.demand]);
  const seat = promised.get(input.demand.key);
  if (seat)
    return {
      action: 'WaitForWorker',
      worker: seat.name,
      template: seat.template.metadata.name,
      ...(seat.eta ? { eta: seat.eta } : {}),
    };
  const blocked = regionLimit(input) ?? cooldown(input);
  if (blocked) return blocked;
  const uncovered = input.waitingAhead.filter((demand) => !promised.has(demand.key));
  const fresh = newWorkerSeats(input.template);
  const covered = promiseSeats([fresh], [input.demand, ...uncovered]);
  return {
    action: 'Create',
    demand: [input.demand.key, ...uncovered.map((d) => d.key).filter((key) => covered.has(key))],
  };
}

/** Workers counted against the region's limit: every one not stopped, failed or going away. */
export function countActiveWorkers(workers: readonly Worker[], region: string): number {
  return workers.filter(
    (worker) =>
      worker.spec.region === region && !GONE_PHASES.has(worker.status?.phase ?? 'Pending'),
  ).length;
}

/** When `template`'s new worker takes sessions: its creation plus the template's startup time. */
export function etaOf(worker: Worker, template: WorkerTemplate | undefined): string | undefined {
  const created = worker.metadata.creationTimestamp;
  if (!created || !template) return undefined;
  return new Date(Date.parse(created) + template.spec.startupSeconds * 1000).toISOString();
}

function regionLimit(input: ScaleUpPlanInput): ScaleUpPlan | undefined {
  const region = input.template.spec.region;
  const active = countActiveWorkers(input.workers, region);
  if (active < input.maxWorkersPerRegion) return undefined;
  return {
    action: 'Blocked',
    reason: 'RegionFull',
    message: `region ${region} has ${active} workers, the most it may have (scheduling.maxWorkersPerRegion = ${input.maxWorkersPerRegion})`,
  };
}

/** The region's last scale-up is the newest scale-up worker there: store-derived, so it survives restarts. */
function cooldown(input: ScaleUpPlanInput): ScaleUpPlan | undefined {
  const region = input.template.spec.region;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const worker of input.workers) {
    const created = worker.metadata.creationTimestamp;
    if (worker.spec.region !== region || worker.metadata.labels?.[SCALE_UP_LABEL] !== 'true')
      continue;
    if (created) lastMs = Math.max(lastMs, Date.parse(created));
  }
  const retryAtMs = lastMs + input.cooldownMs;
  if (retryAtMs <= input.now.getTime()) return undefined;
  return {
    action: 'Blocked',
    reason: 'ScaleUpCooldown',
    message: `region ${region} scaled up at ${new Date(lastMs).toISOString()}; the next scale-up may follow at ${new Date(retryAtMs).toISOString()}`,
    retryAtMs,
  };
}

/** Starting workers, earliest created first, with what is left of their template's capacity. */
function startingSeats(
  workers: readonly Worker[],
  templates: ReadonlyMap<string, WorkerTemplate>,
): Seats[] {
  const seats: Seats[] = [];
  const starting = workers
    .filter((worker) => STARTING_PHASES.has(worker.status?.phase ?? 'Pending'))
    .filter(
      (worker) => worker.spec.desiredState === 'Running' && !worker.metadata.deletionTimestamp,
    )
    .sort(byCreation);
  for (const worker of starting) {
    const template = templates.get(worker.spec.template);
    if (!template) continue;
    const held = (worker.status?.allocations ?? []).reduce((sum, a) => sum + a.ports.length, 0);
    const eta = etaOf(worker, template);
    seats.push({
      name: worker.metadata.name,
      template,
      free: { ...freeCapacityOf(worker, template).free },
      freePorts: portCount(template) - held,
      ...(eta ? { eta } : {}),
    });
  }
  return seats;
}

function newWorkerSeats(template: WorkerTemplate): Seats {
  return {
    name: '',
    template,
    free: { ...template.spec.capacity },
    freePorts: portCount(template),
  };
}

/**
 * Promises seats first come, first served: each demand, in order, takes the first worker whose
 * template can run it and whose unpromised capacity holds it.
 */
function promiseSeats(seats: Seats[], demands: readonly Demand[]): Map<string, Seats> {
  const promised = new Map<string, Seats>();
  for (const demand of demands) {
    const { requirement, portTemplate } = demand.need;
    const seat = seats.find(
      (candidate) =>
        candidate.freePorts >= portTemplate.length &&
        quantityFits(requirement, candidate.free) &&
        templateShortfall(candidate.template, demand.need) === undefined,
    );
    if (!seat) continue;
    seat.free = {
      cpu: seat.free.cpu - requirement.cpu,
      memoryMiB: seat.free.memoryMiB - requirement.memoryMiB,
      storageGiB: seat.free.storageGiB - requirement.storageGiB,
      nodes: seat.free.nodes - requirement.nodes,
    };
    seat.freePorts -= portTemplate.length;
    promised.set(demand.key, seat);
  }
  return promised;
}

function portCount(template: WorkerTemplate): number {
  return Math.max(0, template.spec.ports.to - template.spec.ports.from + 1);
}

function byCreation(a: Worker, b: Worker): number {
  const byTime = (a.metadata.creationTimestamp ?? '').localeCompare(
    b.metadata.creationTimestamp ?? '',
  );
  return byTime || a.metadata.name.localeCompare(b.metadata.name);
}
