/**
 * The session lifecycle (SPEC.md "LabletSession"): for the phase a session is in, the next step
 * toward its spec — wait for the lead time, instantiate, grade, tear down — and the deadline
 * that ends a phase that takes too long. Level-based: it reads only the session as it is now.
 */
import type { ReconcileResult } from '../../runtime/index.js';
import type { SessionPhase } from '../../resources/kinds/lablet-session.js';
import { statusOf, type SessionStepContext } from './session-step-context.js';
import { moveTo, settleDeadline, transitioned } from './session-transitions.js';
import { StepFailedError, runStep, withoutSteps, type StepOutcome } from './step-runner.js';
import { claimLab } from './steps/claim-lab.js';
import {
  GRADING_STEPS,
  collectConfigs,
  createGradingSession,
  startGrading,
} from './steps/collect-and-grade.js';
import { importLab } from './steps/import-lab.js';
import { startLab, tagPorts, waitConverged } from './steps/prepare-lab.js';
import { provisionAccess } from './steps/provision-access.js';
import { releaseDeleted, tearDown } from './teardown-phase.js';

type StepAction = (previousAttempts: number, ctx: SessionStepContext) => Promise<StepOutcome>;

const INSTANTIATION: readonly { name: string; run: StepAction; recordAttemptFirst?: boolean }[] = [
  { name: 'claim-lab', run: (_, ctx) => claimLab(ctx) },
  {
    name: 'import-lab',
    run: (attempts, ctx) => importLab(ctx, attempts),
    recordAttemptFirst: true,
  },
  { name: 'tag-ports', run: (_, ctx) => tagPorts(ctx) },
  { name: 'start-lab', run: (_, ctx) => startLab(ctx) },
  { name: 'wait-converged', run: (_, ctx) => waitConverged(ctx) },
  { name: 'provision-access', run: (_, ctx) => provisionAccess(ctx), recordAttemptFirst: true },
];

const GRADING: readonly { name: (typeof GRADING_STEPS)[number]; run: StepAction }[] = [
  { name: 'grading-session', run: (_, ctx) => createGradingSession(ctx) },
  { name: 'collect-configs', run: (_, ctx) => collectConfigs(ctx) },
  { name: 'start-grading', run: (_, ctx) => startGrading(ctx) },
];

/** Phases in which the lab is up and the student may work. */
const UP: ReadonlySet<SessionPhase> = new Set(['Ready', 'Running', 'Graded']);

export async function reconcileSession(ctx: SessionStepContext): Promise<ReconcileResult> {
  const phase = statusOf(ctx).phase ?? 'Pending';
  if (phase === 'Pending') return pending(ctx);
  if (phase === 'Scheduled') return scheduled(ctx);
  if (phase === 'Instantiating') return instantiating(ctx);
  if (UP.has(phase)) return up(ctx, phase);
  if (phase === 'Collecting') return collecting(ctx);
  if (phase === 'Grading') return grading(ctx);
  if (phase !== 'Terminated') return tearDown(ctx);
  await releaseDeleted(ctx);
  return {};
}

function stopRequested(ctx: SessionStepContext): boolean {
  return (
    Boolean(ctx.session.metadata.deletionTimestamp) || ctx.session.spec.desiredState === 'Stopped'
  );
}

function timeslotMs(ctx: SessionStepContext): { start: number; end: number } {
  const created = ctx.session.metadata.creationTimestamp ?? ctx.clock.now().toISOString();
  const { start = created, end = created } = ctx.session.spec.timeslot ?? {};
  return { start: Date.parse(start), end: Date.parse(end) };
}

function cancelReason(ctx: SessionStepContext): string {
  return ctx.session.metadata.deletionTimestamp ? 'Deleted' : 'StopRequested';
}

async function pending(ctx: SessionStepContext): Promise<ReconcileResult> {
  const now = ctx.clock.nowMs();
  const status = statusOf(ctx);
  if (stopRequested(ctx)) {
    await moveTo(ctx, ['Terminated'], {
      reason: cancelReason(ctx),
      outcome: 'Cancelled',
      message: 'stopped before it was placed',
    });
    return {};
  }
  const deadline = timeslotMs(ctx).start + ctx.timings.pendingDeadlineMs;
  if (now >= deadline) {
    const why = status.scheduling?.message ?? 'no worker had room';
    await moveTo(ctx, ['Terminated'], {
      reason: 'NotPlaced',
      outcome: 'Failed',
      message: `not placed within ${ctx.timings.pendingDeadlineMs / 60_000} min of its start: ${why}`,
    });
    return {};
  }
  const iso = new Date(deadline).toISOString();
  if (status.deadline !== iso) await ctx.save({ ...status, deadline: iso });
  return { requeueAfterMs: deadline - now };
}

async function scheduled(ctx: SessionStepContext): Promise<ReconcileResult> {
  const now = ctx.clock.nowMs();
  const { start, end } = timeslotMs(ctx);
  if (stopRequested(ctx)) {
    await moveTo(ctx, ['Stopping'], { reason: cancelReason(ctx), outcome: 'Cancelled' });
    return tearDown(ctx);
  }
  if (now >= end) {
    await moveTo(ctx, ['Stopping'], {
      reason: 'TimeslotEnded',
      outcome: 'Expired',
      message: 'the timeslot ended before the lab was built',
    });
    return tearDown(ctx);
  }
  const begin = start - ctx.timings.leadTimeMs;
  if (now < begin) {
    await settleDeadline(ctx, 'Scheduled');
    return { requeueAfterMs: begin - now };
  }
  await moveTo(ctx, ['Instantiating'], { reason: 'LeadTimeReached' });
  return instantiating(ctx);
}

async function instantiating(ctx: SessionStepContext): Promise<ReconcileResult> {
  const status = statusOf(ctx);
  if (stopRequested(ctx)) {
    await moveTo(ctx, ['Stopping'], { reason: cancelReason(ctx), outcome: 'Cancelled' });
    return tearDown(ctx);
  }
  const deadline = Date.parse(status.deadline ?? '') || Number.POSITIVE_INFINITY;
  const now = ctx.clock.nowMs();
  const current = status.steps?.find((step) => step.phase === 'Running')?.name;
  if (now > deadline)
    return fail(
      ctx,
      'InstantiationTimedOut',
      `instantiation did not finish within ${ctx.timings.instantiatingDeadlineMs / 60_000} min${current ? ` (at step ${current})` : ''}`,
    );
  try {
    for (const step of INSTANTIATION) {
      const result = await runStep(ctx, step.name, (attempts) => step.run(attempts, ctx), step);
      if (result !== 'done') return { requeueAfterMs: Math.min(result.waitMs, deadline - now) };
    }
  } catch (error) {
    if (error instanceof StepFailedError) return fail(ctx, 'StepFailed', error.message);
    throw error;
  }
  await moveTo(ctx, ['Ready'], { reason: 'LabReady' });
  return up(ctx, 'Ready');
}

/** A collect request not yet acted on: newer than the last move to Collecting. */
function gradeRequested(ctx: SessionStepContext): boolean {
  const requested = Date.parse(ctx.session.spec.gradeRequestedAt ?? '');
  if (Number.isNaN(requested) || !ctx.definition?.spec.grading) return false;
  const last = [...(statusOf(ctx).history ?? [])]
    .reverse()
    .find((entry) => entry.to === 'Collecting');
  return last === undefined || Date.parse(last.at) < requested;
}

async function up(ctx: SessionStepContext, phase: SessionPhase): Promise<ReconcileResult> {
  const status = statusOf(ctx);
  const now = ctx.clock.nowMs();
  const { end } = timeslotMs(ctx);
  const finished = status.access?.phase === 'Ended';
  const grades = Boolean(ctx.definition?.spec.grading);
  if (gradeRequested(ctx)) return startCollecting(ctx, 'CollectRequested');
  if (stopRequested(ctx)) {
    const outcome = finished || phase === 'Graded' ? 'Completed' : 'Cancelled';
    await moveTo(ctx, ['Stopping'], { reason: cancelReason(ctx), outcome });
    return tearDown(ctx);
  }
  if (phase === 'Graded' && finished) {
    await moveTo(ctx, ['Stopping'], { reason: 'UserFinished', outcome: 'Completed' });
    return tearDown(ctx);
  }
  if (now < end) {
    await settleDeadline(ctx, phase);
    return { requeueAfterMs: end - now };
  }
  if (phase === 'Running' && grades) return startCollecting(ctx, 'TimeslotEnded');
  const outcome = phase === 'Ready' ? 'NoShow' : finished ? 'Completed' : 'Expired';
  await moveTo(ctx, ['Stopping'], {
    reason: 'TimeslotEnded',
    outcome,
    message: outcome === 'NoShow' ? 'the student never opened the lab' : 'the timeslot ended',
  });
  return tearDown(ctx);
}

async function startCollecting(ctx: SessionStepContext, reason: string): Promise<ReconcileResult> {
  const reset = withoutSteps(statusOf(ctx), GRADING_STEPS);
  const next = transitioned(ctx, { ...reset, grading: { phase: 'Collecting' } }, ['Collecting'], {
    reason,
  });
  await ctx.save(next);
  return collecting(ctx);
}

async function collecting(ctx: SessionStepContext): Promise<ReconcileResult> {
  const status = statusOf(ctx);
  const now = ctx.clock.nowMs();
  if (now > (Date.parse(status.deadline ?? '') || Number.POSITIVE_INFINITY))
    return failGrading(
      ctx,
      `collecting the node configurations did not finish within ${ctx.timings.collectingDeadlineMs / 60_000} min`,
    );
  try {
    for (const step of GRADING)
      await runStep(ctx, step.name, (attempts) => step.run(attempts, ctx));
  } catch (error) {
    if (error instanceof StepFailedError) return failGrading(ctx, error.message);
    throw error;
  }
  const current = statusOf(ctx);
  await ctx.save(
    transitioned(
      ctx,
      { ...current, grading: { ...current.grading, phase: 'Grading' } },
      ['Grading'],
      { reason: 'Collected' },
    ),
  );
  return grading(ctx);
}

async function grading(ctx: SessionStepContext): Promise<ReconcileResult> {
  const deadline = Date.parse(statusOf(ctx).deadline ?? '') || Number.POSITIVE_INFINITY;
  const now = ctx.clock.nowMs();
  if (now > deadline)
    return failGrading(
      ctx,
      `the grading engine did not report within ${ctx.definition?.spec.grading?.timeoutSeconds ?? 600} s`,
    );
  // The result arrives as a CloudEvent (API event ingest): Graded, or Stopping when it failed.
  return Number.isFinite(deadline) ? { requeueAfterMs: deadline - now + 1 } : {};
}

async function failGrading(ctx: SessionStepContext, reason: string): Promise<ReconcileResult> {
  const status = statusOf(ctx);
  const faulted = {
    ...status,
    grading: { ...status.grading, phase: 'Faulted' as const, error: reason },
  };
  await ctx.save(
    transitioned(ctx, faulted, ['Stopping'], {
      reason: 'GradingFailed',
      outcome: 'Failed',
      message: reason,
    }),
  );
  return tearDown(ctx);
}

async function fail(
  ctx: SessionStepContext,
  reason: string,
  message: string,
): Promise<ReconcileResult> {
  await moveTo(ctx, ['Stopping'], { reason, outcome: 'Failed', message });
  return tearDown(ctx);
}
