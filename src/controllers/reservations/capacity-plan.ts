/**
 * A reservation's capacity plan (SPEC.md "Reservation", docs/reservations.md): which of its unplaced
 * seats running workers can take, which workers already asked for it will take, and how many new
 * workers of the cheapest fitting template the rest needs — within the region's worker limit. Pure:
 * the caller passes the fleet as just read.
 */
import type { Worker } from '../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import { chooseScaleUpTemplate } from '../scheduler/placement/choose-scale-up-template.js';
import type { PlacementNeed } from '../scheduler/placement/placement-need.js';
import {
  SCALE_UP_DEMAND_ANNOTATION,
  STARTING_PHASES,
  countActiveWorkers,
} from '../scheduler/scale-up-plan.js';
import { seatsOnNewWorker, seatsOnWorker } from './seat-fit.js';

export interface CapacityPlanInput {
  /** Session keys (`namespace/name`) of its seats not placed yet, in seat order. */
  unplaced: readonly string[];
  /** Workers named in `status.worker` of its sessions that are not torn down. */
  holders: ReadonlySet<string>;
  need: PlacementNeed;
  workers: readonly Worker[];
  templates: readonly WorkerTemplate[];
  maxWorkersPerRegion: number;
}

/** Why the plan cannot ask for every worker the seats need. */
export interface PlanShortfall {
  reason: 'NoTemplateFits' | 'RegionFull';
  message: string;
}

export interface CapacityPlan {
  /** Workers still to come: starting ones asked for its seats, plus new ones still missing. */
  workersNeeded: number;
  /** Running workers holding its sessions, or with room its unplaced seats would take. */
  workersReady: number;
  /** Starting workers whose scale-up demand names one of its seats. */
  workersStarting: number;
  /** The template new workers come from, when one fits a seat. */
  template?: WorkerTemplate;
  /** New workers to ask for now (within the region's limit), each with the seat keys it is for. */
  create: string[][];
  shortfall?: PlanShortfall;
}

export function planCapacity(input: CapacityPlanInput): CapacityPlan {
  const byName = new Map(input.templates.map((template) => [template.metadata.name, template]));
  const { claimed, workersStarting } = claimedByStartingWorkers(input);
  const rest = input.unplaced.filter((key) => !claimed.has(key));
  const { taken, used } = packOnRunningWorkers(input, byName, rest.length);
  const ready = new Set(used);
  for (const worker of input.workers)
    if (input.holders.has(worker.metadata.name) && worker.status?.phase === 'Running')
      ready.add(worker.metadata.name);
  const base = { workersReady: ready.size, workersStarting, create: [] };
  const leftover = rest.slice(taken);
  if (leftover.length === 0) return { ...base, workersNeeded: workersStarting };
  const choice = chooseScaleUpTemplate(input.templates, input.need);
  if (!choice.template)
    return {
      ...base,
      workersNeeded: workersStarting,
      shortfall: { reason: 'NoTemplateFits', message: choice.reason },
    };
  const template = choice.template;
  const perWorker = Math.max(1, seatsOnNewWorker(template, input.need, leftover.length));
  const missing = Math.ceil(leftover.length / perWorker);
  const region = template.spec.region;
  const active = countActiveWorkers(input.workers, region);
  const allowed = Math.max(0, input.maxWorkersPerRegion - active);
  const create = Array.from({ length: Math.min(missing, allowed) }, (_, at) =>
    leftover.slice(at * perWorker, (at + 1) * perWorker),
  );
  const plan: CapacityPlan = {
    ...base,
    workersNeeded: workersStarting + missing,
    template,
    create,
  };
  if (allowed < missing)
    plan.shortfall = {
      reason: 'RegionFull',
      message: `${leftover.length} seats need ${missing} more ${template.metadata.name} workers (${perWorker} seats each); region ${region} has ${active} of at most ${input.maxWorkersPerRegion} (scheduling.maxWorkersPerRegion)`,
    };
  return plan;
}

/** Unplaced seats named in the scale-up demand of a starting worker: that worker is for them. */
function claimedByStartingWorkers(input: CapacityPlanInput): {
  claimed: Set<string>;
  workersStarting: number;
} {
  const unplaced = new Set(input.unplaced);
  const claimed = new Set<string>();
  let workersStarting = 0;
  for (const worker of input.workers) {
    if (!isStarting(worker)) continue;
    const mine = demandOf(worker).filter((key) => unplaced.has(key));
    if (mine.length === 0) continue;
    workersStarting++;
    for (const key of mine) claimed.add(key);
  }
  return { claimed, workersStarting };
}

/**
 * Puts `seats` on running workers as the scheduler's bin-packing would: fullest worker first.
 * Returns how many found room and on which workers.
 */
function packOnRunningWorkers(
  input: CapacityPlanInput,
  templates: ReadonlyMap<string, WorkerTemplate>,
  seats: number,
): { taken: number; used: string[] } {
  if (seats === 0) return { taken: 0, used: [] };
  const room = input.workers
    .filter((worker) => worker.status?.phase === 'Running')
    .map((worker) => ({
      name: worker.metadata.name,
      seats: seatsOnWorker(worker, templates.get(worker.spec.template), input.need, seats),
    }))
    .filter((worker) => worker.seats > 0)
    .sort((a, b) => a.seats - b.seats || a.name.localeCompare(b.name));
  let taken = 0;
  const used: string[] = [];
  for (const worker of room) {
    if (taken >= seats) break;
    taken += Math.min(worker.seats, seats - taken);
    used.push(worker.name);
  }
  return { taken, used };
}

function isStarting(worker: Worker): boolean {
  return (
    STARTING_PHASES.has(worker.status?.phase ?? 'Pending') &&
    worker.spec.desiredState === 'Running' &&
    !worker.metadata.deletionTimestamp
  );
}

/** The session keys a scale-up worker was asked for; none when the annotation is absent or bad. */
function demandOf(worker: Worker): string[] {
  const text = worker.metadata.annotations?.[SCALE_UP_DEMAND_ANNOTATION];
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((key) => typeof key === 'string') : [];
  } catch {
    return [];
  }
}
