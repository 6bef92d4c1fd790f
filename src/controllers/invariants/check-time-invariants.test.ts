import { describe, expect, it } from 'vitest';
import type { SessionPhase } from '../../resources/kinds/lablet-session.js';
import {
  NOW,
  aSession,
  aWorker,
  anAllocation,
  minutesAgo,
} from '../../../test/support/scale-down-fixtures.js';
import { checkFleetInvariants } from './check-fleet-invariants.js';

function withDeadline(name: string, phase: SessionPhase, deadline: string) {
  const session = aSession(name, { start: minutesAgo(30), phase });
  return { ...session, status: { ...session.status, phase, deadline } };
}

const HOUR_MS = 60 * 60_000;

describe('SessionPastDeadline', () => {
  it('reports a live session past its deadline by more than the grace, given the time', () => {
    const sessions = [
      withDeadline('stuck', 'Instantiating', minutesAgo(5)),
      withDeadline('just-due', 'Collecting', new Date(NOW.getTime() - 30_000).toISOString()),
      withDeadline('ended', 'Terminated', minutesAgo(60)),
    ];

    const violations = checkFleetInvariants({ workers: [], sessions, now: NOW });

    expect(violations).toEqual([
      {
        invariant: 'SessionPastDeadline',
        object: 'LabletSession/default/stuck',
        message: expect.stringContaining('Instantiating 300 s after its deadline'),
      },
    ]);
    expect(checkFleetInvariants({ workers: [], sessions })).toEqual([]);
  });

  it('takes the grace from the options', () => {
    const sessions = [withDeadline('stuck', 'Stopping', minutesAgo(5))];
    const options = { deadlineGraceMs: 10 * 60_000 };

    expect(checkFleetInvariants({ workers: [], sessions, now: NOW, options })).toEqual([]);
  });
});

describe('IdleWorkerKept', () => {
  it('reports a Running worker empty and idle past the window, only when a window is given', () => {
    const workers = [
      aWorker('idle', { status: { phase: 'Running', lastActivityAt: minutesAgo(90) } }),
      aWorker('busy', {
        status: {
          phase: 'Running',
          lastActivityAt: minutesAgo(90),
          allocations: [anAllocation('s1')],
          capacity: {
            declared: { cpu: 4, memoryMiB: 4096, storageGiB: 40, nodes: 8 },
            allocated: { cpu: 1, memoryMiB: 1024, storageGiB: 1, nodes: 1 },
          },
        },
      }),
      aWorker('recent', { status: { phase: 'Running', lastActivityAt: minutesAgo(20) } }),
      aWorker('opted-out', {
        spec: { idleDetection: false },
        status: { phase: 'Running', lastActivityAt: minutesAgo(90) },
      }),
      aWorker('stopped', { status: { phase: 'Stopped', lastActivityAt: minutesAgo(90) } }),
    ];
    const sessions = [aSession('s1', { start: minutesAgo(10), worker: 'busy' })];

    const violations = checkFleetInvariants({
      workers,
      sessions,
      now: NOW,
      options: { idleWindowMs: HOUR_MS },
    });

    expect(violations).toEqual([
      {
        invariant: 'IdleWorkerKept',
        object: 'Worker/idle',
        message: expect.stringContaining('idle for 90 min'),
      },
    ]);
    expect(checkFleetInvariants({ workers, sessions, now: NOW })).toEqual([]);
  });

  it('does not count a wiped lab keeping only ports as work', () => {
    const portsOnly = {
      ...anAllocation('lab-w', false),
      holder: { kind: 'LabRecord', name: 'lab-w' },
    };
    const worker = aWorker('w', {
      status: {
        phase: 'Running',
        idle: { since: minutesAgo(75), reason: 'NoAllocations' },
        allocations: [portsOnly],
        capacity: {
          declared: { cpu: 4, memoryMiB: 4096, storageGiB: 40, nodes: 8 },
          allocated: { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 },
        },
      },
    });

    const violations = checkFleetInvariants({
      workers: [worker],
      sessions: [],
      now: NOW,
      options: { idleWindowMs: HOUR_MS },
    });

    expect(violations.map((v) => v.invariant)).toEqual(['IdleWorkerKept']);
  });
});
