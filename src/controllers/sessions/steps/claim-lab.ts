/**
 * Step `claim-lab`: binds the session to a LabRecord, 1:1, in one transaction with the session's
 * status. A Wiped lab of the same topology on the worker is reused (its kept ports are released:
 * the session brings the ports the scheduler gave it); otherwise a new record is created, to be
 * imported by `import-lab`. A lab is always wiped before another student gets it, because only
 * Wiped labs are claimed.
 */
import type { StoreOp } from '../../../client/resource-client.js';
import type { AnyResource } from '../../../resources/index.js';
import type { LabRecord } from '../../../resources/kinds/lab-record.js';
import {
  isLabHolder,
  labNameFor,
  newLabRecord,
  statusOp,
  withAllocations,
} from '../lab-records.js';
import { statusOf, type SessionStepContext } from '../session-step-context.js';
import type { StepOutcome } from '../step-runner.js';

export async function claimLab(ctx: SessionStepContext): Promise<StepOutcome> {
  const status = statusOf(ctx);
  if (status.lab) return 'Completed';
  const workerName = status.worker ?? '';
  const definition = ctx.definition;
  const now = ctx.clock.now();
  const reusable = definition?.spec.labReuse
    ? ctx.caches
        .labsOn(workerName)
        .find(
          (lab) =>
            lab.status?.phase === 'Wiped' &&
            !lab.status.session &&
            lab.spec.cmlLabId !== undefined &&
            lab.status.topologyHash !== undefined &&
            lab.status.topologyHash === definition.status?.topologyHash,
        )
    : undefined;
  if (reusable) {
    await ctx.save(
      { ...status, lab: reusable.metadata.name, cmlLabId: reusable.spec.cmlLabId ?? '' },
      reuseOps(ctx, reusable, now),
    );
    return 'Completed';
  }
  const record = newLabRecord({
    name: labNameFor(ctx.session),
    worker: workerName,
    sessionKey: ctx.key,
    definition: definition?.metadata.name ?? ctx.session.spec.definition.name ?? '',
    topologyHash: definition?.status?.topologyHash,
    now,
  });
  await ctx.save({ ...status, lab: record.metadata.name }, [
    { op: 'create', object: record as unknown as AnyResource },
  ]);
  return 'Completed';
}

/** The claimed lab bound to the session, and its kept ports released on the worker. */
function reuseOps(ctx: SessionStepContext, lab: LabRecord, now: Date): StoreOp[] {
  const labStatus = lab.status ?? {};
  const claimed: LabRecord = {
    ...lab,
    status: {
      ...labStatus,
      session: ctx.key,
      runs: [...(labStatus.runs ?? []), { session: ctx.key, startedAt: now.toISOString() }],
    },
  };
  const ops: StoreOp[] = [statusOp(claimed)];
  const worker = ctx.caches.worker(lab.spec.worker);
  const allocations = worker?.status?.allocations ?? [];
  if (worker && allocations.some((a) => isLabHolder(a, lab.metadata.name)))
    ops.push(
      statusOp(
        withAllocations(
          worker,
          allocations.filter((a) => !isLabHolder(a, lab.metadata.name)),
        ),
      ),
    );
  return ops;
}
