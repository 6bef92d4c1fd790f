/**
 * The placement engine (SPEC.md "Scheduling"): filter every worker, bind to the best-scored one,
 * else scale up from the cheapest fitting template, else wait. Pure and deterministic.
 */
import type {
  PlacementDecision,
  PlacementRequest,
  RejectionReason,
  ReusableLab,
  WorkerVerdict,
} from './placement-types.js';
import { assignPorts, freePortsOf } from './placement/assign-ports.js';
import { chooseScaleUpTemplate } from './placement/choose-scale-up-template.js';
import { evaluateWorker, type FittingWorker } from './placement/evaluate-worker.js';
import { derivePlacementNeed, type PlacementNeed } from './placement/placement-need.js';
import { compareScoredWorkers } from './placement/score.js';

/**
 * Decides where one pending session goes. Every worker gets a verdict (in `request.workers`
 * order): the first filter that rejects it, or its score. The winner is the best score, ties
 * broken by worker name, so the same request always gives the same decision whatever the order.
 * Cost: O(workers × (allocations + port-template entries)) plus O(templates + reusable labs).
 * A definition without `spec.resources` cannot be placed yet: the answer is Wait.
 */
export function placeSession(request: PlacementRequest): PlacementDecision {
  const { definition } = request;
  const requirement = definition.spec.resources;
  if (!requirement)
    return {
      result: 'Wait',
      reason: `definition ${definition.metadata.name} has no spec.resources yet`,
      verdicts: [],
    };
  const need = derivePlacementNeed(definition, request.session, requirement);
  const templates = new Map(
    request.templates.map((template) => [template.metadata.name, template]),
  );
  const labs = reusableLabsByWorker(request.reusableLabs, need.reuseHash);
  const verdicts: WorkerVerdict[] = [];
  let best: FittingWorker | undefined;
  for (const worker of request.workers) {
    const name = worker.metadata.name;
    const evaluation = evaluateWorker(
      worker,
      templates.get(worker.spec.template),
      need,
      labs.get(name),
    );
    verdicts.push(evaluation.verdict);
    if (evaluation.fits && (!best || compareScoredWorkers(evaluation.verdict, best.verdict) < 0))
      best = evaluation;
  }
  return best ? bind(best, need, verdicts) : scaleUpOrWait(request, need, verdicts);
}

/** The wiped lab to reuse per worker: of this topology hash, the lowest LabRecord name. */
function reusableLabsByWorker(
  labs: readonly ReusableLab[],
  topologyHash: string | undefined,
): Map<string, string> {
  const byWorker = new Map<string, string>();
  if (topologyHash === undefined) return byWorker;
  for (const lab of labs) {
    if (lab.topologyHash !== topologyHash) continue;
    const current = byWorker.get(lab.worker);
    if (current === undefined || lab.labRecord < current) byWorker.set(lab.worker, lab.labRecord);
  }
  return byWorker;
}

function bind(best: FittingWorker, need: PlacementNeed, verdicts: WorkerVerdict[]) {
  const decision: PlacementDecision = {
    result: 'Bind',
    worker: best.verdict.worker,
    ports: assignPorts(
      need.portTemplate,
      freePortsOf(best.worker, best.template, need.portTemplate.length),
    ),
    requirement: need.requirement,
    verdicts,
  };
  if (best.reuseLab !== undefined) decision.reuseLab = best.reuseLab;
  return decision;
}

function scaleUpOrWait(
  request: PlacementRequest,
  need: PlacementNeed,
  verdicts: WorkerVerdict[],
): PlacementDecision {
  const summary = summariseRejections(verdicts);
  const choice = chooseScaleUpTemplate(request.templates, need);
  if (!choice.template) return { result: 'Wait', reason: `${summary}; ${choice.reason}`, verdicts };
  const { metadata, spec } = choice.template;
  return {
    result: 'ScaleUp',
    template: metadata.name,
    region: spec.region,
    reason: summary,
    verdicts,
  };
}

/** "no running worker fits (3 InsufficientCpu, 1 Cordoned)": most frequent reason first. */
export function summariseRejections(verdicts: readonly WorkerVerdict[]): string {
  if (verdicts.length === 0) return 'no workers';
  const counts = new Map<RejectionReason, number>();
  for (const verdict of verdicts) {
    if (!verdict.fits) counts.set(verdict.reason, (counts.get(verdict.reason) ?? 0) + 1);
  }
  const parts = [...counts]
    .sort(([reasonA, a], [reasonB, b]) => b - a || (reasonA < reasonB ? -1 : 1))
    .map(([reason, count]) => `${count} ${reason}`);
  return `no running worker fits (${parts.join(', ')})`;
}
