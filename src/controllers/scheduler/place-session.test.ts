import { describe, expect, it } from 'vitest';
import {
  aPlacementDefinition,
  aPlacementRequest,
  aWorker,
  aWorkerTemplate,
  anAllocation,
  quantity,
} from '../../../test/support/placement-fixtures.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { placeSession } from './place-session.js';
import type { PlacementDecision } from './placement-types.js';

const halfFull = (name: string, template = 'standard') =>
  aWorker(name, {
    spec: { template },
    status: { allocations: [anAllocation(`${name}-a`, quantity(4, 16384, 100, 20), [2000])] },
  });

function boundTo(decision: PlacementDecision): string {
  if (decision.result !== 'Bind') throw new Error(`expected Bind, got ${decision.result}`);
  return decision.worker;
}

describe('placeSession', () => {
  it('binds to a fitting worker with its requirement and the lowest free ports', () => {
    const decision = placeSession(aPlacementRequest({ workers: [aWorker('w1')] }));
    expect(decision).toMatchObject({
      result: 'Bind',
      worker: 'w1',
      requirement: quantity(2, 4096, 10, 3),
      ports: [
        { name: 'r1_ssh', protocol: 'ssh', port: 2000 },
        { name: 'r2_serial', protocol: 'serial', port: 2001 },
      ],
    });
    expect(decision).not.toHaveProperty('reuseLab');
  });

  it('assigns ports around those other allocations hold, in port-template order', () => {
    const worker = aWorker('w1', {
      status: { allocations: [anAllocation('a', quantity(1), [2000, 2001, 2003])] },
    });
    const decision = placeSession(aPlacementRequest({ workers: [worker] }));
    expect(decision.result === 'Bind' && decision.ports.map((p) => [p.name, p.port])).toEqual([
      ['r1_ssh', 2002],
      ['r2_serial', 2004],
    ]);
  });

  it('gives every worker a verdict, with the score breakdown for those that fit', () => {
    const decision = placeSession(
      aPlacementRequest({
        workers: [aWorker('w1', { spec: { unschedulable: true } }), halfFull('w2')],
      }),
    );
    expect(decision.verdicts).toEqual([
      {
        worker: 'w1',
        fits: false,
        reason: 'Cordoned',
        message: 'cordoned (spec.unschedulable): takes no new sessions',
      },
      // cpu 6/8, memory 20480/32768, storage 110/200, nodes 23/40, averaged.
      { worker: 'w2', fits: true, score: { reusableLab: 0, packing: 0.625, costPerHour: 1 } },
    ]);
  });

  it('prefers a worker with a reusable wiped lab of the definition over a fuller one', () => {
    const decision = placeSession(
      aPlacementRequest({
        workers: [halfFull('full'), aWorker('empty')],
        reusableLabs: [
          { worker: 'empty', labRecord: 'lab-b', topologyHash: 'h1' },
          { worker: 'empty', labRecord: 'lab-a', topologyHash: 'h1' },
          { worker: 'full', labRecord: 'lab-old', topologyHash: 'h0' },
        ],
      }),
    );
    expect(decision).toMatchObject({ result: 'Bind', worker: 'empty', reuseLab: 'lab-a' });
  });

  it('ignores reusable labs when the definition turns lab reuse off', () => {
    const decision = placeSession(
      aPlacementRequest({
        definition: aPlacementDefinition({ spec: { labReuse: false } }),
        workers: [halfFull('full'), aWorker('empty')],
        reusableLabs: [{ worker: 'empty', labRecord: 'lab-a', topologyHash: 'h1' }],
      }),
    );
    expect(decision).toMatchObject({ result: 'Bind', worker: 'full' });
    expect(decision).not.toHaveProperty('reuseLab');
  });

  it('packs onto the fuller worker even when it costs more', () => {
    const templates = [aWorkerTemplate('standard'), aWorkerTemplate('pricey', { costPerHour: 5 })];
    const workers = [aWorker('cheap-empty'), halfFull('pricey-full', 'pricey')];
    expect(boundTo(placeSession(aPlacementRequest({ workers, templates })))).toBe('pricey-full');
  });

  it('breaks a packing tie with the cheaper template, then the worker name', () => {
    const templates = [aWorkerTemplate('standard'), aWorkerTemplate('pricey', { costPerHour: 5 })];
    const priced = [aWorker('a', { spec: { template: 'pricey' } }), aWorker('b')];
    expect(boundTo(placeSession(aPlacementRequest({ workers: priced, templates })))).toBe('b');
    const same = [aWorker('b'), aWorker('a')];
    expect(boundTo(placeSession(aPlacementRequest({ workers: same })))).toBe('a');
  });

  it('decides the same whatever order the workers come in', () => {
    const [w1, w2, w3, w4] = [halfFull('w1'), aWorker('w2'), aWorker('w3'), halfFull('w4')];
    const decide = (...workers: Worker[]) => placeSession(aPlacementRequest({ workers }));
    const first = decide(w3, w1, w2, w4);
    expect(first).toMatchObject({ result: 'Bind', worker: 'w1' });
    for (const again of [decide(w4, w2, w1, w3), decide(w2, w4, w3, w1)]) {
      expect(again.result === 'Bind' && [again.worker, again.ports]).toEqual(
        first.result === 'Bind' && [first.worker, first.ports],
      );
    }
  });

  it('scales up from the cheapest fitting template when no worker fits, saying why', () => {
    const templates = [
      aWorkerTemplate('standard'),
      aWorkerTemplate('tiny', { capacity: quantity(1, 1024, 10, 2), costPerHour: 0.05 }),
      aWorkerTemplate('spare', { costPerHour: 0.5, region: 'sim-2' }),
    ];
    const full = (name: string) =>
      aWorker(name, { status: { allocations: [anAllocation('a', quantity(7))] } });
    const decision = placeSession(
      aPlacementRequest({
        templates,
        workers: [full('w1'), full('w2'), aWorker('w3', { spec: { unschedulable: true } })],
      }),
    );
    expect(decision).toMatchObject({
      result: 'ScaleUp',
      template: 'spare',
      region: 'sim-2',
      reason: 'no running worker fits (2 InsufficientCpu, 1 Cordoned)',
    });
    expect(decision.verdicts).toHaveLength(3);
  });

  it('scales up when there are no workers at all', () => {
    expect(placeSession(aPlacementRequest())).toMatchObject({
      result: 'ScaleUp',
      template: 'standard',
      reason: 'no workers',
    });
  });

  it('waits when no enabled template can hold the session', () => {
    const definition = aPlacementDefinition({ spec: { resources: quantity(64, 4096, 10, 3) } });
    const templates = [aWorkerTemplate('standard'), aWorkerTemplate('metal', { enabled: false })];
    expect(
      placeSession(aPlacementRequest({ definition, templates, workers: [aWorker('w1')] })),
    ).toEqual({
      result: 'Wait',
      reason:
        'no running worker fits (1 InsufficientCpu); no enabled template can hold ' +
        '64 vCPU, 4096 MiB memory, 10 GiB storage, 3 nodes (standard: holds 8 vCPU)',
      verdicts: [
        {
          worker: 'w1',
          fits: false,
          reason: 'InsufficientCpu',
          message: 'needs 64 vCPU, 8 free of 8',
        },
      ],
    });
  });

  it('waits for a definition whose resources are not known yet', () => {
    const definition = aPlacementDefinition({ spec: { resources: undefined } });
    expect(placeSession(aPlacementRequest({ definition, workers: [aWorker('w1')] }))).toEqual({
      result: 'Wait',
      reason: 'definition ccna-1 has no spec.resources yet',
      verdicts: [],
    });
  });
});
