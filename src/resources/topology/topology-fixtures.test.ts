/** Parses the real CML exports in test/fixtures/topologies/ (see SOURCES.md there). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse-topology.js';
import { buildPortTemplate, chooseDeviceAccess } from './port-template.js';
import { computeTopologyHash } from './topology-hash.js';

function fixture(name: string): string {
  return readFileSync(
    new URL(`../../../test/fixtures/topologies/${name}`, import.meta.url),
    'utf8',
  );
}

describe('a CML 2.1 export with a string configuration and an external connector', () => {
  const topology = parseTopology(fixture('virlutils-fake-lab.yaml'));

  it('reads title, schema version, nodes, definitions, images and links', () => {
    expect(topology).toMatchObject({
      title: 'Fake Lab',
      schemaVersion: '0.1.0',
      nodeCount: 2,
      nodeDefinitions: ['external_connector', 'nxosv'],
      imageDefinitions: ['nxosv-7-3-0'],
      unknownNodeDefinitions: [],
      linkCount: 1,
    });
    expect(topology.nodes.map((node) => node.interfaceCount)).toEqual([4, 1]);
    expect(topology.nodes[0]?.configuration).toEqual([
      { name: null, content: 'hostname inserthostname_here' },
    ]);
  });

  it('treats the exported cpus: 0 and ram: 0 as definition defaults and counts no connector', () => {
    expect(topology.resources).toEqual({ cpu: 1, memoryMiB: 3000, storageGiB: 4, nodes: 1 });
  });

  it('has no port template from tags, and one from devices alone', () => {
    expect(buildPortTemplate(topology.nodes)).toEqual([]);
    const devices = [{ label: 'test-sw', protocols: ['ssh', 'serial'] }];
    const template = buildPortTemplate(topology.nodes, { devices });
    expect(template).toEqual([
      { name: 'test_sw_serial', device: 'test-sw', protocol: 'serial' },
      { name: 'test_sw_ssh', device: 'test-sw', protocol: 'ssh' },
    ]);
    expect(chooseDeviceAccess(template, devices).map((entry) => entry.name)).toEqual([
      'test_sw_ssh',
    ]);
  });
});

describe('a CML 2.8 export with multi-file configurations, annotations and no tags', () => {
  const topology = parseTopology(fixture('cml-community-vlan-tasks.yaml'));

  it('reads five nodes of four definitions and their configuration file names', () => {
    expect(topology).toMatchObject({
      title: 'Sample Lab 1 FREE (VLAN Configuration)',
      schemaVersion: '0.3.0',
      nodeCount: 5,
      nodeDefinitions: ['desktop', 'iol-xe', 'ioll2-xe', 'server'],
      imageDefinitions: ['server-tcl-11-1'],
      linkCount: 4,
    });
    expect(topology.nodes.map((node) => node.label)).toEqual(['PC', 'server', 'RTR', 'SW1', 'SW2']);
    expect(topology.nodes.map((node) => node.configuration.map((file) => file.name))).toEqual([
      ['node.cfg'],
      ['iosxe_config.txt'],
      ['ios_config.txt'],
      ['ios_config.txt'],
      ['ios_config.txt'],
    ]);
  });

  it('uses the explicit cpus, ram and boot_disk_size of PC and server, defaults for IOL', () => {
    // PC 1/512/16 + server 1/128/16 + iol-xe 1/1024/2 + 2 × ioll2-xe 1/1024/4.
    expect(topology.resources).toEqual({ cpu: 5, memoryMiB: 3712, storageGiB: 42, nodes: 5 });
  });

  it('builds the port template and the access choice from devices when no node is tagged', () => {
    const devices = [
      { label: 'PC', protocols: ['vnc', 'serial'] },
      { label: 'RTR', protocols: ['serial'] },
      { label: 'SW1', protocols: ['telnet', 'serial'] },
    ];
    const template = buildPortTemplate(topology.nodes, { devices });
    expect(template.map((entry) => entry.name)).toEqual([
      'pc_serial',
      'pc_vnc',
      'rtr_serial',
      'sw1_serial',
      'sw1_telnet',
    ]);
    expect(chooseDeviceAccess(template, devices).map((entry) => entry.name)).toEqual([
      'pc_vnc',
      'rtr_serial',
      'sw1_telnet',
    ]);
  });
});

describe('a small CML 2.9 export whose nodes carry port tags', () => {
  const topology = parseTopology(fixture('lcm-seed-test-lab-1-1.yaml'));

  it('reads three nodes and flags the custom definitions as unknown', () => {
    expect(topology).toMatchObject({
      nodeCount: 3,
      nodeDefinitions: ['iosv', 'ubuntu-desktop-24-04-v2', 'vmanagemock'],
      unknownNodeDefinitions: ['ubuntu-desktop-24-04-v2', 'vmanagemock'],
      linkCount: 2,
    });
    expect(topology.nodes[0]?.configuration).toEqual([]);
  });

  it('estimates the custom definitions with the fallback', () => {
    // 2 × fallback 1/2048/16 + iosv 1/512/2.
    expect(topology.resources).toEqual({ cpu: 3, memoryMiB: 4608, storageGiB: 34, nodes: 3 });
  });

  it('builds the port template from the tags and picks vnc over serial for the desktop', () => {
    const template = buildPortTemplate(topology.nodes);
    expect(template).toEqual([
      { name: 'pc_serial', device: 'PC', protocol: 'serial' },
      { name: 'pc_vnc', device: 'PC', protocol: 'vnc' },
      { name: 'iosv_0_serial', device: 'iosv-0', protocol: 'serial' },
      { name: 'vmanagemockapi_serial', device: 'vManageMockAPI', protocol: 'serial' },
    ]);
    expect(chooseDeviceAccess(template).map((entry) => entry.name)).toEqual([
      'pc_vnc',
      'iosv_0_serial',
      'vmanagemockapi_serial',
    ]);
  });
});

describe('a CML 2.9 export with connectors, an unmanaged switch and a non-port tag', () => {
  const text = fixture('lcm-seed-lab-1-2-1.yaml');
  const topology = parseTopology(text);

  it('counts all nine nodes but only six licensed nodes', () => {
    expect(topology).toMatchObject({
      title: '350-901_lab-1.2.1',
      nodeCount: 9,
      nodeDefinitions: [
        'cmlctl',
        'csr1000v',
        'external_connector',
        'iosvl2',
        'ubuntu-desktop-24-04-v2',
        'unmanaged_switch',
      ],
      imageDefinitions: ['lablet-desktop-v0.1.1'],
      unknownNodeDefinitions: ['cmlctl', 'ubuntu-desktop-24-04-v2'],
      linkCount: 8,
    });
    // 2 × csr1000v 1/3072/8 + 2 × iosvl2 1/768/4 + 2 × fallback 1/2048/16; bridges cost nothing.
    expect(topology.resources).toEqual({ cpu: 6, memoryMiB: 11776, storageGiB: 56, nodes: 6 });
  });

  it('keeps pat:5067:22 among the tags but out of the port template', () => {
    const workstation = topology.nodes.find((node) => node.label === 'workstation');
    expect(workstation?.tags).toEqual(['serial:5065', 'vnc:5066', 'pat:5067:22']);
    expect(workstation?.configuration.map((file) => file.name)).toEqual([
      'user-data',
      'network-config',
    ]);
    expect(buildPortTemplate(topology.nodes).map((entry) => entry.name)).toEqual([
      'rtr01_serial',
      'rtr02_serial',
      'sw01_serial',
      'sw02_serial',
      'workstation_serial',
      'workstation_vnc',
      'cmlctl_0_serial',
    ]);
  });

  it('hashes the file text to 64 hex characters that change with the text', () => {
    expect(computeTopologyHash(text)).toMatch(/^[0-9a-f]{64}$/);
    expect(computeTopologyHash(`${text}\n`)).not.toBe(computeTopologyHash(text));
  });
});
