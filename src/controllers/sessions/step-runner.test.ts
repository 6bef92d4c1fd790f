/** The step runner: resuming done steps, counting failed attempts, giving up, waiting steps. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { InvalidError, UnavailableError } from '../../errors/index.js';
import { createSilentLogger } from '../../observability/index.js';
import type { LabletSessionStatus } from '../../resources/kinds/lablet-session.js';
import type { SessionStepContext } from './session-step-context.js';
import type { SessionTimings } from './session-timings.js';
import { runStep, stepOf, StepFailedError, type StepOutcome } from './step-runner.js';

const STEP = 'start-lab';

/** A context whose `save` keeps the status in memory, as the store would. */
function aContext(status: LabletSessionStatus = {}): SessionStepContext & { saves: number } {
  const ctx = {
    session: { apiVersion: 'lcm/v1', kind: 'LabletSession', metadata: { name: 's1' }, status },
    key: 'default/s1',
    clock: new ManualClock(),
    logger: createSilentLogger(),
    timings: { stepAttempts: 3 } as SessionTimings,
    saves: 0,
    save(next: LabletSessionStatus) {
      ctx.saves++;
      ctx.session = { ...ctx.session, status: next };
      return Promise.resolve([]);
    },
  };
  return ctx as unknown as SessionStepContext & { saves: number };
}

const failing = (error: Error) => () => Promise.reject(error);
const answering = (outcome: StepOutcome) => () => Promise.resolve(outcome);
const step = (ctx: SessionStepContext) => stepOf(ctx.session.status ?? {}, STEP);

describe('runStep', () => {
  it('does not run a step again once it is Completed (a restarted controller resumes)', async () => {
    const ctx = aContext();
    let runs = 0;
    const action = () => {
      runs++;
      return Promise.resolve('Completed' as const);
    };
    expect(await runStep(ctx, STEP, action)).toBe('done');
    expect(await runStep(ctx, STEP, action)).toBe('done');
    expect(runs).toBe(1);
    expect(step(ctx)).toMatchObject({ phase: 'Completed', attempts: 1 });
  });

  it('records each transient failure and fails the step for good after stepAttempts', async () => {
    const ctx = aContext();
    const outage = new UnavailableError('CML answered 503');
    await expect(runStep(ctx, STEP, failing(outage))).rejects.toBe(outage);
    await expect(runStep(ctx, STEP, failing(outage))).rejects.toBe(outage);
    expect(step(ctx)).toMatchObject({ phase: 'Running', attempts: 2, error: 'CML answered 503' });
    await expect(runStep(ctx, STEP, failing(outage))).rejects.toBeInstanceOf(StepFailedError);
    expect(step(ctx)).toMatchObject({ phase: 'Failed', attempts: 3 });
    // Failed is final: the action is not tried again.
    await expect(runStep(ctx, STEP, answering('Completed'))).rejects.toMatchObject({
      step: STEP,
      reason: 'CML answered 503',
    });
  });

  it('fails at once on an error another attempt cannot fix', async () => {
    const ctx = aContext();
    await expect(
      runStep(ctx, STEP, failing(new InvalidError('the topology is not valid'))),
    ).rejects.toBeInstanceOf(StepFailedError);
    expect(step(ctx)).toMatchObject({ phase: 'Failed', attempts: 1 });
  });

  it('lets a waiting step recover: an answer after failed polls clears their count', async () => {
    const ctx = aContext();
    const blip = new UnavailableError('CML answered 503');
    expect(await runStep(ctx, STEP, answering({ waitMs: 5000 }))).toEqual({ waitMs: 5000 });
    await expect(runStep(ctx, STEP, failing(blip))).rejects.toBe(blip);
    await expect(runStep(ctx, STEP, failing(blip))).rejects.toBe(blip);
    expect(await runStep(ctx, STEP, answering({ waitMs: 5000 }))).toEqual({ waitMs: 5000 });
    expect(step(ctx)).toMatchObject({ phase: 'Running', attempts: 0 });
    expect(step(ctx)?.error).toBeUndefined();
    // Two more blips are not three in a row: the step still runs.
    await expect(runStep(ctx, STEP, failing(blip))).rejects.toBe(blip);
    await expect(runStep(ctx, STEP, failing(blip))).rejects.toBe(blip);
    expect(await runStep(ctx, STEP, answering('Completed'))).toBe('done');
  });

  it('writes a waiting step once, not on every poll', async () => {
    const ctx = aContext();
    await runStep(ctx, STEP, answering({ waitMs: 1000 }));
    const saves = ctx.saves;
    await runStep(ctx, STEP, answering({ waitMs: 1000 }));
    await runStep(ctx, STEP, answering({ waitMs: 1000 }));
    expect(ctx.saves).toBe(saves);
  });

  it('records the attempt before a non-idempotent action and tells the action about it', async () => {
    const ctx = aContext();
    const seen: number[] = [];
    const crashing = (previous: number) => {
      seen.push(previous);
      // What the store holds while the action runs: the attempt is already on record.
      expect(step(ctx)).toMatchObject({ phase: 'Running', attempts: previous + 1 });
      return previous === 0
        ? Promise.reject(new UnavailableError('lost'))
        : Promise.resolve('Completed' as const);
    };
    await expect(runStep(ctx, STEP, crashing, { recordAttemptFirst: true })).rejects.toThrow(
      'lost',
    );
    expect(await runStep(ctx, STEP, crashing, { recordAttemptFirst: true })).toBe('done');
    expect(seen).toEqual([0, 1]);
    expect(step(ctx)).toMatchObject({ phase: 'Completed', attempts: 2 });
  });
});
