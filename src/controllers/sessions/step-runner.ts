/**
 * Runs one named lifecycle step with its progress in `status.steps` (SPEC.md "LabletSession"):
 * a Completed or Skipped step is never run again, so a restarted controller resumes where it was;
 * a failure is recorded with its attempt count and retried with the runtime's backoff, and after
 * `stepAttempts` (or at once for an error retrying cannot fix) the step is Failed for good.
 */
import { isLcmError, toError } from '../../errors/index.js';
import type { LabletSessionStatus } from '../../resources/kinds/lablet-session.js';
import { statusOf, type SessionStepContext } from './session-step-context.js';

type Step = NonNullable<LabletSessionStatus['steps']>[number];

/** What a step's action reports: finished, not needed, or not yet (look again after `waitMs`). */
export type StepOutcome = 'Completed' | 'Skipped' | { waitMs: number };

/** A step that failed for good; the session is torn down with outcome Failed and this reason. */
export class StepFailedError extends Error {
  readonly step: string;
  readonly reason: string;

  constructor(step: string, reason: string) {
    super(`step ${step} failed: ${reason}`);
    this.name = 'StepFailedError';
    this.step = step;
    this.reason = reason;
  }
}

/** Errors that another attempt cannot fix: the request itself was refused. */
const PERMANENT_REASONS: ReadonlySet<string> = new Set(['Invalid', 'Unauthorized', 'Forbidden']);

export interface RunStepOptions {
  /**
   * Record the attempt before running the action, for actions that are not idempotent (an import
   * creates a lab each time): after a crash, the action then knows it may already have happened.
   */
  recordAttemptFirst?: boolean;
  /**
   * Never give up: for a step the session must not end without (freeing its capacity), whose
   * failures are the store's and pass.
   */
  retryForever?: boolean;
}

/** The step's record, if it was ever started. */
export function stepOf(status: LabletSessionStatus, name: string): Step | undefined {
  return status.steps?.find((step) => step.name === name);
}

/** Whether the step is behind the session (Completed or Skipped). */
export function stepDone(status: LabletSessionStatus, name: string): boolean {
  const phase = stepOf(status, name)?.phase;
  return phase === 'Completed' || phase === 'Skipped';
}

/**
 * Runs `action` unless the step is done. Resolves with `{ waitMs }` when the action is waiting,
 * else `'done'`. Throws the action's error (to be retried with backoff) or, when the attempts are
 * spent, `StepFailedError`.
 * @param action receives how many attempts came before this one (0 on the first).
 */
export async function runStep(
  ctx: SessionStepContext,
  name: string,
  action: (previousAttempts: number) => Promise<StepOutcome>,
  options: RunStepOptions = {},
): Promise<'done' | { waitMs: number }> {
  const existing = stepOf(statusOf(ctx), name);
  if (existing?.phase === 'Completed' || existing?.phase === 'Skipped') return 'done';
  if (existing?.phase === 'Failed')
    throw new StepFailedError(name, existing.error ?? 'no reason recorded');
  const previousAttempts = existing?.attempts ?? 0;
  const startedAt = existing?.startedAt ?? ctx.clock.now().toISOString();
  if (options.recordAttemptFirst)
    await ctx.save(
      withStep(statusOf(ctx), {
        name,
        phase: 'Running',
        attempts: previousAttempts + 1,
        startedAt,
      }),
    );
  let outcome: StepOutcome;
  try {
    outcome = await action(previousAttempts);
  } catch (error) {
    await recordFailure(ctx, name, previousAttempts + 1, startedAt, error, options);
    throw error;
  }
  if (typeof outcome === 'object') {
    // Recorded once, so a dashboard shows what the session waits for. An answer after failed
    // polls clears them: a waiting step fails on `stepAttempts` failures in a row, not on failures
    // spread over a wait of minutes (at 5 % CML errors that failed most labs' boots).
    if (!options.recordAttemptFirst && (existing?.phase !== 'Running' || existing.error))
      await ctx.save(withStep(statusOf(ctx), { name, phase: 'Running', attempts: 0, startedAt }));
    return outcome;
  }
  const attempts = options.recordAttemptFirst
    ? previousAttempts + 1
    : Math.max(previousAttempts, 1);
  await ctx.save(
    withStep(statusOf(ctx), {
      name,
      phase: outcome,
      attempts,
      startedAt,
      completedAt: ctx.clock.now().toISOString(),
    }),
  );
  return 'done';
}

async function recordFailure(
  ctx: SessionStepContext,
  name: string,
  attempts: number,
  startedAt: string,
  error: unknown,
  options: RunStepOptions,
): Promise<void> {
  const message = toError(error).message;
  const permanent = isLcmError(error) && PERMANENT_REASONS.has(error.reason);
  const spent = !options.retryForever && (permanent || attempts >= ctx.timings.stepAttempts);
  const step: Step = {
    name,
    phase: spent ? 'Failed' : 'Running',
    attempts,
    startedAt,
    error: message,
  };
  // A Conflict means our cached session was stale: nothing was learnt about the step.
  if (isLcmError(error) && error.reason === 'Conflict') return;
  await ctx.save(withStep(statusOf(ctx), step));
  ctx.logger.warn({ step: name, attempts, err: error }, 'session step failed');
  if (spent) throw new StepFailedError(name, message);
}

/** Returns `status` with `step` replacing the step of the same name (or appended). */
export function withStep(status: LabletSessionStatus, step: Step): LabletSessionStatus {
  const steps = status.steps ?? [];
  const index = steps.findIndex((candidate) => candidate.name === step.name);
  return {
    ...status,
    steps: index < 0 ? [...steps, step] : steps.map((s, i) => (i === index ? step : s)),
  };
}

/** Returns `status` without the named steps (a re-grade runs the grading steps again). */
export function withoutSteps(
  status: LabletSessionStatus,
  names: readonly string[],
): LabletSessionStatus {
  return { ...status, steps: (status.steps ?? []).filter((step) => !names.includes(step.name)) };
}
