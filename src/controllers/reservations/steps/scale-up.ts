/**
 * Asks for the workers a reservation's plan is missing, all in one transaction, built as the
 * scheduler builds its scale-up workers (label, demand annotation naming the seats' sessions), so
 * the scheduler waits for them instead of asking again. The cache decides first; a fresh list
 * confirms right before the create, so workers this controller just asked for are always counted
 * (as starting workers claiming the same seats) and never asked for twice.
 */
import type { ResourceClient, StoreOp } from '../../../client/resource-client.js';
import type { Worker } from '../../../resources/kinds/worker.js';
import { scaleUpWorker } from '../../scheduler/steps/scale-up.js';
import type { CapacityPlan } from '../capacity-plan.js';

export interface ScaleUpResult {
  /** The plan as the fresh worker list has it (what was asked for is now starting). */
  plan: CapacityPlan;
  /** Names of the workers created. */
  created: string[];
}

export async function scaleUpForReservation(
  client: ResourceClient,
  planWith: (workers: readonly Worker[]) => CapacityPlan,
): Promise<ScaleUpResult> {
  const fresh = (await client.list('Worker')).items as unknown as Worker[];
  const plan = planWith(fresh);
  const template = plan.template;
  if (!template || plan.create.length === 0) return { plan, created: [] };
  const ops = plan.create.map((demand): StoreOp => ({
    op: 'create',
    object: scaleUpWorker(template, demand),
  }));
  const written = await client.transact(ops);
  const created = written.map((worker) => worker.metadata.name);
  return { plan: planWith([...fresh, ...(written as unknown as Worker[])]), created };
}
