import { describe, expect, it } from 'vitest';
import { aWorkerTemplate, quantity } from '../../../../test/support/placement-fixtures.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import { chooseScaleUpTemplate } from './choose-scale-up-template.js';
import { parseCmlVersionRange } from './cml-version.js';
import type { PlacementNeed } from './placement-need.js';

const need = (parts: Partial<PlacementNeed> = {}): PlacementNeed => ({
  requirement: quantity(4, 8192, 20, 6),
  affinity: [],
  cmlRange: parseCmlVersionRange(),
  nodeDefinitions: [],
  portTemplate: [{ name: 'r1_ssh', protocol: 'ssh' }],
  ...parts,
});

const small = aWorkerTemplate('small', { capacity: quantity(2, 2048, 50, 5), costPerHour: 0.1 });
const medium = aWorkerTemplate('medium', {
  capacity: quantity(8, 16384, 100, 15),
  costPerHour: 0.4,
});
const metal = aWorkerTemplate('metal', {
  capacity: quantity(48, 196608, 1000, 200),
  costPerHour: 3.96,
});

function chosen(templates: WorkerTemplate[], parts: Partial<PlacementNeed> = {}) {
  const choice = chooseScaleUpTemplate(templates, need(parts));
  return choice.template ? choice.template.metadata.name : choice.reason;
}

describe('scale-up template choice', () => {
  it('picks the cheapest enabled template that can hold the session', () => {
    expect(chosen([metal, small, medium])).toBe('medium');
  });

  it('skips disabled templates', () => {
    const disabled = aWorkerTemplate('medium', { ...medium.spec, enabled: false });
    expect(chosen([metal, small, disabled])).toBe('metal');
  });

  it('breaks a cost tie by name', () => {
    const twin = aWorkerTemplate('medium-b', medium.spec);
    expect(chosen([twin, medium])).toBe('medium');
  });

  it("skips templates whose licence, port range or AMI's CML version cannot serve the session", () => {
    const evaluation = aWorkerTemplate('eval', {
      ...medium.spec,
      licenseType: 'evaluation',
      costPerHour: 0,
    });
    const fewPorts = aWorkerTemplate('few-ports', {
      ...medium.spec,
      ports: { from: 2000, to: 2000 },
      costPerHour: 0,
    });
    const oldAmi = aWorkerTemplate('old-ami', {
      ...medium.spec,
      image: { amiNamePattern: 'CML-2.8*' },
      costPerHour: 0,
    });
    const parts = {
      affinity: ['enterprise' as const],
      cmlRange: parseCmlVersionRange('2.9'),
      portTemplate: [
        { name: 'r1_ssh', protocol: 'ssh' },
        { name: 'r2_ssh', protocol: 'ssh' },
      ],
    };
    expect(chosen([evaluation, fewPorts, oldAmi, metal], parts)).toBe('metal');
  });

  it('keeps a personal template to 20 nodes', () => {
    const personal = aWorkerTemplate('personal', {
      ...metal.spec,
      licenseType: 'personal',
      costPerHour: 1,
    });
    expect(chosen([personal, metal], { requirement: quantity(4, 8192, 20, 21) })).toBe('metal');
  });

  it('says why when no enabled template fits', () => {
    expect(chosen([small, medium], { requirement: quantity(64, 8192, 20, 6) })).toBe(
      'no enabled template can hold 64 vCPU, 8192 MiB memory, 20 GiB storage, 6 nodes ' +
        '(small: holds 2 vCPU, 2048 MiB memory, 5 nodes; medium: holds 8 vCPU)',
    );
    expect(chosen([aWorkerTemplate('off', { enabled: false })])).toBe(
      'no WorkerTemplate is enabled',
    );
  });

  it('never scales up for a definition whose CML bound is not a version', () => {
    expect(chosen([metal], { cmlRange: parseCmlVersionRange('latest') })).toBe(
      'the definition\'s CML bound "latest" is not a version',
    );
  });
});
