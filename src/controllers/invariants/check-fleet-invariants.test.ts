import { describe, expect, it } from 'vitest';
import { API_VERSION } from '../../resources/index.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Allocation, Worker } from '../../resources/kinds/worker.js';
import { checkFleetInvariants } from './check-fleet-invariants.js';

const ONE = { cpu: 1, memoryMiB: 1024, storageGiB: 10, nodes: 2 };

function allocation(holder: string, ports: number[] = [], kind = 'LabletSession'): Allocation {
  return {
    holder:
      kind === 'LabletSession'
        ? { kind, namespace: 'default', name: holder }
        : { kind, name: holder },
    ...ONE,
    ports: ports.map((port, index) => ({ name: `p${index}`, protocol: 'ssh', port })),
  };
}

/** A worker declaring 2 × ONE whose `capacity.allocated` is the allocations' sum. */
function worker(name: string, allocations: Allocation[]): Worker {
  const sum = (key: keyof typeof ONE) => allocations.reduce((total, a) => total + a[key], 0);
  return {
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: { name },
    spec: {
      template: 't',
      region: 'r',
      desiredState: 'Running',
      unschedulable: false,
      drain: false,
      idleDetection: true,
    },
    status: {
      phase: 'Running',
      allocations,
      capacity: {
        declared: { cpu: 2, memoryMiB: 2048, storageGiB: 20, nodes: 4 },
        allocated: {
          cpu: sum('cpu'),
          memoryMiB: sum('memoryMiB'),
          storageGiB: sum('storageGiB'),
          nodes: sum('nodes'),
        },
      },
    },
  };
}

function session(name: string, phase: string, onWorker?: string): LabletSession {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletSession',
    metadata: { name, namespace: 'default' },
    spec: { definition: { name: 'd' }, owner: { userId: 'u' }, desiredState: 'Active' },
    status: { phase: phase as 'Pending', ...(onWorker ? { worker: onWorker } : {}) },
  };
}

describe('checkFleetInvariants', () => {
  it('finds nothing wrong in a consistent fleet', () => {
    const violations = checkFleetInvariants({
      workers: [worker('w1', [allocation('s1', [2000]), allocation('s2', [2001])])],
      sessions: [
        session('s1', 'Scheduled', 'w1'),
        session('s2', 'Running', 'w1'),
        session('s3', 'Pending'),
      ],
    });

    expect(violations).toEqual([]);
  });

  it('reports a worker holding more than it declares', () => {
    const violations = checkFleetInvariants({
      workers: [
        worker(
          'w1',
          ['s1', 's2', 's3'].map((s) => allocation(s)),
        ),
      ],
      sessions: ['s1', 's2', 's3'].map((s) => session(s, 'Scheduled', 'w1')),
    });

    expect(violations.map((v) => v.invariant)).toEqual([
      'OverCommitted',
      'OverCommitted',
      'OverCommitted',
      'OverCommitted',
    ]);
    expect(violations[0]).toMatchObject({
      object: 'Worker/w1',
      message: expect.stringContaining('cpu'),
    });
  });

  it('reports capacity.allocated that is not the sum of the allocations', () => {
    const stale = worker('w1', [allocation('s1')]);
    const status = { ...stale.status, capacity: { declared: ONE, allocated: { ...ONE, cpu: 0 } } };

    const violations = checkFleetInvariants({
      workers: [{ ...stale, status }],
      sessions: [session('s1', 'Scheduled', 'w1')],
    });

    expect(violations).toEqual([
      expect.objectContaining({ invariant: 'AllocatedMismatch', object: 'Worker/w1' }),
    ]);
  });

  it('reports a port held twice on one worker, but not the same port on two workers', () => {
    const violations = checkFleetInvariants({
      workers: [
        worker('w1', [allocation('s1', [2000]), allocation('s2', [2000])]),
        worker('w2', [allocation('s3', [2000])]),
      ],
      sessions: [
        session('s1', 'Scheduled', 'w1'),
        session('s2', 'Scheduled', 'w1'),
        session('s3', 'Scheduled', 'w2'),
      ],
    });

    expect(violations).toEqual([
      expect.objectContaining({
        invariant: 'PortHeldTwice',
        object: 'Worker/w1',
        message: expect.stringContaining('2000'),
      }),
    ]);
  });

  it('reports allocations of missing, final and misplaced sessions as leaks', () => {
    const violations = checkFleetInvariants({
      workers: [
        worker('w1', [allocation('gone'), allocation('done')]),
        worker('w2', [allocation('moved')]),
      ],
      sessions: [session('done', 'Terminated', 'w1'), session('moved', 'Running', 'w1')],
    });

    expect(violations.map((v) => [v.invariant, v.message])).toEqual([
      ['LeakedAllocation', expect.stringContaining('does not exist')],
      ['LeakedAllocation', expect.stringContaining('Terminated')],
      ['LeakedAllocation', expect.stringContaining('names worker w1')],
    ]);
  });

  it('reports a Scheduled session without an allocation and one holding two', () => {
    const violations = checkFleetInvariants({
      workers: [worker('w1', [allocation('twice')]), worker('w2', [allocation('twice')])],
      sessions: [session('lost', 'Scheduled', 'w1'), session('twice', 'Scheduled', 'w1')],
    });

    expect(violations).toEqual([
      expect.objectContaining({ invariant: 'LeakedAllocation', object: 'Worker/w2' }),
      expect.objectContaining({
        invariant: 'UnallocatedSession',
        object: 'LabletSession/default/lost',
      }),
      expect.objectContaining({
        invariant: 'DoubleAllocation',
        object: 'LabletSession/default/twice',
      }),
    ]);
  });

  it("checks LabRecord holders only when the labs are given, against the lab's worker", () => {
    const lab = (name: string, onWorker: string): LabRecord => ({
      apiVersion: API_VERSION,
      kind: 'LabRecord',
      metadata: { name },
      spec: { worker: onWorker },
    });
    const workers = [
      worker('w1', [
        allocation('lab-a', [2000], 'LabRecord'),
        allocation('lab-b', [], 'LabRecord'),
      ]),
    ];

    expect(checkFleetInvariants({ workers, sessions: [] })).toEqual([]);
    expect(
      checkFleetInvariants({
        workers,
        sessions: [],
        labRecords: [lab('lab-a', 'w1'), lab('lab-b', 'w2')],
      }),
    ).toEqual([
      expect.objectContaining({
        invariant: 'LeakedAllocation',
        message: expect.stringContaining('worker w2'),
      }),
    ]);
  });
});
