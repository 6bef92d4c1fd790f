/**
 * Parses a CML 2.x lab YAML export into what LCM derives from it (nodes, node definitions, links,
 * resource estimate); unusable input throws `Invalid` with `details.field` naming the YAML path.
 */
import { parseDocument } from 'yaml';
import { InvalidError } from '../../errors/index.js';
import {
  estimateResources,
  hasResourceDefaults,
  type EstimateResourcesOptions,
  type TopologyResources,
} from './estimate-resources.js';

/** One configuration file of a node; `name` is null for the single-string form of CML < 2.5. */
export interface TopologyConfigFile {
  name: string | null;
  content: string;
}

/** A node of the lab as LCM needs it; the YAML's other fields (x, y, parameters…) are dropped. */
export interface TopologyNode {
  /** Topology-local id, e.g. `n0`. */
  id: string;
  /** The name students and `devices[].label` use. Unique within the lab. */
  label: string;
  nodeDefinition: string;
  imageDefinition: string | null;
  /** All tags, port tags (`serial:5000`) and others alike, in YAML order. */
  tags: string[];
  /** Entries of `interfaces` (loopbacks included); 0 when the export has none. */
  interfaceCount: number;
  /** YAML `cpus`; null when absent. CML exports 0 or null for "definition default". */
  cpus: number | null;
  /** YAML `ram` in MiB; null when absent. */
  ramMiB: number | null;
  /** YAML `boot_disk_size` in GiB; null when absent. */
  bootDiskGiB: number | null;
  /** YAML `data_volume` in GiB; null when absent. */
  dataVolumeGiB: number | null;
  /** `configuration` normalised to a list (string, `{name, content}` or list of those). */
  configuration: TopologyConfigFile[];
}

/** The facts of a lab YAML: `status.nodeCount`, `status.nodeDefinitions` and the estimate. */
export interface ParsedTopology {
  /** `lab.title` (or the pre-2.1 top-level `lab_title`); '' when absent. */
  title: string;
  /** `lab.version` as a string ('' when absent): unquoted `0.1` is a YAML number. */
  schemaVersion: string;
  /** Every node of the YAML, external connectors and unmanaged switches included. */
  nodeCount: number;
  nodes: TopologyNode[];
  /** Distinct `node_definition` ids, sorted. */
  nodeDefinitions: string[];
  /** Distinct non-null `image_definition` ids, sorted. */
  imageDefinitions: string[];
  /** Node definitions the resource table does not know; their estimate used the fallback. */
  unknownNodeDefinitions: string[];
  linkCount: number;
  /** See `estimateResources`: `nodes` counts licensed CML nodes only. */
  resources: TopologyResources;
}

/** Options of {@link parseTopology}. */
export interface ParseTopologyOptions {
  /** Path prefix of every `details.field`, e.g. `spec.topology`. @default 'topology' */
  field?: string;
  /** Passed to `estimateResources`. @default {} */
  resources?: EstimateResourcesOptions;
}

type YamlMap = Record<string, unknown>;

/** CML limits from the import schema (external-apis.md §1.9); CML rejects longer values. */
const MAX_LABEL_CHARS = 128;
const MAX_TAG_CHARS = 64;
const MAX_ID_CHARS = 64;

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names a value's YAML type for messages: "got a list", "got nothing". */
function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function invalid(field: string, message: string): InvalidError {
  return new InvalidError(message, { details: { field } });
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function loadYaml(text: string, field: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    // The first line has the reason and position; the rest is a source excerpt.
    const reason = (error.message.split('\n')[0] ?? '').replace(/:$/, '');
    throw invalid(field, `${field} must be CML lab YAML; it does not parse: ${reason}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw invalid(field, `${field} must be CML lab YAML; it does not load: ${reason}`);
  }
}

/** A YAML scalar that must be a non-empty string; a number (e.g. `label: 7`) is read as text. */
function readName(value: unknown, field: string, what: string, maxChars: number): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || text.trim() === '') {
    throw invalid(field, `${field} must be ${what}; got ${describe(value)}`);
  }
  if (text.length > maxChars) {
    throw invalid(field, `${field} must be at most ${maxChars} characters (CML limit)`);
  }
  return text;
}

function readOptionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw invalid(field, `${field} must be a string or null; got ${describe(value)}`);
  }
  return value === '' ? null : value;
}

function readQuantity(value: unknown, field: string, unit: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    const got = typeof value === 'number' ? String(value) : describe(value);
    throw invalid(field, `${field} must be a number ≥ 0 (${unit}) or null; got ${got}`);
  }
  return value;
}

function readTags(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw invalid(field, `${field} must be a list of strings; got ${describe(value)}`);
  }
  return value.map((tag: unknown, index) => {
    const tagField = `${field}[${index}]`;
    if (typeof tag !== 'string' || tag === '') {
      throw invalid(tagField, `${tagField} must be a non-empty string; got ${describe(tag)}`);
    }
    if (tag.length > MAX_TAG_CHARS) {
      throw invalid(
        tagField,
        `${tagField} must be at most ${MAX_TAG_CHARS} characters (CML limit)`,
      );
    }
    return tag;
  });
}

function readInterfaceCount(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (!Array.isArray(value)) {
    throw invalid(field, `${field} must be a list of interfaces; got ${describe(value)}`);
  }
  return value.length;
}

function readConfigFile(value: unknown, field: string): TopologyConfigFile {
  if (!isMap(value)) {
    throw invalid(field, `${field} must be a {name, content} mapping; got ${describe(value)}`);
  }
  const name = readName(value.name, `${field}.name`, 'the file name, e.g. ios_config.txt', 256);
  const content = value.content ?? '';
  if (typeof content !== 'string') {
    throw invalid(`${field}.content`, `${field}.content must be text; got ${describe(content)}`);
  }
  return { name, content };
}

/** `configuration` is a string (CML < 2.5), a `{name, content}` file, or a list of files (2.5+). */
function readConfiguration(value: unknown, field: string): TopologyConfigFile[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ name: null, content: value }];
  if (Array.isArray(value)) {
    return value.map((file: unknown, index) => readConfigFile(file, `${field}[${index}]`));
  }
  if (isMap(value)) return [readConfigFile(value, field)];
  throw invalid(
    field,
    `${field} must be text or a list of {name, content} files; got ${describe(value)}`,
  );
}

function readNode(value: unknown, path: string): TopologyNode {
  if (!isMap(value)) {
    throw invalid(path, `${path} must be a node mapping (id, label, node_definition…)`);
  }
  return {
    id: readName(value.id, `${path}.id`, 'the topology-local node id, e.g. n0', MAX_ID_CHARS),
    label: readName(value.label, `${path}.label`, 'the node label, e.g. R1', MAX_LABEL_CHARS),
    nodeDefinition: readName(
      value.node_definition,
      `${path}.node_definition`,
      'a CML node definition id, e.g. iosv or ubuntu',
      MAX_LABEL_CHARS,
    ),
    imageDefinition: readOptionalString(value.image_definition, `${path}.image_definition`),
    tags: readTags(value.tags, `${path}.tags`),
    interfaceCount: readInterfaceCount(value.interfaces, `${path}.interfaces`),
    cpus: readQuantity(value.cpus, `${path}.cpus`, 'vCPU'),
    ramMiB: readQuantity(value.ram, `${path}.ram`, 'MiB'),
    bootDiskGiB: readQuantity(value.boot_disk_size, `${path}.boot_disk_size`, 'GiB'),
    dataVolumeGiB: readQuantity(value.data_volume, `${path}.data_volume`, 'GiB'),
    configuration: readConfiguration(value.configuration, `${path}.configuration`),
  };
}

/** Reads every node and rejects a repeated id or label, naming the second occurrence. */
function readNodes(value: unknown, field: string): TopologyNode[] {
  const nodesField = `${field}.nodes`;
  if (!Array.isArray(value)) {
    throw invalid(nodesField, `${nodesField} must be a list of nodes; got ${describe(value)}`);
  }
  if (value.length === 0) {
    throw invalid(nodesField, `${nodesField} must list at least one node`);
  }
  const ids = new Map<string, number>();
  const labels = new Map<string, number>();
  return value.map((raw: unknown, index) => {
    const path = `${nodesField}[${index}]`;
    const parsed = readNode(raw, path);
    const sameId = ids.get(parsed.id);
    if (sameId !== undefined) {
      throw invalid(
        `${path}.id`,
        `${path}.id "${parsed.id}" is already the id of ${nodesField}[${sameId}]; node ids must be unique`,
      );
    }
    const sameLabel = labels.get(parsed.label);
    if (sameLabel !== undefined) {
      throw invalid(
        `${path}.label`,
        `${path}.label "${parsed.label}" is already the label of ${nodesField}[${sameLabel}]; ` +
          'labels must be unique because devices and ports are named after them',
      );
    }
    ids.set(parsed.id, index);
    labels.set(parsed.label, index);
    return parsed;
  });
}

/** Counts links; a link end (`n1`/`n2`, schema ≥ 0.1) must name a node of the lab. */
function countLinks(value: unknown, field: string, nodeIds: ReadonlySet<string>): number {
  const linksField = `${field}.links`;
  if (value === undefined || value === null) return 0;
  if (!Array.isArray(value)) {
    throw invalid(linksField, `${linksField} must be a list of links; got ${describe(value)}`);
  }
  value.forEach((link: unknown, index) => {
    const path = `${linksField}[${index}]`;
    if (!isMap(link)) throw invalid(path, `${path} must be a link mapping (id, n1, i1, n2, i2)`);
    for (const end of ['n1', 'n2'] as const) {
      const nodeId: unknown = link[end];
      if (nodeId === undefined) continue;
      if (typeof nodeId !== 'string' || !nodeIds.has(nodeId)) {
        throw invalid(
          `${path}.${end}`,
          `${path}.${end} must be the id of a node in ${field}.nodes; got ${JSON.stringify(nodeId)}`,
        );
      }
    }
  });
  return value.length;
}

function readTitle(root: YamlMap, field: string): { title: string; schemaVersion: string } {
  if (root.lab !== undefined && root.lab !== null && !isMap(root.lab)) {
    throw invalid(`${field}.lab`, `${field}.lab must be a mapping (title, version…)`);
  }
  const lab = isMap(root.lab) ? root.lab : {};
  // Schema ≤ 0.0.5 (CML 2.0) kept the title at the top level as `lab_title`.
  const title: unknown = lab.title ?? root.lab_title ?? '';
  const version: unknown = lab.version ?? '';
  const asText = (value: unknown): string =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  return { title: asText(title), schemaVersion: asText(version) };
}

function distinctSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/**
 * Parses a CML 2.x lab YAML (`lab`, `nodes`, `links`, optional `annotations` /
 * `smart_annotations`; unknown fields are ignored, missing `tags` / `interfaces` are empty).
 *
 * @throws InvalidError (`Invalid`) with `details.field` = the offending path under
 *   `options.field` (default `topology`): `topology` when it is not YAML or not a mapping,
 *   `topology.nodes` when the node list is missing or empty, `topology.nodes[3].node_definition`
 *   for a node without one, `topology.nodes[3].label` for a repeated label, and so on.
 */
export function parseTopology(
  yamlText: string,
  options: ParseTopologyOptions = {},
): ParsedTopology {
  const field = options.field ?? 'topology';
  const root = loadYaml(yamlText, field);
  if (!isMap(root)) {
    throw invalid(
      field,
      `${field} must be a CML lab YAML mapping with lab, nodes and links; got ${describe(root)}`,
    );
  }
  const nodes = readNodes(root.nodes, field);
  const linkCount = countLinks(root.links, field, new Set(nodes.map((node) => node.id)));
  const nodeDefinitions = distinctSorted(nodes.map((node) => node.nodeDefinition));
  const imageDefinitions = nodes.flatMap((node) =>
    node.imageDefinition === null ? [] : [node.imageDefinition],
  );
  return {
    ...readTitle(root, field),
    nodeCount: nodes.length,
    nodes,
    nodeDefinitions,
    imageDefinitions: distinctSorted(imageDefinitions),
    unknownNodeDefinitions: nodeDefinitions.filter(
      (definition) => !hasResourceDefaults(definition, options.resources),
    ),
    linkCount,
    resources: estimateResources(nodes, options.resources),
  };
}
