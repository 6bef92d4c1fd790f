import { describe, expect, it } from 'vitest';
import {
  aPendingSession,
  aPlacementDefinition,
  aWorker,
  aWorkerTemplate,
  anAllocation,
  quantity,
} from '../../../test/support/placement-fixtures.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { derivePlacementNeed } from '../scheduler/placement/placement-need.js';
import { planCapacity, type CapacityPlanInput } from './capacity-plan.js';

/** One seat: 2 vCPU / 4096 MiB / 10 GiB / 3 nodes and two ports; `standard` holds 4 (cpu-bound). */
const SEAT = quantity(2, 4096, 10, 3);
const need = derivePlacementNeed(aPlacementDefinition(), aPendingSession(), SEAT);
const keys = (count: number, from = 1) =>
  Array.from({ length: count }, (_, at) => `default/class-${at + from}`);

const templates = [
  aWorkerTemplate('tiny', { capacity: quantity(1, 2048, 20, 2), costPerHour: 0.5 }),
  aWorkerTemplate('standard'),
  aWorkerTemplate('big', { capacity: quantity(32, 131072, 800, 160), costPerHour: 3 }),
];

function input(parts: Partial<CapacityPlanInput> = {}): CapacityPlanInput {
  return {
    unplaced: keys(10),
    holders: new Set(),
    need,
    workers: [],
    templates,
    maxWorkersPerRegion: 10,
    ...parts,
  };
}

/** A Running `standard` worker with `used` seats' worth already allocated. */
function runningWith(
  name: string,
  used: number,
  parts: Parameters<typeof aWorker>[1] = {},
): Worker {
  const allocations = Array.from({ length: used }, (_, at) =>
    anAllocation(`other-${name}-${at}`, SEAT, [2000 + 2 * at, 2001 + 2 * at]),
  );
  return aWorker(name, { ...parts, status: { allocations, ...parts.status } });
}

function starting(name: string, demand: string[]): Worker {
  const worker = aWorker(name, { status: { phase: 'Provisioning' } });
  worker.metadata.labels = { 'lcm.io/scale-up': 'true' };
  worker.metadata.annotations = { 'lcm.io/scale-up-demand': JSON.stringify(demand) };
  return worker;
}

describe('planCapacity', () => {
  it('asks for enough workers of the cheapest template that fits, each for its own seats', () => {
    const plan = planCapacity(input());
    expect(plan.template?.metadata.name).toBe('standard');
    expect(plan).toMatchObject({ workersNeeded: 3, workersReady: 0, workersStarting: 0 });
    expect(plan.create).toEqual([keys(4), keys(4, 5), keys(2, 9)]);
    expect(plan.shortfall).toBeUndefined();
  });

  it('puts seats on free room of running schedulable workers first', () => {
    const plan = planCapacity(
      input({
        workers: [
          runningWith('half-full', 2),
          runningWith('cordoned', 0, { spec: { unschedulable: true } }),
          runningWith('full', 4),
        ],
      }),
    );
    // 2 seats fit on half-full; cordoned and full take none; 8 seats → 2 new workers.
    expect(plan).toMatchObject({ workersNeeded: 2, workersReady: 1 });
    expect(plan.create).toEqual([keys(4, 3), keys(4, 7)]);
  });

  it('needs no new worker when running workers have room for every seat', () => {
    const plan = planCapacity(
      input({ unplaced: keys(6), workers: [runningWith('a', 0), runningWith('b', 1)] }),
    );
    expect(plan).toMatchObject({ workersNeeded: 0, workersReady: 2, create: [] });
  });

  it('counts starting workers asked for its seats and asks only for the rest', () => {
    const plan = planCapacity(
      input({ workers: [starting('coming', keys(4)), starting('elsewhere', ['default/x-1'])] }),
    );
    expect(plan).toMatchObject({ workersNeeded: 3, workersStarting: 1 });
    expect(plan.create).toEqual([keys(4, 5), keys(2, 9)]);
  });

  it('asks for nothing more once every missing worker is starting', () => {
    const workers = [
      starting('w1', keys(4)),
      starting('w2', keys(4, 5)),
      starting('w3', keys(2, 9)),
    ];
    const plan = planCapacity(input({ workers }));
    expect(plan).toMatchObject({ workersNeeded: 3, workersStarting: 3, create: [] });
  });

  it('stays within the region limit, counting starting workers, and says so', () => {
    const plan = planCapacity(
      input({
        workers: [runningWith('full', 4), starting('other', ['default/x-1'])],
        maxWorkersPerRegion: 3,
      }),
    );
    expect(plan.workersNeeded).toBe(3);
    expect(plan.create).toEqual([keys(4)]);
    expect(plan.shortfall?.reason).toBe('RegionFull');
  });

  it('counts running workers that hold its placed sessions as ready', () => {
    const plan = planCapacity(
      input({
        unplaced: [],
        holders: new Set(['holds', 'starting']),
        workers: [
          runningWith('holds', 4),
          aWorker('starting', { status: { phase: 'Starting' } }),
          runningWith('idle', 0),
        ],
      }),
    );
    expect(plan).toMatchObject({ workersNeeded: 0, workersReady: 1, create: [] });
  });

  it('says why when no enabled template can hold a seat', () => {
    const plan = planCapacity(input({ templates: templates.slice(0, 1) }));
    expect(plan).toMatchObject({ workersNeeded: 0, create: [] });
    expect(plan.shortfall?.reason).toBe('NoTemplateFits');
  });
});
