/**
 * What the demo seeds: one simulated WorkerTemplate and two Active LabletDefinitions built from
 * real public CML topologies (copied into ./topologies; sources in ./README.md). A worker runs
 * at most 20 licensed nodes (CML Enterprise without node expansions, as cml-sim licenses it), so
 * it holds 4 seats of the 5-node definition and 5 of the 3-node one: a class of 30 brings up
 * eight workers.
 */
import { readFileSync } from 'node:fs';
import { API_VERSION, type AnyResource } from '../../resources/index.js';
import type { LabletDefinitionSpec } from '../../resources/kinds/lablet-definition.js';
import type { WorkerTemplateSpec } from '../../resources/kinds/worker-template.js';
import { DEMO_LABEL } from './demo-labels.js';

export const DEMO_TEMPLATE_NAME = 'demo-small';
/** The graded definition; first by name, so `lcm demo class` uses it unless told otherwise. */
export const DEMO_GRADED_DEFINITION = 'demo-ccna-vlans';
export const DEMO_UNGRADED_DEFINITION = 'demo-vmanage-api';

/** Before scaling: the simulated cloud's 60 s boot plus CML's 10 s licence registration. */
const SIMULATED_BOOT_SECONDS = 70;
/** Unscaled: the workers controller polls a starting instance every 5 s, a few times. */
const CONTROLLER_POLL_SECONDS = 20;

/**
 * `startupSeconds` is what the scheduler and the reservation plan expect a new worker to take, so
 * it follows the simulators' time scale: 24 s at the demo's 0.05, 90 s at 1.
 */
export function demoStartupSeconds(timeScale: number): number {
  return Math.ceil(SIMULATED_BOOT_SECONDS * timeScale) + CONTROLLER_POLL_SECONDS;
}

export function buildDemoTemplate(options: { timeScale: number }): AnyResource {
  const spec: WorkerTemplateSpec = {
    provider: 'sim',
    region: 'sim-1',
    // A real type, so cost and shape read true; declared capacity leaves headroom for CML itself.
    instanceType: 'm5.8xlarge',
    image: { amiNamePattern: 'CML-2.9*' },
    // Nodes are the licence's 20 (CML refuses to start more); the other dimensions are sized to
    // match: ccna-vlans needs 5 cpu / 3712 MiB / 42 GiB / 5 nodes, vmanage-api 3 cpu /
    // 4608 MiB / 34 GiB / 3 nodes (estimated from their topologies).
    capacity: { cpu: 24, memoryMiB: 32_768, storageGiB: 200, nodes: 20 },
    licenseType: 'enterprise',
    ports: { from: 2000, to: 9999 },
    costPerHour: 1.536,
    startupSeconds: demoStartupSeconds(options.timeScale),
    drainTimeoutSeconds: 14_400,
    enabled: true,
  };
  return {
    apiVersion: API_VERSION,
    kind: 'WorkerTemplate',
    metadata: { name: DEMO_TEMPLATE_NAME, labels: { [DEMO_LABEL]: 'true' } },
    spec,
  };
}

/** The two definitions, in the namespace given. */
export function buildDemoDefinitions(namespace: string): AnyResource[] {
  return [
    definition(DEMO_GRADED_DEFINITION, namespace, {
      family: DEMO_GRADED_DEFINITION,
      version: '1.0.0',
      displayName: 'CCNA: VLANs and routing between them (demo, graded)',
      description:
        'Implement VLANs on two switches, trunk them and route between the VLANs on a router. ' +
        'Topology: CiscoDevNet/cml-community lab-topologies/cml-free/vlan-tasks.',
      topology: readTopology('cml-community-vlan-tasks.yaml'),
      licenseAffinity: [],
      image: {},
      lds: { formQualifiedName: 'Demo Associate CCNA v1.0 LAB VLANS' },
      // The exported lab has no port tags: the devices the student reaches are named here.
      devices: [
        { label: 'PC', protocols: ['vnc'] },
        { label: 'RTR', protocols: ['serial'] },
        { label: 'SW1', protocols: ['serial'] },
        { label: 'SW2', protocols: ['serial'] },
      ],
      grading: { timeoutSeconds: 600 },
      maxDurationMinutes: 60,
      warmPool: { depth: 0 },
      labReuse: true,
      state: 'Active',
    }),
    definition(DEMO_UNGRADED_DEFINITION, namespace, {
      family: DEMO_UNGRADED_DEFINITION,
      version: '1.0.0',
      displayName: 'vManage API sandbox behind an IOSv gateway (demo, not graded)',
      description:
        'A desktop, an IOSv gateway and a vManage mock API to explore; nothing is graded. ' +
        'Topology: bvandewe/cml-cloud-manager TEST-LAB-1.1 (devices from its port tags).',
      topology: readTopology('lcm-seed-test-lab-1-1.yaml'),
      licenseAffinity: [],
      image: {},
      lds: { formQualifiedName: 'Demo Professional DEVNET v1.0 LAB SANDBOX' },
      maxDurationMinutes: 60,
      warmPool: { depth: 0 },
      labReuse: true,
      state: 'Active',
    }),
  ];
}

function definition(name: string, namespace: string, spec: LabletDefinitionSpec): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletDefinition',
    metadata: { name, namespace, labels: { [DEMO_LABEL]: 'true' } },
    spec,
  };
}

/** Read next to this module, so it works from a checkout and from the installed package (tsx). */
function readTopology(file: string): string {
  return readFileSync(new URL(`./topologies/${file}`, import.meta.url), 'utf8');
}
