import { describe, expect, it } from 'vitest';
import {
  aReservation,
  aSession,
  aWorker,
  aWorkerTemplate,
  anAllocation,
  anInput,
  minutesAgo,
  minutesFromNow,
  SETTINGS,
} from '../../../test/support/scale-down-fixtures.js';
import { loadConfig } from '../../config/index.js';
import {
  evaluateScaleDown,
  scaleDownSettingsFrom,
  type ScaleDownInput,
} from './scale-down-policy.js';

function reasonFor(overrides: Partial<ScaleDownInput>): string {
  return evaluateScaleDown(anInput(overrides)).reason;
}

describe('evaluateScaleDown', () => {
  it('scales down an idle, empty, unneeded worker: drain then stop, with when it went idle', () => {
    expect(evaluateScaleDown(anInput())).toEqual({
      decision: 'ScaleDown',
      action: 'Stop',
      reason: 'IdleTimeout',
      idleSince: new Date(minutesAgo(180)),
    });
  });

  it('terminates instead of stopping only when the settings say Terminate', () => {
    const decision = evaluateScaleDown(anInput({ settings: { ...SETTINGS, action: 'Terminate' } }));
    expect(decision).toMatchObject({ decision: 'ScaleDown', action: 'Terminate' });
  });

  it('keeps every worker with reason Disabled when scale-down is off', () => {
    const decision = evaluateScaleDown(anInput({ settings: { ...SETTINGS, enabled: false } }));
    expect(decision).toMatchObject({ decision: 'Keep', reason: 'Disabled' });
  });

  it('reports the first failing guard when several fail', () => {
    const busy = aWorker('w-1', {
      status: {
        phase: 'Draining',
        allocations: [anAllocation('s-1')],
        lastActivityAt: minutesAgo(1),
      },
    });
    const soon = [aReservation('class', { start: minutesFromNow(5), end: minutesFromNow(65) })];
    const crowded: Partial<ScaleDownInput> = {
      reservations: soon,
      settings: { ...SETTINGS, minWorkersPerRegion: 3 },
      regionWorkers: [
        aWorker('w-9', {
          metadata: { labels: { 'lcm.io/scale-up': 'true' }, creationTimestamp: minutesAgo(1) },
        }),
      ],
    };
    expect(reasonFor({ ...crowded, worker: busy, settings: { ...SETTINGS, enabled: false } })).toBe(
      'Disabled',
    );
    expect(reasonFor({ ...crowded, worker: busy })).toBe('NotEligible');
    const running = { ...busy, status: { ...busy.status, phase: 'Running' as const } };
    expect(reasonFor({ ...crowded, worker: running })).toBe('HasAllocations');
    const empty = { ...running, status: { ...running.status, allocations: [] } };
    expect(reasonFor({ ...crowded, worker: empty })).toBe('NotIdleLongEnough');
    const idle = { ...empty, status: { ...empty.status, lastActivityAt: minutesAgo(61) } };
    expect(reasonFor({ ...crowded, worker: idle })).toBe('NeededSoon');
    expect(reasonFor({ ...crowded, worker: idle, reservations: [] })).toBe('MinWorkers');
    const settings = { ...SETTINGS, minWorkersPerRegion: 1 };
    expect(reasonFor({ ...crowded, worker: idle, reservations: [], settings })).toBe('Cooldown');
  });

  describe('guard 1: eligibility', () => {
    it.each([
      ['idle detection is off', { spec: { idleDetection: false } }],
      ['it is already draining', { status: { phase: 'Draining' as const } }],
      ['it is stopping', { status: { phase: 'Stopping' as const } }],
      ['it is still starting', { status: { phase: 'Starting' as const } }],
      ['it is already asked to stop', { spec: { desiredState: 'Stopped' as const } }],
      ['an operator asked to drain it', { spec: { drain: true } }],
      ['it is being deleted', { metadata: { deletionTimestamp: minutesAgo(1) } }],
    ])('keeps the worker as NotEligible when %s', (_, parts) => {
      expect(reasonFor({ worker: aWorker('w-1', parts) })).toBe('NotEligible');
    });
  });

  describe('guard 2: allocations', () => {
    it('keeps a worker holding a compute allocation', () => {
      const worker = aWorker('w-1', {
        status: { phase: 'Running', allocations: [anAllocation('s-1')] },
      });
      const decision = evaluateScaleDown(anInput({ worker }));
      expect(decision).toMatchObject({ decision: 'Keep', reason: 'HasAllocations' });
      expect(decision.decision === 'Keep' && decision.message).toContain('default/s-1');
    });

    it('lets a worker go whose only allocations are ports of wiped labs', () => {
      const worker = aWorker('w-1');
      worker.status = { ...worker.status, allocations: [anAllocation('lab-1', false)] };
      expect(reasonFor({ worker })).toBe('IdleTimeout');
    });
  });

  describe('guard 3: idle long enough', () => {
    it('keeps a worker with CML activity within the idle timeout, saying when it will qualify', () => {
      const worker = aWorker('w-1');
      worker.status = { ...worker.status, lastActivityAt: minutesAgo(59) };
      const decision = evaluateScaleDown(anInput({ worker }));
      expect(decision).toMatchObject({
        decision: 'Keep',
        reason: 'NotIdleLongEnough',
        idleSince: new Date(minutesAgo(59)),
      });
      expect(decision.decision === 'Keep' && decision.message).toContain(minutesFromNow(1));
    });

    it('scales down once the idle time reaches the timeout exactly', () => {
      const worker = aWorker('w-1');
      worker.status = { ...worker.status, lastActivityAt: minutesAgo(60) };
      expect(reasonFor({ worker })).toBe('IdleTimeout');
    });

    it('counts a never-active worker idle from its last Running transition', () => {
      const worker = aWorker('w-1');
      worker.status = {
        ...worker.status,
        history: [{ from: 'Stopped', to: 'Running', at: minutesAgo(45) }],
      };
      expect(reasonFor({ worker })).toBe('NotIdleLongEnough');
    });

    it('counts idle from the last allocation release recorded in status.idle', () => {
      const worker = aWorker('w-1');
      worker.status = {
        ...worker.status,
        idle: { since: minutesAgo(30), reason: 'NoAllocations' },
      };
      expect(reasonFor({ worker })).toBe('NotIdleLongEnough');
    });

    it('honours a longer idle timeout', () => {
      const settings = { ...SETTINGS, idleTimeoutMs: 240 * 60_000 };
      expect(reasonFor({ settings })).toBe('NotIdleLongEnough');
    });
  });

  it('turns the autoscaling config into settings, on with a 60 min timeout by default', () => {
    const config = loadConfig({ env: {} }).autoscaling;
    expect(scaleDownSettingsFrom(config)).toEqual({
      enabled: true,
      idleTimeoutMs: 3_600_000,
      minWorkersPerRegion: 0,
      cooldownMs: 600_000,
      action: 'Stop',
    });
    const custom = { ...config, scaleDownEnabled: false, scaleDownAction: 'Terminate' as const };
    expect(scaleDownSettingsFrom(custom)).toMatchObject({ enabled: false, action: 'Terminate' });
  });
});

describe('guard 4: needed soon', () => {
  const worker = aWorker('w-1');

  it('keeps the worker for a confirmed reservation starting within startupSeconds', () => {
    const reservations = [
      aReservation('class', { start: minutesFromNow(15), end: minutesFromNow(75) }),
    ];
    const decision = evaluateScaleDown(anInput({ reservations }));
    expect(decision).toMatchObject({ decision: 'Keep', reason: 'NeededSoon' });
    expect(decision.decision === 'Keep' && decision.message).toContain('default/class');
  });

  it('lets the worker go for a reservation starting later than startupSeconds', () => {
    const reservations = [
      aReservation('class', { start: minutesFromNow(25), end: minutesFromNow(85) }),
    ];
    expect(reasonFor({ reservations })).toBe('IdleTimeout');
  });

  it("uses the worker's template startupSeconds, and 1200 s without a template", () => {
    const reservations = [
      aReservation('class', { start: minutesFromNow(25), end: minutesFromNow(85) }),
    ];
    expect(reasonFor({ reservations, template: aWorkerTemplate(1800) })).toBe('NeededSoon');
    const inTwentyMinutes = [
      aReservation('c', { start: minutesFromNow(20), end: minutesFromNow(80) }),
    ];
    expect(reasonFor({ reservations: inTwentyMinutes, template: undefined })).toBe('NeededSoon');
  });

  it('keeps the worker for a confirmed reservation in progress until it ends', () => {
    const running = [
      aReservation(
        'class',
        { start: minutesAgo(30), end: minutesFromNow(30) },
        'Confirmed',
        'Active',
      ),
    ];
    expect(reasonFor({ reservations: running })).toBe('NeededSoon');
    const over = [aReservation('class', { start: minutesAgo(90), end: minutesAgo(30) })];
    expect(reasonFor({ reservations: over })).toBe('IdleTimeout');
  });

  it('ignores reservations that are not confirmed, or already cancelled or completed', () => {
    const window = { start: minutesFromNow(5), end: minutesFromNow(65) };
    const reservations = [
      aReservation('pending', window, 'Pending'),
      aReservation('cancelled', window, 'Cancelled'),
      aReservation('withdrawn', window, 'Confirmed', 'Cancelled'),
      aReservation('done', window, 'Confirmed', 'Completed'),
    ];
    expect(reasonFor({ reservations })).toBe('IdleTimeout');
  });

  it('keeps the worker for a session bound to it, however late that session starts', () => {
    const sessions = [aSession('s-1', { start: minutesFromNow(300), worker: 'w-1' })];
    const decision = evaluateScaleDown(anInput({ worker, sessions }));
    expect(decision).toMatchObject({ decision: 'Keep', reason: 'NeededSoon' });
    expect(decision.decision === 'Keep' && decision.message).toContain('bound to this worker');
  });

  it('ignores sessions bound to other workers, in this region or another', () => {
    const sessions = [
      aSession('s-1', { start: minutesFromNow(5), worker: 'w-2' }),
      aSession('s-2', { start: minutesFromNow(5), worker: 'us-worker' }),
    ];
    expect(reasonFor({ worker, sessions })).toBe('IdleTimeout');
  });

  it('keeps the worker for an unplaced session starting within startupSeconds, not a later one', () => {
    const soon = [aSession('s-1', { start: minutesFromNow(10) })];
    expect(reasonFor({ sessions: soon })).toBe('NeededSoon');
    const late = [aSession('s-1', { start: minutesFromNow(30) })];
    expect(reasonFor({ sessions: late })).toBe('IdleTimeout');
  });

  it('ignores sessions that are past Scheduled or asked to stop', () => {
    const stopped = aSession('s-2', { start: minutesFromNow(5) });
    stopped.spec.desiredState = 'Stopped';
    const sessions = [
      aSession('s-1', { start: minutesFromNow(5), worker: 'w-1', phase: 'Stopped' }),
      stopped,
    ];
    expect(reasonFor({ sessions })).toBe('IdleTimeout');
  });
});

describe('guard 5: minimum workers per region', () => {
  const settings = { ...SETTINGS, minWorkersPerRegion: 1 };

  it('keeps the last Running worker of a region with a minimum of 1', () => {
    const decision = evaluateScaleDown(anInput({ settings, regionWorkers: [aWorker('w-1')] }));
    expect(decision).toMatchObject({ decision: 'Keep', reason: 'MinWorkers' });
  });

  it('lets a worker go when another Running worker of the region stays', () => {
    expect(reasonFor({ settings, regionWorkers: [aWorker('w-1'), aWorker('w-2')] })).toBe(
      'IdleTimeout',
    );
  });

  it('does not count workers of other regions, or ones draining, stopping or asked to stop', () => {
    const regionWorkers = [
      aWorker('us-1', { spec: { region: 'us-1' } }),
      aWorker('w-2', { status: { phase: 'Draining' } }),
      aWorker('w-3', { status: { phase: 'Stopped' } }),
      aWorker('w-4', { spec: { desiredState: 'Stopped' } }),
    ];
    expect(reasonFor({ settings, regionWorkers })).toBe('MinWorkers');
  });
});

describe('guard 6: cooldown', () => {
  const scaledUp = (name: string, minutes: number, region = 'eu-1') =>
    aWorker(name, {
      metadata: { labels: { 'lcm.io/scale-up': 'true' }, creationTimestamp: minutesAgo(minutes) },
      spec: { region },
    });
  const scaledDown = (name: string, minutes: number, status: 'True' | 'False' = 'True') =>
    aWorker(name, {
      status: {
        phase: 'Stopped',
        conditions: [
          {
            type: 'ScaleDown',
            status,
            reason: 'IdleTimeout',
            lastTransitionTime: minutesAgo(minutes),
          },
        ],
      },
    });

  it('keeps the worker within the cooldown of a scale-up in its region, saying when it ends', () => {
    const decision = evaluateScaleDown(anInput({ regionWorkers: [scaledUp('w-2', 5)] }));
    expect(decision).toMatchObject({ decision: 'Keep', reason: 'Cooldown' });
    expect(decision.decision === 'Keep' && decision.message).toContain(minutesFromNow(5));
  });

  it('keeps the worker within the cooldown of a scale-down decided on another worker', () => {
    expect(reasonFor({ regionWorkers: [scaledDown('w-2', 3)] })).toBe('Cooldown');
  });

  it('reads the newest region event, ignoring other regions, kept decisions and unlabelled workers', () => {
    const regionWorkers = [
      scaledUp('w-2', 30),
      scaledDown('w-3', 11),
      scaledDown('w-4', 2, 'False'),
      scaledUp('us-1', 1, 'us-1'),
      aWorker('w-5', { metadata: { creationTimestamp: minutesAgo(1) } }),
    ];
    expect(reasonFor({ regionWorkers })).toBe('IdleTimeout');
    expect(reasonFor({ regionWorkers: [...regionWorkers, scaledUp('w-6', 9)] })).toBe('Cooldown');
  });

  it("does not let the worker's own recorded scale-down block it", () => {
    const worker = aWorker('w-1');
    worker.status = { ...worker.status, conditions: scaledDown('w-1', 1).status?.conditions };
    expect(reasonFor({ worker, regionWorkers: [worker] })).toBe('IdleTimeout');
  });

  it('counts the worker itself when it was created by a scale-up', () => {
    const settings = { ...SETTINGS, idleTimeoutMs: 60_000 };
    expect(reasonFor({ worker: scaledUp('w-1', 5), settings })).toBe('Cooldown');
  });
});
