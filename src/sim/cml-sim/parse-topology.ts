/**
 * Parses an imported CML topology (YAML, or JSON which is valid YAML) into what cml-sim needs: lab
 * texts, nodes with labels/tags/resources/interfaces, and links; CML-style 400s on bad input.
 */
import { parse } from 'yaml';
import { CmlSimError } from './cml-sim-error.js';

const SCHEMA_VERSIONS = new Set([
  '0.0.1',
  '0.0.2',
  '0.0.3',
  '0.0.4',
  '0.0.5',
  '0.1.0',
  '0.2.0',
  '0.2.1',
  '0.2.2',
  '0.3.0',
]);

export interface ParsedInterface {
  /** Local to its node (`i0`). */
  localId: string;
  label: string;
  slot: number | null;
  type: 'physical' | 'loopback';
}

export interface ParsedNode {
  /** Topology-local id (`n0`). */
  localId: string;
  label: string;
  nodeDefinition: string;
  imageDefinition: string | null;
  x: number;
  y: number;
  tags: string[];
  cpus: number | null;
  ram: number | null;
  bootDiskSize: number | null;
  configuration: unknown;
  parameters: Record<string, unknown>;
  interfaces: ParsedInterface[];
}

export interface ParsedLink {
  localId: string;
  label: string;
  /** Indexes into `nodes` and that node's `interfaces`. */
  a: { node: number; iface: number };
  b: { node: number; iface: number };
}

export interface ParsedTopology {
  title: string | undefined;
  description: string;
  notes: string;
  nodes: ParsedNode[];
  links: ParsedLink[];
}

type Fields = Record<string, unknown>;

/** Throws `CmlSimError(400, 'Import failed: …')` for anything CML would refuse. */
export function parseTopology(text: string): ParsedTopology {
  let root: unknown;
  try {
    root = parse(text);
  } catch (error) {
    throw fail(`not valid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isFields(root)) throw fail('the topology must be a mapping');
  const lab = isFields(root.lab) ? root.lab : undefined;
  if (!lab) throw fail('"lab" is required');
  // An unquoted `version: 0.1` is a YAML number; CML compares versions as strings.
  const version = typeof lab.version === 'number' ? lab.version.toFixed(1) : lab.version;
  if (typeof version !== 'string' || !SCHEMA_VERSIONS.has(version))
    throw fail(`unsupported schema version ${JSON.stringify(lab.version)}`);
  // Schema ≤ 0.0.5 kept the lab texts at the top level.
  const title = optionalString(lab.title ?? root.lab_title, 'lab.title', 64);
  if (title !== undefined && title.length === 0) throw fail('lab.title must not be empty');
  if (!Array.isArray(root.nodes)) throw fail('"nodes" must be a list');
  if (root.links !== undefined && !Array.isArray(root.links)) throw fail('"links" must be a list');
  const nodes = root.nodes.map((node: unknown, index) => parseNode(node, `nodes[${index}]`));
  const seen = new Set<string>();
  for (const node of nodes) {
    if (seen.has(node.localId)) throw fail(`duplicate node id ${node.localId}`);
    seen.add(node.localId);
  }
  const links = ((root.links ?? []) as unknown[]).map((link, index) =>
    parseLink(link, `links[${index}]`, nodes),
  );
  return {
    title,
    description:
      optionalString(lab.description ?? root.lab_description, 'lab.description', 4096) ?? '',
    notes: optionalString(lab.notes ?? root.lab_notes, 'lab.notes', 32768) ?? '',
    nodes,
    links,
  };
}

function parseNode(value: unknown, path: string): ParsedNode {
  if (!isFields(value)) throw fail(`${path} must be a mapping`);
  const localId = requiredString(value.id, `${path}.id`, 64);
  const label = requiredString(value.label, `${path}.label`, 128);
  const nodeDefinition = requiredString(value.node_definition, `${path}.node_definition`, 250);
  if (typeof value.x !== 'number' || typeof value.y !== 'number')
    throw fail(`${path}: x and y are required integers`);
  const tags = value.tags ?? [];
  if (!Array.isArray(tags)) throw fail(`${path}.tags must be a list`);
  const interfaces = value.interfaces ?? [];
  if (!Array.isArray(interfaces)) throw fail(`${path}.interfaces must be a list`);
  return {
    localId,
    label,
    nodeDefinition,
    imageDefinition:
      optionalString(value.image_definition, `${path}.image_definition`, 250) ?? null,
    x: value.x,
    y: value.y,
    tags: tags.map((tag: unknown, index) => requiredString(tag, `${path}.tags[${index}]`, 64)),
    cpus: optionalNumber(value.cpus, `${path}.cpus`),
    ram: optionalNumber(value.ram, `${path}.ram`),
    bootDiskSize: optionalNumber(value.boot_disk_size, `${path}.boot_disk_size`),
    configuration: value.configuration ?? null,
    parameters: isFields(value.parameters) ? value.parameters : {},
    interfaces: interfaces.map((iface: unknown, index) =>
      parseInterface(iface, `${path}.interfaces[${index}]`),
    ),
  };
}

function parseInterface(value: unknown, path: string): ParsedInterface {
  if (!isFields(value)) throw fail(`${path} must be a mapping`);
  const type = value.type ?? 'physical';
  if (type !== 'physical' && type !== 'loopback')
    throw fail(`${path}.type must be physical or loopback`);
  const slot = optionalNumber(value.slot, `${path}.slot`);
  const localId = requiredString(value.id, `${path}.id`, 64);
  return {
    localId,
    label: optionalString(value.label, `${path}.label`, 128) ?? localId,
    slot,
    type,
  };
}

function parseLink(value: unknown, path: string, nodes: ParsedNode[]): ParsedLink {
  if (!isFields(value)) throw fail(`${path} must be a mapping`);
  const end = (nodeKey: 'n1' | 'n2', ifaceKey: 'i1' | 'i2'): ParsedLink['a'] => {
    const nodeId = requiredString(value[nodeKey], `${path}.${nodeKey}`, 64);
    const ifaceId = requiredString(value[ifaceKey], `${path}.${ifaceKey}`, 64);
    const node = nodes.findIndex((candidate) => candidate.localId === nodeId);
    if (node < 0) throw fail(`${path} names unknown node ${nodeId}`);
    const iface = nodes[node]?.interfaces.findIndex((item) => item.localId === ifaceId) ?? -1;
    if (iface < 0) throw fail(`${path} names unknown interface ${ifaceId} of node ${nodeId}`);
    return { node, iface };
  };
  const localId = requiredString(value.id, `${path}.id`, 64);
  return {
    localId,
    label: optionalString(value.label, `${path}.label`, 128) ?? localId,
    a: end('n1', 'i1'),
    b: end('n2', 'i2'),
  };
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredString(value: unknown, path: string, maxLength: number): string {
  const text = optionalString(value, path, maxLength);
  if (text === undefined || text.length === 0) throw fail(`${path} is required`);
  return text;
}

function optionalString(value: unknown, path: string, maxLength: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  // YAML turns bare ids such as `0` into numbers; CML accepts them as text.
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') throw fail(`${path} must be a string`);
  if (text.length > maxLength) throw fail(`${path} is longer than ${maxLength} characters`);
  return text;
}

function optionalNumber(value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number') throw fail(`${path} must be a number`);
  return value;
}

function fail(reason: string): CmlSimError {
  return new CmlSimError(400, `Import failed: ${reason}`);
}
