/** Small builders for built-in kinds, so test bodies stay short. */
import { API_VERSION, type AnyResource } from '../../src/resources/index.js';

export function aTemplate(name: string, spec: Record<string, unknown> = {}): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'WorkerTemplate',
    metadata: { name },
    spec: {
      provider: 'sim',
      region: 'sim-1',
      instanceType: 'sim.medium',
      capacity: { cpu: 8, memoryMiB: 32768, storageGiB: 200, nodes: 20 },
      licenseType: 'enterprise',
      ...spec,
    },
  };
}

export const TINY_TOPOLOGY = [
  'lab:',
  '  title: tiny',
  '  version: 0.2.2',
  'nodes:',
  '  - id: n0',
  '    label: r1',
  '    node_definition: iosv',
  '    tags: [serial:1000]',
  '    interfaces: []',
  'links: []',
  '',
].join('\n');

export function aDefinition(
  name: string,
  spec: Record<string, unknown> = {},
  namespace = 'default',
): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletDefinition',
    metadata: { name, namespace },
    spec: {
      family: 'ccna',
      version: '1.0.0',
      displayName: 'CCNA lab',
      topology: TINY_TOPOLOGY,
      ...spec,
    },
  };
}

export function aSession(
  name: string,
  spec: Record<string, unknown> = {},
  namespace = 'default',
): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletSession',
    metadata: { name, namespace },
    spec: { definition: { name: 'ccna-1' }, owner: { userId: 'student-1' }, ...spec },
  };
}

export function aReservation(
  name: string,
  spec: Record<string, unknown> = {},
  namespace = 'default',
): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'Reservation',
    metadata: { name, namespace },
    spec: {
      definition: { name: 'ccna-1' },
      start: '2026-01-02T09:00:00Z',
      end: '2026-01-02T10:00:00Z',
      seatCount: 3,
      ...spec,
    },
  };
}
