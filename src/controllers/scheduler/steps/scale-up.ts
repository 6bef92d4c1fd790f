/**
 * Scale-up for a session no running worker fits: wait for a starting worker with a seat for it,
 * or ask for a new Worker within the region's limit and cooldown. Fails closed: when the worker
 * count cannot be read, no worker is asked for. The cache decides first; a fresh list confirms
 * right before the create, so a worker this scheduler just asked for is always counted.
 */
import { randomInt } from 'node:crypto';
import type { ResourceClient } from '../../../client/resource-client.js';
import { toError } from '../../../errors/index.js';
import { API_VERSION, type AnyResource } from '../../../resources/index.js';
import type { LabletSession } from '../../../resources/kinds/lablet-session.js';
import type { Worker } from '../../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import { parseObjectKey } from '../../../runtime/index.js';
import type { ScaleUpRef } from '../decision-record.js';
import type { FleetView } from '../fleet-view.js';
import type { PlacementDecision } from '../placement-types.js';
import { derivePlacementNeed, type PlacementNeed } from '../placement/placement-need.js';
import {
  SCALE_UP_DEMAND_ANNOTATION,
  SCALE_UP_LABEL,
  etaOf,
  planScaleUp,
  type Demand,
  type ScaleUpPlan,
} from '../scale-up-plan.js';

export type ScaleUpDecision = Extract<PlacementDecision, { result: 'ScaleUp' }>;

/** Record reasons of sessions that wait for capacity: they get starting workers' seats first. */
const WAITING_FOR_CAPACITY: ReadonlySet<string> = new Set([
  'ScaledUp',
  'WaitingForWorker',
  'ScaleUpCooldown',
  'RegionFull',
  'WorkerCountUnknown',
]);

export interface ScaleUpInput {
  client: ResourceClient;
  view: FleetView;
  session: LabletSession;
  /** The session's queue key (`namespace/name`). */
  key: string;
  need: PlacementNeed;
  decision: ScaleUpDecision;
  now: Date;
  maxWorkersPerRegion: number;
  cooldownMs: number;
}

export interface ScaleUpOutcome {
  result: 'ScaleUp' | 'Waiting';
  reason: string;
  message: string;
  scaleUp?: ScaleUpRef;
  requeueAfterMs?: number;
}

export async function scaleUp(input: ScaleUpInput): Promise<ScaleUpOutcome> {
  const { view, decision } = input;
  if (!view.workersSynced()) return countUnknown(input, 'the worker cache is not synced');
  const template = view.template(decision.template);
  if (!template)
    return {
      result: 'Waiting',
      reason: 'NoTemplateFits',
      message: `WorkerTemplate ${decision.template} is gone`,
    };
  const templates = new Map(view.templates().map((t) => [t.metadata.name, t]));
  const plan = (workers: readonly Worker[]): ScaleUpPlan =>
    planScaleUp({
      demand: { key: input.key, need: input.need },
      waitingAhead: waitingAhead(view, input.key),
      template,
      workers,
      templates,
      now: input.now,
      maxWorkersPerRegion: input.maxWorkersPerRegion,
      cooldownMs: input.cooldownMs,
    });
  const cached = plan(view.workers());
  if (cached.action !== 'Create') return outcomeOf(cached, input);
  let fresh: readonly Worker[];
  try {
    fresh = (await input.client.list('Worker')).items as unknown as Worker[];
  } catch (error) {
    return countUnknown(input, `listing workers failed: ${toError(error).message}`);
  }
  const confirmed = plan(fresh);
  if (confirmed.action !== 'Create') return outcomeOf(confirmed, input);
  return createWorker(input, template, confirmed.demand);
}

async function createWorker(
  input: ScaleUpInput,
  template: WorkerTemplate,
  demand: readonly string[],
): Promise<ScaleUpOutcome> {
  const worker = scaleUpWorker(template, demand);
  const name = worker.metadata.name;
  const created = (await input.client.create(worker)) as unknown as Worker;
  const eta = etaOf(created, template);
  return {
    result: 'ScaleUp',
    reason: 'ScaledUp',
    message: `${input.decision.reason}; asked for worker ${name} from template ${template.metadata.name}${eta ? `, ready about ${eta}` : ''}`,
    scaleUp: { worker: name, template: template.metadata.name, ...(eta ? { eta } : {}) },
  };
}

/**
 * A new Worker of `template`, as a scale-up asks for it (the reservations controller too): a random
 * name after the template, the scale-up label, and the sessions it is for in the demand annotation.
 */
export function scaleUpWorker(template: WorkerTemplate, demand: readonly string[]): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: {
      name: `${template.metadata.name.slice(0, 56)}-${randomSuffix()}`,
      labels: { [SCALE_UP_LABEL]: 'true' },
      annotations: { [SCALE_UP_DEMAND_ANNOTATION]: JSON.stringify(demand) },
    },
    spec: {
      template: template.metadata.name,
      region: template.spec.region,
      desiredState: 'Running',
    },
  };
}

function outcomeOf(
  plan: Exclude<ScaleUpPlan, { action: 'Create' }>,
  input: ScaleUpInput,
): ScaleUpOutcome {
  if (plan.action === 'WaitForWorker') {
    const previous = input.session.status?.scheduling;
    // The worker this session asked for: it keeps saying so (explain shows the scale-up it triggered).
    if (previous?.reason === 'ScaledUp' && previous.scaleUp?.worker === plan.worker)
      return {
        result: 'ScaleUp',
        reason: 'ScaledUp',
        message: previous.message ?? '',
        scaleUp: previous.scaleUp,
      };
    return {
      result: 'Waiting',
      reason: 'WaitingForWorker',
      message: `${input.decision.reason}; worker ${plan.worker} is starting and has a seat for it${plan.eta ? ` (ready about ${plan.eta})` : ''}`,
      scaleUp: {
        worker: plan.worker,
        template: plan.template,
        ...(plan.eta ? { eta: plan.eta } : {}),
      },
    };
  }
  return {
    result: 'Waiting',
    reason: plan.reason,
    message: `${input.decision.reason}; ${plan.message}`,
    ...(plan.retryAtMs === undefined
      ? {}
      : { requeueAfterMs: Math.max(1, plan.retryAtMs - input.now.getTime()) }),
  };
}

/** How soon a session that could not count the workers looks again. */
const COUNT_RETRY_MS = 10_000;

/** Fail closed: without a trustworthy worker count, no worker is asked for. */
function countUnknown(input: ScaleUpInput, why: string): ScaleUpOutcome {
  return {
    result: 'Waiting',
    reason: 'WorkerCountUnknown',
    message: `${input.decision.reason}; no scale-up while the worker count cannot be read (${why})`,
    requeueAfterMs: COUNT_RETRY_MS,
  };
}

/** Pending sessions ahead of `key` whose last decision was to wait for capacity. */
function waitingAhead(view: FleetView, key: string): Demand[] {
  const demands: Demand[] = [];
  for (const ahead of view.pending.keysAhead(key)) {
    const session = view.session(parseObjectKey(ahead));
    const reason = session?.status?.scheduling?.reason;
    if (!session || reason === undefined || !WAITING_FOR_CAPACITY.has(reason)) continue;
    const lookup = view.definitionFor(session);
    if ('definition' in lookup)
      demands.push({
        key: ahead,
        need: derivePlacementNeed(lookup.definition, session, lookup.requirement),
      });
  }
  return demands;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomSuffix(): string {
  return Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}
