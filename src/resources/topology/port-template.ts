/**
 * The port template of a lab (`status.portTemplate`): one entry per reachable device and protocol,
 * from node port tags (`serial:5000`) and the definition's `devices`; plus the access-protocol choice.
 */
import { InvalidError } from '../../errors/index.js';

/** Protocols a port tag may carry (SPEC "LabletDefinition" status). */
export const PORT_PROTOCOLS = ['serial', 'vnc', 'ssh', 'telnet', 'http', 'https', 'tcp'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

/** Protocols `spec.devices[].protocols` may list (SPEC: no raw `tcp` for students). */
export const DEVICE_PROTOCOLS = ['serial', 'vnc', 'ssh', 'telnet', 'http', 'https'] as const;
export type DeviceProtocol = (typeof DEVICE_PROTOCOLS)[number];

/** Default access order when a definition states none: graphical first, raw console last. */
export const DEFAULT_PROTOCOL_PREFERENCE: readonly DeviceProtocol[] = Object.freeze([
  'vnc',
  'http',
  'https',
  'ssh',
  'serial',
  'telnet',
]);

/** One port a session needs on its worker, named `<label>_<protocol>` (label sanitised). */
export interface PortTemplateEntry {
  name: string;
  /** The node label, unchanged. */
  device: string;
  protocol: PortProtocol;
}

/** A `spec.devices` entry: a node label and the protocols, most preferred first. */
export interface DeviceAccess {
  label: string;
  protocols: readonly string[];
}

/** The node fields the template reads (a `TopologyNode` from `parseTopology` fits). */
export interface PortTemplateNode {
  id: string;
  label: string;
  tags: readonly string[];
}

/** Options of {@link buildPortTemplate}. */
export interface BuildPortTemplateOptions {
  /** `spec.devices`. @default [] (port tags only) */
  devices?: readonly DeviceAccess[];
  /** Path prefix for errors in `devices`. @default 'devices' */
  devicesField?: string;
  /** Path prefix for errors in the topology. @default 'topology' */
  topologyField?: string;
}

/** A recognised port tag; `port` is the placeholder number written in the YAML. */
export interface PortTag {
  protocol: PortProtocol;
  port: number;
}

const PORT_TAG = /^([a-z]+):(\d{1,5})$/;
const PORT_PROTOCOL_SET: ReadonlySet<string> = new Set(PORT_PROTOCOLS);
const DEVICE_PROTOCOL_SET: ReadonlySet<string> = new Set(DEVICE_PROTOCOLS);

function isPortProtocol(value: string): value is PortProtocol {
  return PORT_PROTOCOL_SET.has(value);
}

function isDeviceProtocol(value: string): value is DeviceProtocol {
  return DEVICE_PROTOCOL_SET.has(value);
}

/**
 * Reads a `protocol:NNNN` tag. Anything else is not a port tag and yields `undefined`: other
 * tags (`core`, `group1`), unknown protocols (`pat:5067:22`, `rdp:3389`), a different case
 * (`Serial:5000`, since the later tag rewrite must find the same tags) or a non-numeric port.
 */
export function parsePortTag(tag: string): PortTag | undefined {
  const match = PORT_TAG.exec(tag);
  const protocol = match?.[1];
  if (match === null || protocol === undefined || !isPortProtocol(protocol)) return undefined;
  return { protocol, port: Number(match[2]) };
}

/**
 * The label part of a port name: lower-case, every run of characters outside [a-z0-9] replaced
 * by one `_`, and leading/trailing `_` trimmed (`"Core SW-1 "` → `core_sw_1`). Can return ''.
 */
export function sanitizePortLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A label with no ASCII letter or digit (e.g. `ルーター`) falls back to the node id. */
function portNameBase(node: PortTemplateNode): string {
  return sanitizePortLabel(node.label) || sanitizePortLabel(node.id) || 'node';
}

function invalid(field: string, message: string): InvalidError {
  return new InvalidError(message, { details: { field } });
}

function addDeviceProtocols(
  nodes: readonly PortTemplateNode[],
  wanted: readonly Set<PortProtocol>[],
  options: BuildPortTemplateOptions,
): void {
  const devicesField = options.devicesField ?? 'devices';
  const topologyField = options.topologyField ?? 'topology';
  const indexByLabel = new Map(nodes.map((node, index) => [node.label, index]));
  (options.devices ?? []).forEach((device, i) => {
    const index = indexByLabel.get(device.label);
    const protocols = index === undefined ? undefined : wanted[index];
    if (protocols === undefined) {
      throw invalid(
        `${devicesField}[${i}].label`,
        `${devicesField}[${i}].label must be the label of a node in ${topologyField}.nodes; ` +
          `${JSON.stringify(device.label)} is not one`,
      );
    }
    if (device.protocols.length === 0) {
      throw invalid(
        `${devicesField}[${i}].protocols`,
        `${devicesField}[${i}].protocols must list at least one of ${DEVICE_PROTOCOLS.join(', ')}`,
      );
    }
    device.protocols.forEach((protocol, j) => {
      if (!isDeviceProtocol(protocol)) {
        throw invalid(
          `${devicesField}[${i}].protocols[${j}]`,
          `${devicesField}[${i}].protocols[${j}] must be one of ${DEVICE_PROTOCOLS.join(', ')}; ` +
            `got ${JSON.stringify(protocol)}`,
        );
      }
      protocols.add(protocol);
    });
  });
}

/**
 * Builds `status.portTemplate`: every node port tag plus every `devices` entry, one entry per
 * (device, protocol), in topology node order and then {@link PORT_PROTOCOLS} order.
 *
 * Port tags count even for nodes that `devices` leaves out: CML forwards a port for each such
 * tag, so each needs a real worker port, or two labs on one worker would both claim the YAML's
 * placeholder. `devices` adds entries for nodes without tags (most real exports have none).
 *
 * @throws InvalidError `devices[i].label` when the label is no node of the topology,
 *   `devices[i].protocols[j]` for a protocol outside {@link DEVICE_PROTOCOLS},
 *   `devices[i].protocols` when empty, and `topology.nodes[k].label` when two reachable nodes'
 *   labels sanitise to the same port name (e.g. `R 1` and `r-1`).
 */
export function buildPortTemplate(
  nodes: readonly PortTemplateNode[],
  options: BuildPortTemplateOptions = {},
): PortTemplateEntry[] {
  const wanted = nodes.map((node) => {
    const protocols = new Set<PortProtocol>();
    for (const tag of node.tags) {
      const portTag = parsePortTag(tag);
      if (portTag) protocols.add(portTag.protocol);
    }
    return protocols;
  });
  addDeviceProtocols(nodes, wanted, options);

  const topologyField = options.topologyField ?? 'topology';
  const owners = new Map<string, number>();
  const entries: PortTemplateEntry[] = [];
  nodes.forEach((node, index) => {
    const protocols = wanted[index];
    if (protocols === undefined || protocols.size === 0) return;
    const base = portNameBase(node);
    const owner = owners.get(base);
    if (owner !== undefined) {
      throw invalid(
        `${topologyField}.nodes[${index}].label`,
        `${topologyField}.nodes[${index}].label ${JSON.stringify(node.label)} gives the same port ` +
          `names (${base}_…) as ${topologyField}.nodes[${owner}]; rename one of them`,
      );
    }
    owners.set(base, index);
    for (const protocol of PORT_PROTOCOLS) {
      if (protocols.has(protocol)) {
        entries.push({ name: `${base}_${protocol}`, device: node.label, protocol });
      }
    }
  });
  return entries;
}

/**
 * Chooses the one protocol a student uses for a device: the first of `preference` (e.g. the
 * definition's `devices[].protocols` order) that is available, else the first available in
 * {@link DEFAULT_PROTOCOL_PREFERENCE} (vnc > http > https > ssh > serial > telnet). `tcp` is
 * chosen only when named in `preference`. Returns `undefined` when nothing fits.
 */
export function chooseAccessProtocol(
  available: Iterable<string>,
  preference: readonly string[] = [],
): PortProtocol | undefined {
  const offered = new Set(available);
  for (const protocol of [...preference, ...DEFAULT_PROTOCOL_PREFERENCE]) {
    if (offered.has(protocol) && isPortProtocol(protocol)) return protocol;
  }
  return undefined;
}

/**
 * One template entry per device the student reaches, using {@link chooseAccessProtocol} with
 * the device's own `protocols` order as the preference. With `devices`, only those devices are
 * returned (SPEC: `devices` are the nodes the student reaches); without, every device of the
 * template. A device with no choosable protocol (only `tcp`) is left out.
 */
export function chooseDeviceAccess(
  template: readonly PortTemplateEntry[],
  devices?: readonly DeviceAccess[],
): PortTemplateEntry[] {
  const preferences = new Map(devices?.map((device) => [device.label, device.protocols]));
  const byDevice = new Map<string, PortTemplateEntry[]>();
  for (const entry of template) {
    if (devices !== undefined && !preferences.has(entry.device)) continue;
    const list = byDevice.get(entry.device) ?? [];
    list.push(entry);
    byDevice.set(entry.device, list);
  }
  const chosen: PortTemplateEntry[] = [];
  for (const [device, entries] of byDevice) {
    const protocol = chooseAccessProtocol(
      entries.map((entry) => entry.protocol),
      preferences.get(device),
    );
    const entry = entries.find((candidate) => candidate.protocol === protocol);
    if (entry) chosen.push(entry);
  }
  return chosen;
}
