import { describe, expect, it } from 'vitest';
import {
  aWorker,
  aWorkerTemplate,
  anAllocation,
  quantity,
} from '../../../../test/support/placement-fixtures.js';
import { assignPorts, freePortCountOf, freePortsOf } from './assign-ports.js';

const template = aWorkerTemplate('standard', { ports: { from: 2000, to: 2005 } });

describe('free ports', () => {
  it('are the lowest ports of the range', () => {
    expect(freePortsOf(aWorker('w1'), template, 3)).toEqual([2000, 2001, 2002]);
  });

  it('skip ports any allocation holds', () => {
    const worker = aWorker('w1', {
      status: {
        allocations: [
          anAllocation('a', quantity(1), [2000, 2003]),
          anAllocation('b', quantity(1), [2001, 9000]),
        ],
      },
    });
    expect(freePortsOf(worker, template, 3)).toEqual([2002, 2004, 2005]);
  });

  it('are all that is left when the range runs out', () => {
    const worker = aWorker('w1', {
      status: { allocations: [anAllocation('a', quantity(1), [2000, 2001, 2002, 2003])] },
    });
    expect(freePortsOf(worker, template, 3)).toEqual([2004, 2005]);
  });

  it('are none when none are asked for', () => {
    expect(freePortsOf(aWorker('w1'), template, 0)).toEqual([]);
  });

  it("fall back to the schema's default range 2000–9999 when the template is gone", () => {
    expect(freePortsOf(aWorker('w1'), undefined, 2)).toEqual([2000, 2001]);
  });
});

describe('free port count', () => {
  it('is the range size less the held ports inside the range', () => {
    const worker = aWorker('w1', {
      status: { allocations: [anAllocation('a', quantity(1), [2001, 2005, 1999, 9000])] },
    });
    expect(freePortCountOf(worker, template)).toBe(4);
    expect(freePortCountOf(aWorker('w2'), template)).toBe(6);
  });
});

describe('assignPorts', () => {
  it('gives each port-template entry the next free port, in template order', () => {
    const entries = [
      { name: 'r2_serial', protocol: 'serial' },
      { name: 'r1_ssh', protocol: 'ssh' },
    ];
    expect(assignPorts(entries, [2002, 2004])).toEqual([
      { name: 'r2_serial', protocol: 'serial', port: 2002 },
      { name: 'r1_ssh', protocol: 'ssh', port: 2004 },
    ]);
  });
});
