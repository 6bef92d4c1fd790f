/** estimateResources: defaults, explicit overrides, fallback and the licensed-node count. */
import { describe, expect, it } from 'vitest';
import {
  estimateNodeResources,
  estimateResources,
  FALLBACK_NODE_RESOURCES,
  hasResourceDefaults,
  NODE_RESOURCE_DEFAULTS,
} from './estimate-resources.js';

describe('estimateResources', () => {
  it('uses the definition defaults when cpus and ram are absent, null or 0', () => {
    expect(
      estimateResources([
        { nodeDefinition: 'iosv' },
        { nodeDefinition: 'iosv', cpus: null, ramMiB: null },
        { nodeDefinition: 'iosv', cpus: 0, ramMiB: 0, bootDiskGiB: 0 },
      ]),
    ).toEqual({ cpu: 3, memoryMiB: 1536, storageGiB: 6, nodes: 3 });
  });

  it('lets an explicit cpus and ram in the YAML win over the default', () => {
    expect(estimateNodeResources({ nodeDefinition: 'csr1000v', cpus: 2, ramMiB: 4096 })).toEqual({
      cpu: 2,
      memoryMiB: 4096,
      storageGiB: 8,
    });
  });

  it('replaces the default disk with boot_disk_size and adds data_volume', () => {
    expect(
      estimateNodeResources({ nodeDefinition: 'ubuntu', bootDiskGiB: 10, dataVolumeGiB: 5 }),
    ).toEqual({ cpu: 1, memoryMiB: 2048, storageGiB: 15 });
  });

  it('rounds a fractional ram or disk up to whole units', () => {
    expect(
      estimateNodeResources({ nodeDefinition: 'alpine', ramMiB: 100.5, dataVolumeGiB: 0.5 }),
    ).toEqual({ cpu: 1, memoryMiB: 101, storageGiB: 17 });
  });

  it('estimates an unknown definition with the documented fallback of 1 vCPU, 2 GiB, 16 GiB', () => {
    expect(FALLBACK_NODE_RESOURCES).toEqual({ cpu: 1, memoryMiB: 2048, storageGiB: 16 });
    expect(estimateResources([{ nodeDefinition: 'my-custom-image' }])).toEqual({
      ...FALLBACK_NODE_RESOURCES,
      nodes: 1,
    });
    expect(hasResourceDefaults('my-custom-image')).toBe(false);
  });

  it('does not mistake a definition named like an Object prototype key for a known one', () => {
    expect(hasResourceDefaults('constructor')).toBe(false);
    expect(estimateNodeResources({ nodeDefinition: 'toString' })).toEqual(FALLBACK_NODE_RESOURCES);
  });

  it('charges nothing for external connectors and unmanaged switches and does not count them', () => {
    expect(
      estimateResources([
        { nodeDefinition: 'external_connector' },
        { nodeDefinition: 'unmanaged_switch' },
        { nodeDefinition: 'iosvl2' },
      ]),
    ).toEqual({ cpu: 1, memoryMiB: 768, storageGiB: 4, nodes: 1 });
  });

  it('counts connectors as licensed nodes when the operator says so', () => {
    const nodes = [{ nodeDefinition: 'external_connector' }, { nodeDefinition: 'iosv' }];
    expect(estimateResources(nodes, { unlicensedNodeDefinitions: [] }).nodes).toBe(2);
  });

  it('takes per-definition defaults and a fallback from the options', () => {
    const options = {
      defaults: { iosv: { cpu: 2, memoryMiB: 1024, storageGiB: 1 } },
      fallback: { cpu: 4, memoryMiB: 8192, storageGiB: 40 },
    };
    expect(
      estimateResources([{ nodeDefinition: 'iosv' }, { nodeDefinition: 'custom' }], options),
    ).toEqual({ cpu: 6, memoryMiB: 9216, storageGiB: 41, nodes: 2 });
    expect(hasResourceDefaults('iosvl2', options)).toBe(true);
  });

  it('has defaults for the common reference platforms', () => {
    for (const definition of [
      'iosv',
      'iosvl2',
      'csr1000v',
      'cat8000v',
      'nxosv9000',
      'iosxrv9000',
      'asav',
      'alpine',
      'ubuntu',
      'server',
      'desktop',
      'external_connector',
      'unmanaged_switch',
    ]) {
      expect(NODE_RESOURCE_DEFAULTS[definition], definition).toBeDefined();
    }
  });

  it('returns zero for a lab without nodes', () => {
    expect(estimateResources([])).toEqual({ cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 });
  });
});
