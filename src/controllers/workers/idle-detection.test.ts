import { describe, expect, it } from 'vitest';
import {
  aWorker,
  anAllocation,
  minutesAgo,
  NOW,
} from '../../../test/support/scale-down-fixtures.js';
import { holdsCompute, idleSince, trackIdle } from './idle-detection.js';

describe('idleSince', () => {
  it('is the last move to Running when the worker never had activity', () => {
    expect(idleSince(aWorker('w-1'))).toEqual(new Date(minutesAgo(180)));
  });

  it('is the last CML activity when that came after the worker started', () => {
    const worker = aWorker('w-1');
    worker.status = { ...worker.status, lastActivityAt: minutesAgo(20) };
    expect(idleSince(worker)).toEqual(new Date(minutesAgo(20)));
  });

  it('restarts at a later Running transition, even after older activity', () => {
    const worker = aWorker('w-1');
    worker.status = {
      ...worker.status,
      lastActivityAt: minutesAgo(170),
      history: [
        ...(worker.status?.history ?? []),
        { from: 'Running', to: 'Draining', at: minutesAgo(100) },
        { from: 'Draining', to: 'Running', at: minutesAgo(30), reason: 'drain cancelled' },
      ],
    };
    expect(idleSince(worker)).toEqual(new Date(minutesAgo(30)));
  });

  it('is the last allocation release recorded in status.idle when that is the latest', () => {
    const worker = aWorker('w-1');
    worker.status = {
      ...worker.status,
      lastActivityAt: minutesAgo(90),
      idle: { since: minutesAgo(15), reason: 'NoAllocations' },
    };
    expect(idleSince(worker)).toEqual(new Date(minutesAgo(15)));
  });

  it('falls back to the creation time, and is undefined when nothing is recorded', () => {
    const created = aWorker('w-1', { status: { phase: 'Running', history: [] } });
    expect(idleSince(created)).toEqual(new Date(minutesAgo(200)));
    const bare = aWorker('w-2', { metadata: { creationTimestamp: undefined } });
    bare.status = { phase: 'Running', lastActivityAt: 'not a time' };
    expect(idleSince(bare)).toBeUndefined();
  });
});

describe('holdsCompute', () => {
  it('counts allocations with cpu, memory, storage or nodes, not ports alone', () => {
    expect(holdsCompute(anAllocation('s-1'))).toBe(true);
    expect(holdsCompute(anAllocation('lab-1', false))).toBe(false);
    expect(holdsCompute({ ...anAllocation('s-2', false), nodes: 1 })).toBe(true);
  });
});

describe('trackIdle', () => {
  it('starts an idle record the first time the worker is seen without compute allocations', () => {
    const worker = aWorker('w-1', { status: { phase: 'Running', allocations: [] } });
    expect(trackIdle(worker, NOW)).toEqual({ since: NOW.toISOString(), reason: 'NoAllocations' });
  });

  it('keeps an existing idle record unchanged', () => {
    const idle = { since: minutesAgo(40), reason: 'NoAllocations' };
    expect(trackIdle(aWorker('w-1', { status: { phase: 'Running', idle } }), NOW)).toBe(idle);
  });

  it('clears the record while a compute allocation is held, but not for a port-only one', () => {
    const idle = { since: minutesAgo(40), reason: 'NoAllocations' };
    const busy = aWorker('w-1', {
      status: { phase: 'Running', idle, allocations: [anAllocation('s-1')] },
    });
    expect(trackIdle(busy, NOW)).toBeUndefined();
    const portsOnly = aWorker('w-2', {
      status: { phase: 'Running', idle, allocations: [anAllocation('lab-1', false)] },
    });
    expect(trackIdle(portsOnly, NOW)).toBe(idle);
  });
});
