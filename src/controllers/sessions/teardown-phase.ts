/**
 * The Stopping phase: the teardown steps in order, then Stopped → Archived → Terminated in one
 * write. Teardown always finishes: a lab step that fails for good (or the Stopping deadline)
 * hands the lab to the labs controller and the session still frees its capacity. A deleted
 * session loses its finalizer once Terminated (`releaseDeleted`).
 */
import type { ReconcileResult } from '../../runtime/index.js';
import { SESSION_FINALIZER } from '../../admission/guards/lablet-session.js';
import type { AnyResource } from '../../resources/index.js';
import { statusOf, type SessionStepContext } from './session-step-context.js';
import { transitioned } from './session-transitions.js';
import { StepFailedError, runStep, stepDone, withStep } from './step-runner.js';
import {
  abandonLab,
  releaseAccess,
  releaseCapacity,
  releaseLab,
  stopLab,
} from './steps/teardown.js';
import type { StepOutcome } from './step-runner.js';

const STEPS: readonly {
  name: string;
  run: (ctx: SessionStepContext) => Promise<StepOutcome>;
  /** A lab step: when it fails for good, the lab is handed to the labs controller. */
  lab?: boolean;
  /** Retried until it lands, even past the deadline: the session may not end holding capacity. */
  mustFinish?: boolean;
}[] = [
  { name: 'stop-lab', run: stopLab, lab: true },
  { name: 'release-lab', run: releaseLab, lab: true },
  { name: 'release-access', run: releaseAccess },
  { name: 'release-capacity', run: releaseCapacity, mustFinish: true },
];

export async function tearDown(ctx: SessionStepContext): Promise<ReconcileResult> {
  await settleStoppingFields(ctx);
  const deadline = Date.parse(statusOf(ctx).deadline ?? '') || Number.POSITIVE_INFINITY;
  const failures: string[] = [];
  for (const step of STEPS) {
    if (stepDone(statusOf(ctx), step.name)) continue;
    const late = ctx.clock.nowMs() > deadline && !step.mustFinish;
    try {
      if (late) throw new StepFailedError(step.name, 'the Stopping deadline passed');
      await runStep(ctx, step.name, () => step.run(ctx), {
        retryForever: step.mustFinish === true,
      });
    } catch (error) {
      if (!(error instanceof StepFailedError)) throw error;
      failures.push(error.message);
      await skipFailedStep(ctx, step.name, error.reason);
      if (step.lab) await abandonLab(ctx, error.reason);
    }
  }
  const status = statusOf(ctx);
  const message =
    failures.length > 0 ? `teardown incomplete: ${failures.join('; ')}` : status.message;
  // Two writes: admission checks each write's phase change against the table (Stopping → Stopped,
  // then Stopped → Terminated), while the history records the Archived step between them.
  await ctx.save(
    transitioned(ctx, { ...status, ...(message ? { message } : {}) }, ['Stopped'], {
      reason: 'TornDown',
    }),
  );
  await ctx.save(
    transitioned(ctx, statusOf(ctx), ['Archived', 'Terminated'], { reason: 'Archived' }),
  );
  return {};
}

/** Sessions moved to Stopping elsewhere (a grading failure event) get their deadline and outcome here. */
async function settleStoppingFields(ctx: SessionStepContext): Promise<void> {
  const status = statusOf(ctx);
  const entered = [...(status.history ?? [])].reverse().find((entry) => entry.to === 'Stopping');
  const since = Date.parse(entered?.at ?? '') || ctx.clock.nowMs();
  const deadline = new Date(since + ctx.timings.stoppingDeadlineMs).toISOString();
  const outcome = status.outcome ?? (status.grading?.phase === 'Faulted' ? 'Failed' : 'Cancelled');
  if (status.deadline === deadline && status.outcome === outcome) return;
  await ctx.save({ ...status, deadline, outcome });
}

async function skipFailedStep(
  ctx: SessionStepContext,
  name: string,
  reason: string,
): Promise<void> {
  const status = statusOf(ctx);
  const step = status.steps?.find((s) => s.name === name);
  if (step?.phase === 'Failed') return;
  await ctx.save(
    withStep(status, {
      name,
      phase: 'Failed',
      attempts: step?.attempts ?? 0,
      ...(step?.startedAt ? { startedAt: step.startedAt } : {}),
      error: reason,
    }),
  );
}

/** A deleted session that reached Terminated lets the store remove it. */
export async function releaseDeleted(ctx: SessionStepContext): Promise<void> {
  if (!ctx.session.metadata.deletionTimestamp) return;
  const current = ctx.session as unknown as AnyResource;
  const finalizers = current.metadata.finalizers ?? [];
  if (!finalizers.includes(SESSION_FINALIZER)) return;
  await ctx.write([
    {
      op: 'update',
      object: {
        ...current,
        metadata: {
          ...current.metadata,
          finalizers: finalizers.filter((f) => f !== SESSION_FINALIZER),
        },
      },
    },
  ]);
}
