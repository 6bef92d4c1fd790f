/**
 * Teardown (SPEC.md "LabletSession"): `stop-lab`, `release-lab` (wipe and keep it for reuse with
 * its ports, or delete it and free them), `release-access` (the LDS session) and
 * `release-capacity` (the session's allocation on the worker). Each step is idempotent; a lab
 * step that cannot finish hands the lab to the labs controller (`pendingAction: Delete`) so the
 * session still ends and frees its capacity.
 */
import { hasReason } from '../../../errors/index.js';
import type { StoreOp } from '../../../client/resource-client.js';
import type { LabRecord } from '../../../resources/kinds/lab-record.js';
import type { Allocation } from '../../../resources/kinds/worker.js';
import { isLabHolder, labInPhase, statusOp, unboundLab, withAllocations } from '../lab-records.js';
import { statusOf, type SessionStepContext } from '../session-step-context.js';
import type { StepOutcome } from '../step-runner.js';
import { cmlOf } from './step-objects.js';

export const TEARDOWN_STEPS = ['stop-lab', 'release-lab', 'release-access', 'release-capacity'];

function labOf(ctx: SessionStepContext): LabRecord | undefined {
  const name = statusOf(ctx).lab;
  return name ? ctx.caches.lab(name) : undefined;
}

export async function stopLab(ctx: SessionStepContext): Promise<StepOutcome> {
  const lab = labOf(ctx);
  const labId = lab?.spec.cmlLabId;
  if (!lab || !labId) return 'Skipped';
  try {
    await cmlOf(ctx).stopLab(labId);
  } catch (error) {
    if (!hasReason(error, 'NotFound')) throw error;
  }
  await ctx.save(statusOf(ctx), [
    statusOp(labInPhase(lab, 'Stopped', ctx.clock.now(), 'SessionEnded')),
  ]);
  return 'Completed';
}

/** Wipe for reuse (the definition allows it) or delete; either way the lab leaves the session. */
export async function releaseLab(ctx: SessionStepContext): Promise<StepOutcome> {
  const lab = labOf(ctx);
  if (!lab) return 'Skipped';
  const labId = lab.spec.cmlLabId;
  const now = ctx.clock.now();
  const reuse = ctx.definition?.spec.labReuse === true && labId !== undefined;
  if (labId) {
    const cml = cmlOf(ctx);
    try {
      await cml.wipeLab(labId);
      if (!reuse) await cml.deleteLab(labId);
    } catch (error) {
      if (!hasReason(error, 'NotFound')) throw error;
    }
  }
  const released = unboundLab(
    labInPhase(lab, reuse ? 'Wiped' : 'Deleted', now, reuse ? 'WipedForReuse' : 'Deleted'),
    ctx.key,
    now,
  );
  await ctx.save(statusOf(ctx), [statusOp(released)]);
  return 'Completed';
}

/**
 * After a lab step failed for good: the lab leaves the session (in Error, so it is never reused)
 * and the labs controller deletes it when it can. Unbound first: the labs controller refuses to
 * delete a lab that a live session holds.
 */
export async function abandonLab(ctx: SessionStepContext, reason: string): Promise<void> {
  const lab = labOf(ctx);
  if (!lab || lab.status?.session !== ctx.key) return;
  const now = ctx.clock.now();
  const [, written] = await ctx.save(statusOf(ctx), [
    statusOp(unboundLab(labInPhase(lab, 'Error', now, reason), ctx.key, now)),
  ]);
  const unbound = written as unknown as LabRecord;
  await ctx.write([
    { op: 'update', object: { ...unbound, spec: { ...unbound.spec, pendingAction: 'Delete' } } },
  ]);
}

export async function releaseAccess(ctx: SessionStepContext): Promise<StepOutcome> {
  const status = statusOf(ctx);
  const sessionId = status.access?.ldsSessionId;
  const worker = ctx.caches.worker(status.worker ?? '');
  if (!sessionId || !worker) return 'Skipped';
  try {
    await ctx.providers.lds.releaseSession({ region: worker.spec.region, sessionId });
  } catch (error) {
    if (!hasReason(error, 'NotFound')) throw error;
  }
  const ended = status.access?.phase === 'Active' || status.access?.phase === 'Provisioned';
  if (ended && status.access)
    await ctx.save({ ...status, access: { ...status.access, phase: 'Ended' } });
  return 'Completed';
}

/**
 * The session's allocation leaves the worker; a wiped lab keeps the session's ports under its own
 * name (they are in its node tags). Store writes only, so it is retried until it lands.
 */
export async function releaseCapacity(ctx: SessionStepContext): Promise<StepOutcome> {
  const status = statusOf(ctx);
  const worker = ctx.caches.worker(status.worker ?? '');
  const allocations = worker?.status?.allocations ?? [];
  const mine = allocations.find((a) => isSessionHolder(a, ctx));
  if (!worker || !mine) return 'Skipped';
  const lab = labOf(ctx);
  const kept: Allocation[] =
    lab?.status?.phase === 'Wiped' && !allocations.some((a) => isLabHolder(a, lab.metadata.name))
      ? [
          {
            holder: { kind: 'LabRecord', name: lab.metadata.name },
            cpu: 0,
            memoryMiB: 0,
            storageGiB: 0,
            nodes: 0,
            ports: mine.ports,
          },
        ]
      : [];
  const ops: StoreOp[] = [
    statusOp(withAllocations(worker, [...allocations.filter((a) => a !== mine), ...kept])),
  ];
  await ctx.save(status, ops);
  return 'Completed';
}

function isSessionHolder(allocation: Allocation, ctx: SessionStepContext): boolean {
  const { holder } = allocation;
  return (
    holder.kind === 'LabletSession' &&
    holder.name === ctx.session.metadata.name &&
    (holder.namespace ?? 'default') === (ctx.session.metadata.namespace ?? 'default')
  );
}
