import { describe, expect, it } from 'vitest';
import {
  aPlacementDefinition,
  aPlacementRequest,
  aWorker,
  aWorkerTemplate,
  anAllocation,
  aPendingSession,
  quantity,
} from '../../../../test/support/placement-fixtures.js';
import type { Worker } from '../../../resources/kinds/worker.js';
import { placeSession } from '../place-session.js';
import type { PlacementRequest, WorkerVerdict } from '../placement-types.js';

/** The verdict on `worker` when it is the only one in the fleet. */
function verdictOn(worker: Worker, parts: Partial<PlacementRequest> = {}): WorkerVerdict {
  const [verdict] = placeSession(aPlacementRequest({ workers: [worker], ...parts })).verdicts;
  if (!verdict) throw new Error('no verdict');
  return verdict;
}

function rejectionOf(worker: Worker, parts: Partial<PlacementRequest> = {}) {
  const verdict = verdictOn(worker, parts);
  return verdict.fits ? 'fits' : { reason: verdict.reason, message: verdict.message };
}

const needing = (resources: ReturnType<typeof quantity>) =>
  aPlacementDefinition({ spec: { resources } });

describe('placement filters', () => {
  it('accepts a running, schedulable worker with room', () => {
    expect(verdictOn(aWorker('w1')).fits).toBe(true);
  });

  it('rejects a worker that is not Running, naming its phase', () => {
    expect(rejectionOf(aWorker('w1', { status: { phase: 'Stopped' } }))).toEqual({
      reason: 'NotRunning',
      message: 'phase is Stopped, not Running',
    });
    expect(rejectionOf(aWorker('w1', { status: { phase: undefined } }))).toEqual({
      reason: 'NotRunning',
      message: 'phase is not yet reported, not Running',
    });
  });

  it('rejects a cordoned worker', () => {
    expect(rejectionOf(aWorker('w1', { spec: { unschedulable: true } }))).toEqual({
      reason: 'Cordoned',
      message: 'cordoned (spec.unschedulable): takes no new sessions',
    });
  });

  it('rejects a worker asked to drain and one whose phase is Draining', () => {
    expect(rejectionOf(aWorker('w1', { spec: { drain: true } }))).toEqual({
      reason: 'Draining',
      message: 'draining (spec.drain): takes no new sessions',
    });
    expect(rejectionOf(aWorker('w1', { status: { phase: 'Draining' } }))).toEqual({
      reason: 'Draining',
      message: 'phase is Draining: takes no new sessions',
    });
  });

  it("rejects a worker whose template's licence does not satisfy the affinity", () => {
    const definition = aPlacementDefinition({ spec: { licenseAffinity: ['enterprise'] } });
    const templates = [aWorkerTemplate('standard', { licenseType: 'evaluation' })];
    expect(rejectionOf(aWorker('w1'), { definition, templates })).toEqual({
      reason: 'LicenseTier',
      message: 'licence evaluation does not satisfy enterprise',
    });
  });

  it('rejects on licence when the worker template is gone and the definition names a tier', () => {
    const definition = aPlacementDefinition({ spec: { licenseAffinity: ['personal'] } });
    expect(rejectionOf(aWorker('w1', { spec: { template: 'gone' } }), { definition })).toEqual({
      reason: 'LicenseTier',
      message: 'template gone not found, so the licence is unknown; needs personal',
    });
  });

  it('rejects a CML version outside the bounds, compared as versions', () => {
    const definition = aPlacementDefinition({
      spec: { image: { cmlVersionMin: '2.9', cmlVersionMax: '2.10' } },
    });
    const on = (version: string) =>
      rejectionOf(aWorker('w1', { status: { cml: { version } } }), { definition });
    expect(on('2.8.1')).toEqual({ reason: 'CmlVersion', message: 'CML 2.8.1; needs 2.9–2.10' });
    expect(on('2.11.0')).toEqual({ reason: 'CmlVersion', message: 'CML 2.11.0; needs 2.9–2.10' });
    expect(on('2.10.2+b7')).toBe('fits');
    expect(on('2.9')).toBe('fits');
  });

  it('rejects a worker of unknown CML version when the definition constrains it', () => {
    const definition = aPlacementDefinition({ spec: { image: { cmlVersionMin: '2.9' } } });
    expect(rejectionOf(aWorker('w1', { status: { cml: {} } }), { definition })).toEqual({
      reason: 'CmlVersion',
      message: 'CML version unknown; needs ≥ 2.9',
    });
    expect(rejectionOf(aWorker('w1', { status: { cml: {} } }))).toBe('fits');
  });

  it('rejects a worker missing node definitions the spec or the topology needs', () => {
    const definition = aPlacementDefinition({
      spec: { image: { nodeDefinitions: ['nxosv'] } },
      status: { nodeDefinitions: ['iosv', 'csr1000v'] },
    });
    const worker = aWorker('w1', {
      status: { cml: { version: '2.9', nodeDefinitions: ['iosv'] } },
    });
    expect(rejectionOf(worker, { definition })).toEqual({
      reason: 'NodeDefinitions',
      message: 'missing node definitions: nxosv, csr1000v',
    });
  });

  it('assumes every node definition is available on a worker that has not listed them', () => {
    const definition = aPlacementDefinition({ status: { nodeDefinitions: ['iosv'] } });
    expect(rejectionOf(aWorker('w1'), { definition })).toBe('fits');
  });

  it('rejects each dimension without enough free capacity, with the numbers', () => {
    const busy = aWorker('w1', {
      status: { allocations: [anAllocation('a', quantity(6, 28672, 190, 37))] },
    });
    expect(rejectionOf(busy, { definition: needing(quantity(4)) })).toEqual({
      reason: 'InsufficientCpu',
      message: 'needs 4 vCPU, 2 free of 8',
    });
    expect(rejectionOf(busy, { definition: needing(quantity(1, 8192)) })).toEqual({
      reason: 'InsufficientMemory',
      message: 'needs 8192 MiB memory, 4096 free of 32768',
    });
    expect(rejectionOf(busy, { definition: needing(quantity(1, 1, 20)) })).toEqual({
      reason: 'InsufficientStorage',
      message: 'needs 20 GiB storage, 10 free of 200',
    });
    expect(rejectionOf(busy, { definition: needing(quantity(1, 1, 1, 5)) })).toEqual({
      reason: 'InsufficientNodes',
      message: 'needs 5 nodes, 3 free of 40',
    });
  });

  it("prefers the worker's declared capacity over its template's", () => {
    const declared = quantity(1, 32768, 200, 40);
    const worker = aWorker('w1', {
      status: { capacity: { declared, allocated: quantity(0) } },
    });
    expect(rejectionOf(worker)).toEqual({
      reason: 'InsufficientCpu',
      message: 'needs 2 vCPU, 1 free of 1',
    });
  });

  it('counts fractional vCPU exactly enough as a fit', () => {
    const worker = aWorker('w1', {
      status: {
        allocations: [0.1, 0.2, 5.7].map((cpu, i) => anAllocation(`a${i}`, quantity(cpu))),
      },
    });
    expect(rejectionOf(worker)).toBe('fits');
  });

  it('keeps a personal worker within 20 nodes, counting the larger of nodes in use and allocated', () => {
    const templates = [aWorkerTemplate('standard', { licenseType: 'personal' })];
    const worker = aWorker('w1', {
      status: {
        cml: { version: '2.9', license: { status: 'Registered', nodesInUse: 15 } },
        allocations: [anAllocation('a', quantity(1, 0, 0, 5))],
      },
    });
    expect(rejectionOf(worker, { templates, definition: needing(quantity(1, 0, 0, 6)) })).toEqual({
      reason: 'LicenseNodeLimit',
      message: 'personal licence allows 20 nodes: 15 in use or allocated + 6 needed = 21',
    });
    expect(rejectionOf(worker, { templates, definition: needing(quantity(1, 0, 0, 5)) })).toBe(
      'fits',
    );
    // CML's count includes the allocated (running) lab: it is not counted twice.
    const busy = aWorker('w2', {
      status: {
        cml: { version: '2.9', license: { status: 'Registered', nodesInUse: 5 } },
        allocations: [anAllocation('a', quantity(1, 0, 0, 5))],
      },
    });
    expect(rejectionOf(busy, { templates, definition: needing(quantity(1, 0, 0, 15)) })).toBe(
      'fits',
    );
  });

  it("uses CML's node limit when it is below 20, on any licence", () => {
    const license = { status: 'Registered' as const, nodeLimit: 2 };
    const worker = aWorker('w1', { status: { cml: { version: '2.9', license } } });
    const personal = [aWorkerTemplate('standard', { licenseType: 'personal' })];
    expect(rejectionOf(worker, { templates: personal })).toEqual({
      reason: 'LicenseNodeLimit',
      message: 'personal licence allows 2 nodes: 0 in use or allocated + 3 needed = 3',
    });
    // CML refuses to start labs beyond an enterprise licence's limit too.
    expect(rejectionOf(worker, { definition: needing(quantity(1, 0, 0, 39)) })).toEqual({
      reason: 'LicenseNodeLimit',
      message: 'enterprise licence allows 2 nodes: 0 in use or allocated + 39 needed = 39',
    });
  });

  it('places on an enterprise worker whose CML reports no node limit', () => {
    const worker = aWorker('w1', { status: { cml: { version: '2.9' } } });
    expect(rejectionOf(worker, { definition: needing(quantity(1, 0, 0, 39)) })).toBe('fits');
  });

  it('rejects a worker without enough free ports in its range', () => {
    const templates = [aWorkerTemplate('standard', { ports: { from: 2000, to: 2002 } })];
    const worker = aWorker('w1', {
      status: { allocations: [anAllocation('a', quantity(0), [2000, 2002])] },
    });
    expect(rejectionOf(worker, { templates })).toEqual({
      reason: 'InsufficientPorts',
      message: 'needs 2 ports, 1 free in 2000–2002',
    });
  });

  it('rejects a worker that is going down before the session ends', () => {
    const session = aPendingSession({
      timeslot: { start: '2026-11-25T12:00:00Z', end: '2026-11-25T13:00:00Z' },
    });
    const worker = aWorker('w1', { spec: { desiredState: 'Stopped' } });
    expect(rejectionOf(worker, { session })).toEqual({
      reason: 'WillNotStayUp',
      message: 'desired state is Stopped; the session needs it until 2026-11-25T13:00:00Z',
    });
    expect(rejectionOf(aWorker('w2', { spec: { desiredState: 'Terminated' } }))).toEqual({
      reason: 'WillNotStayUp',
      message: 'desired state is Terminated',
    });
  });

  it('reports the first failing filter in SPEC order', () => {
    const worker = aWorker('w1', {
      spec: { unschedulable: true, drain: true, desiredState: 'Stopped' },
      status: { allocations: [anAllocation('a', quantity(8))] },
    });
    expect(rejectionOf(worker)).toMatchObject({ reason: 'Cordoned' });
    expect(
      rejectionOf(aWorker('w2', { status: { phase: 'Stopped' }, spec: { drain: true } })),
    ).toMatchObject({
      reason: 'NotRunning',
    });
  });
});
