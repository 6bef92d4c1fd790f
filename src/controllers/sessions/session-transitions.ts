/**
 * Phase changes of a session with what SPEC.md ties to them: the phase's deadline, the times
 * (`readyAt`, `endedAt`, …) and the outcome. One function, so every transition sets the same
 * fields the same way.
 */
import {
  SESSION_MACHINE,
  type LabletSessionStatus,
  type SessionPhase,
} from '../../resources/kinds/lablet-session.js';
import { transitionPhase } from '../../resources/kinds/phase-machine.js';
import { statusOf, type SessionStepContext } from './session-step-context.js';

export type SessionOutcome = NonNullable<LabletSessionStatus['outcome']>;

export interface Transition {
  reason: string;
  message?: string;
  outcome?: SessionOutcome;
}

/** When the phase entered now times out (undefined: the phase has no deadline). */
export function deadlineFor(
  ctx: SessionStepContext,
  phase: SessionPhase,
  now: Date,
): Date | undefined {
  const { timings } = ctx;
  const at = (ms: number) => new Date(now.getTime() + ms);
  const start = Date.parse(ctx.session.spec.timeslot?.start ?? now.toISOString());
  const end = Date.parse(ctx.session.spec.timeslot?.end ?? now.toISOString());
  switch (phase) {
    case 'Pending':
      return new Date(start + timings.pendingDeadlineMs);
    case 'Scheduled':
      return new Date(Math.max(start, now.getTime()));
    case 'Instantiating':
      return at(timings.instantiatingDeadlineMs);
    case 'Ready':
    case 'Running':
    case 'Graded':
      return new Date(Math.max(end, now.getTime()));
    case 'Collecting':
      return at(timings.collectingDeadlineMs);
    case 'Grading':
      return at((ctx.definition?.spec.grading?.timeoutSeconds ?? 600) * 1000);
    case 'Stopping':
      return at(timings.stoppingDeadlineMs);
    default:
      return undefined;
  }
}

/** `status` moved through `phases` in order, with deadline, times and outcome set. */
export function transitioned(
  ctx: SessionStepContext,
  status: LabletSessionStatus,
  phases: readonly SessionPhase[],
  change: Transition,
): LabletSessionStatus {
  const now = ctx.clock.now();
  let next = status;
  for (const phase of phases)
    next = transitionPhase(SESSION_MACHINE, next, phase, {
      at: now,
      reason: change.reason,
      actor: 'sessions',
    });
  const phase = phases[phases.length - 1] ?? status.phase ?? 'Pending';
  const { deadline: _deadline, ...rest } = next;
  const deadline = deadlineFor(ctx, phase, now);
  const iso = now.toISOString();
  return {
    ...rest,
    ...(deadline ? { deadline: deadline.toISOString() } : {}),
    ...(change.message === undefined ? {} : { message: change.message }),
    ...(change.outcome && !status.outcome ? { outcome: change.outcome } : {}),
    ...(phase === 'Ready' ? { readyAt: iso } : {}),
    ...(phase === 'Stopped' || phase === 'Terminated' ? { endedAt: status.endedAt ?? iso } : {}),
  };
}

/** Saves the session moved through `phases`; returns nothing to requeue (the write does). */
export async function moveTo(
  ctx: SessionStepContext,
  phases: readonly SessionPhase[],
  change: Transition,
): Promise<void> {
  await ctx.save(transitioned(ctx, statusOf(ctx), phases, change));
  ctx.logger.info(
    { phase: phases[phases.length - 1], reason: change.reason, outcome: change.outcome },
    'session phase changed',
  );
}

/**
 * Records the deadline of the phase the session is in when another writer moved it there (the
 * scheduler's bind, the API's event ingest) without one, so `status.deadline` always belongs to
 * the current phase.
 */
export async function settleDeadline(ctx: SessionStepContext, phase: SessionPhase): Promise<void> {
  const deadline = deadlineFor(ctx, phase, ctx.clock.now())?.toISOString();
  const status = statusOf(ctx);
  if (deadline !== undefined && status.deadline !== deadline)
    await ctx.save({ ...status, deadline });
}
