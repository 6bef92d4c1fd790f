/** Port tags, label sanitising, the port template from tags and devices, protocol choice. */
import { describe, expect, it } from 'vitest';
import {
  buildPortTemplate,
  chooseAccessProtocol,
  chooseDeviceAccess,
  parsePortTag,
  sanitizePortLabel,
  type PortTemplateNode,
} from './port-template.js';

function node(id: string, label: string, tags: string[] = []): PortTemplateNode {
  return { id, label, tags };
}

function invalidAt(field: string): unknown {
  return expect.objectContaining({ reason: 'Invalid', details: { field } });
}

describe('parsePortTag', () => {
  it.each([
    ['serial:5000', { protocol: 'serial', port: 5000 }],
    ['vnc:5901', { protocol: 'vnc', port: 5901 }],
    ['ssh:22', { protocol: 'ssh', port: 22 }],
    ['telnet:2323', { protocol: 'telnet', port: 2323 }],
    ['http:80', { protocol: 'http', port: 80 }],
    ['https:8443', { protocol: 'https', port: 8443 }],
    ['tcp:9000', { protocol: 'tcp', port: 9000 }],
  ])('reads %s as a port tag', (tag, expected) => {
    expect(parsePortTag(tag)).toEqual(expected);
  });

  it.each([
    'core',
    'group1',
    'pat:5067:22',
    'rdp:3389',
    'Serial:5000',
    'serial:',
    'serial:abc',
    'serial: 5000',
    'serial:123456',
    ':5000',
  ])('does not treat %j as a port tag', (tag) => {
    expect(parsePortTag(tag)).toBeUndefined();
  });
});

describe('sanitizePortLabel', () => {
  it.each([
    ['R1', 'r1'],
    ['Core SW-1 ', 'core_sw_1'],
    ['R1 (edge)', 'r1_edge'],
    ['__a..b__', 'a_b'],
    ['iosv-0', 'iosv_0'],
    ['ルーター', ''],
  ])('turns %j into %j', (label, expected) => {
    expect(sanitizePortLabel(label)).toBe(expected);
  });
});

describe('buildPortTemplate', () => {
  it('keeps non-port tags out of the template', () => {
    const nodes = [node('n0', 'r1', ['core', 'serial:5000', 'pat:5067:22', 'group1'])];
    expect(buildPortTemplate(nodes)).toEqual([
      { name: 'r1_serial', device: 'r1', protocol: 'serial' },
    ]);
  });

  it('makes one entry per device and protocol when tags repeat a protocol', () => {
    const nodes = [node('n0', 'r1', ['serial:5000', 'serial:5001', 'serial:5000'])];
    expect(buildPortTemplate(nodes)).toHaveLength(1);
  });

  it('makes one entry when devices repeat what a tag already gives', () => {
    const nodes = [node('n0', 'r1', ['serial:5000'])];
    const devices = [
      { label: 'r1', protocols: ['serial'] },
      { label: 'r1', protocols: ['serial', 'ssh'] },
    ];
    expect(buildPortTemplate(nodes, { devices }).map((entry) => entry.name)).toEqual([
      'r1_serial',
      'r1_ssh',
    ]);
  });

  it('orders entries by node, then serial, vnc, ssh, telnet, http, https, tcp', () => {
    const nodes = [
      node('n0', 'b', ['tcp:1', 'https:2', 'http:3', 'telnet:4', 'ssh:5', 'vnc:6', 'serial:7']),
      node('n1', 'a', ['vnc:8']),
    ];
    expect(buildPortTemplate(nodes).map((entry) => entry.name)).toEqual([
      'b_serial',
      'b_vnc',
      'b_ssh',
      'b_telnet',
      'b_http',
      'b_https',
      'b_tcp',
      'a_vnc',
    ]);
  });

  it('sanitises odd labels in the name but keeps the label as the device', () => {
    const nodes = [node('n0', 'Core SW-1 ', ['ssh:22']), node('n3', 'ルーター', ['serial:1'])];
    expect(buildPortTemplate(nodes)).toEqual([
      { name: 'core_sw_1_ssh', device: 'Core SW-1 ', protocol: 'ssh' },
      { name: 'n3_serial', device: 'ルーター', protocol: 'serial' },
    ]);
  });

  it('rejects two reachable labels that give the same port names', () => {
    const nodes = [node('n0', 'R 1', ['serial:1']), node('n1', 'r-1', ['vnc:2'])];
    expect(() => buildPortTemplate(nodes)).toThrow(invalidAt('topology.nodes[1].label'));
    expect(() => buildPortTemplate(nodes, { topologyField: 'spec.topology' })).toThrow(
      invalidAt('spec.topology.nodes[1].label'),
    );
  });

  it('allows labels that sanitise alike when only one of them is reachable', () => {
    const nodes = [node('n0', 'R 1', ['serial:1']), node('n1', 'r-1')];
    expect(buildPortTemplate(nodes)).toHaveLength(1);
  });

  it('builds the template from devices alone when no node has tags', () => {
    const nodes = [node('n0', 'R1'), node('n1', 'PC'), node('n2', 'SW')];
    const devices = [
      { label: 'PC', protocols: ['vnc'] },
      { label: 'R1', protocols: ['ssh', 'serial'] },
    ];
    expect(buildPortTemplate(nodes, { devices })).toEqual([
      { name: 'r1_serial', device: 'R1', protocol: 'serial' },
      { name: 'r1_ssh', device: 'R1', protocol: 'ssh' },
      { name: 'pc_vnc', device: 'PC', protocol: 'vnc' },
    ]);
  });

  it('rejects a device label that is not a node, naming devices[i].label', () => {
    const nodes = [node('n0', 'R1')];
    const devices = [
      { label: 'R1', protocols: ['serial'] },
      { label: 'R9', protocols: ['serial'] },
    ];
    expect(() => buildPortTemplate(nodes, { devices })).toThrow(invalidAt('devices[1].label'));
    expect(() => buildPortTemplate(nodes, { devices, devicesField: 'spec.devices' })).toThrow(
      invalidAt('spec.devices[1].label'),
    );
  });

  it('rejects an unknown device protocol, naming devices[i].protocols[j]', () => {
    const nodes = [node('n0', 'R1')];
    expect(() =>
      buildPortTemplate(nodes, { devices: [{ label: 'R1', protocols: ['ssh', 'rdp'] }] }),
    ).toThrow(invalidAt('devices[0].protocols[1]'));
    expect(() =>
      buildPortTemplate(nodes, { devices: [{ label: 'R1', protocols: ['tcp'] }] }),
    ).toThrow(invalidAt('devices[0].protocols[0]'));
  });

  it('rejects a device with no protocols', () => {
    const nodes = [node('n0', 'R1')];
    expect(() => buildPortTemplate(nodes, { devices: [{ label: 'R1', protocols: [] }] })).toThrow(
      invalidAt('devices[0].protocols'),
    );
  });
});

describe('chooseAccessProtocol', () => {
  it('prefers vnc > http > https > ssh > serial > telnet without a preference', () => {
    expect(chooseAccessProtocol(['telnet', 'serial', 'ssh', 'https', 'http', 'vnc'])).toBe('vnc');
    expect(chooseAccessProtocol(['telnet', 'serial', 'ssh', 'https', 'http'])).toBe('http');
    expect(chooseAccessProtocol(['telnet', 'serial', 'ssh', 'https'])).toBe('https');
    expect(chooseAccessProtocol(['telnet', 'serial', 'ssh'])).toBe('ssh');
    expect(chooseAccessProtocol(['telnet', 'serial'])).toBe('serial');
    expect(chooseAccessProtocol(['telnet'])).toBe('telnet');
  });

  it('follows the definition preference order when given', () => {
    expect(chooseAccessProtocol(['vnc', 'serial', 'ssh'], ['ssh', 'serial'])).toBe('ssh');
    expect(chooseAccessProtocol(['vnc', 'serial'], ['ssh', 'serial'])).toBe('serial');
  });

  it('falls back to the default order when nothing preferred is available', () => {
    expect(chooseAccessProtocol(['serial', 'vnc'], ['https'])).toBe('vnc');
  });

  it('picks tcp only when the preference names it', () => {
    expect(chooseAccessProtocol(['tcp'])).toBeUndefined();
    expect(chooseAccessProtocol(['tcp', 'serial'], ['tcp'])).toBe('tcp');
    expect(chooseAccessProtocol([])).toBeUndefined();
  });
});

describe('chooseDeviceAccess', () => {
  const template = buildPortTemplate([
    node('n0', 'PC', ['serial:1', 'vnc:2']),
    node('n1', 'R1', ['serial:3', 'ssh:4']),
    node('n2', 'gen', ['tcp:5']),
  ]);

  it('returns one entry per device, by the default order without devices', () => {
    expect(chooseDeviceAccess(template).map((entry) => entry.name)).toEqual(['pc_vnc', 'r1_ssh']);
  });

  it('uses each device protocol order and only the devices listed', () => {
    const devices = [{ label: 'R1', protocols: ['serial', 'ssh'] }];
    expect(chooseDeviceAccess(template, devices).map((entry) => entry.name)).toEqual(['r1_serial']);
  });
});
