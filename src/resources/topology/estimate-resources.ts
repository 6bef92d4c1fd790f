/**
 * Resource estimate for a CML lab: per-node-definition defaults, explicit node `cpus`/`ram`/disk
 * overrides, and the `{ cpu, memoryMiB, storageGiB, nodes }` total a LabletDefinition needs.
 */

/** What one node costs a worker: vCPU, memory (MiB) and disk (GiB). */
export interface NodeResources {
  cpu: number;
  memoryMiB: number;
  storageGiB: number;
}

/** What a whole lab costs a worker; `nodes` counts CML licensed nodes (see {@link estimateResources}). */
export interface TopologyResources extends NodeResources {
  nodes: number;
}

/** The node fields the estimate reads (a `TopologyNode` from `parseTopology` fits). */
export interface NodeResourceInput {
  nodeDefinition: string;
  /** YAML `cpus`; `null`, absent or 0 means "the node definition's default". */
  cpus?: number | null;
  /** YAML `ram` in MiB; `null`, absent or 0 means "the node definition's default". */
  ramMiB?: number | null;
  /** YAML `boot_disk_size` in GiB; when > 0 it replaces the default disk. */
  bootDiskGiB?: number | null;
  /** YAML `data_volume` in GiB; when > 0 it is added to the boot disk. */
  dataVolumeGiB?: number | null;
}

/** Options of {@link estimateResources}; every field is optional. */
export interface EstimateResourcesOptions {
  /**
   * Per-definition defaults merged over the built-in table, e.g. values read from a worker's
   * `GET /node_definitions`. @default {} (only {@link NODE_RESOURCE_DEFAULTS})
   */
  defaults?: Readonly<Record<string, NodeResources>>;
  /** Used for a definition found in neither table. @default FALLBACK_NODE_RESOURCES */
  fallback?: NodeResources;
  /** Definitions that do not count as CML licensed nodes. @default UNLICENSED_NODE_DEFINITIONS */
  unlicensedNodeDefinitions?: readonly string[];
}

const node = (cpu: number, memoryMiB: number, storageGiB: number): NodeResources =>
  Object.freeze({ cpu, memoryMiB, storageGiB });

/**
 * Built-in per-node defaults, keyed by CML `node_definition` id.
 *
 * Source: Cisco's CML sizing calculator (github.com/CiscoLearning/cml-sizer, `index.html`,
 * `defineNode(...)` table, read 2025): vCPU and memory are its catalog values, which match the
 * reference-platform node definitions. Disk is the calculator's recommended (maximum) disk in MB
 * rounded up to whole GiB as MB/1000 (a slight overestimate, which is the safe side for
 * admission). Entries marked `*` have no disk figure there; we assume 16 GiB, the calculator's
 * value for the small Linux images.
 *
 * Assumptions: no CPU or memory oversubscription (the calculator's "minimum" factors of 0.25–0.75
 * are for a single user's lab, not for a shared worker); `external_connector` and
 * `unmanaged_switch` run as host bridges, not VMs, so they cost nothing (the calculator ignores
 * the first and sizes the second at 0/0).
 */
export const NODE_RESOURCE_DEFAULTS: Readonly<Record<string, NodeResources>> = Object.freeze({
  // Routers and switches.
  iosv: node(1, 512, 2),
  iosvl2: node(1, 768, 4),
  'iol-xe': node(1, 1024, 2),
  'iol-xe-serial-4eth': node(1, 1024, 2), // disk assumed equal to iol-xe
  'ioll2-xe': node(1, 1024, 4),
  csr1000v: node(1, 3072, 8),
  cat8000v: node(1, 4096, 8),
  'cat9000v-q200': node(4, 12288, 16),
  'cat9000v-uadp': node(4, 18432, 16),
  iosxrv: node(1, 3000, 4),
  iosxrv9000: node(4, 20480, 64),
  nxosv: node(1, 3000, 4),
  nxosv9000: node(2, 12288, 11),
  // Security, wireless, SD-WAN.
  asav: node(1, 2048, 9),
  ftdv: node(4, 8192, 16), // *
  fmcv: node(4, 32768, 256),
  cat9800: node(2, 6144, 16), // *
  vwlc: node(1, 2048, 16), // *
  'cat-sdwan-controller': node(2, 4096, 11),
  'cat-sdwan-edge': node(2, 5120, 8),
  'cat-sdwan-manager': node(8, 32768, 256),
  'cat-sdwan-validator': node(2, 4096, 11),
  'cat-sdwan-vedge': node(2, 2048, 11),
  // Hosts and utilities.
  alpine: node(1, 512, 16),
  'alpine-trex': node(1, 512, 2),
  'alpine-wanem': node(1, 512, 2),
  desktop: node(1, 512, 16),
  server: node(1, 128, 16),
  ubuntu: node(1, 2048, 64),
  // Host-side bridges: no VM, no licence seat.
  external_connector: node(0, 0, 0),
  unmanaged_switch: node(0, 0, 0),
});

/**
 * Default for a node definition in no table (custom images such as `ubuntu-desktop-24-04-v2`):
 * 1 vCPU, 2048 MiB, 16 GiB, the size of a general-purpose Linux VM in the calculator. It
 * over-reserves the small custom images and under-reserves the heavy appliances; a definition whose
 * estimate is wrong should declare `spec.resources`.
 */
export const FALLBACK_NODE_RESOURCES: NodeResources = node(1, 2048, 16);

/**
 * Definitions that do not count against the CML node licence. `external_connector` and
 * `unmanaged_switch` are host bridges that CML does not count as licensed nodes; our fact sheet
 * marks this as not confirmed by the API sources [INFER], hence the option to override it.
 */
export const UNLICENSED_NODE_DEFINITIONS: readonly string[] = Object.freeze([
  'external_connector',
  'unmanaged_switch',
]);

const BUILT_IN = new Map(Object.entries(NODE_RESOURCE_DEFAULTS));

/** A Map, not an object lookup: a definition id such as `constructor` must not hit the prototype. */
function defaultsTable(options: EstimateResourcesOptions): ReadonlyMap<string, NodeResources> {
  if (options.defaults === undefined) return BUILT_IN;
  return new Map([...BUILT_IN, ...Object.entries(options.defaults)]);
}

/** True when the built-in table (or `options.defaults`) knows the node definition. */
export function hasResourceDefaults(
  nodeDefinition: string,
  options: EstimateResourcesOptions = {},
): boolean {
  return defaultsTable(options).has(nodeDefinition);
}

function positive(value: number | null | undefined): number | undefined {
  return value !== null && value !== undefined && value > 0 ? value : undefined;
}

function resolveNode(
  input: NodeResourceInput,
  table: ReadonlyMap<string, NodeResources>,
  fallback: NodeResources,
): NodeResources {
  const base = table.get(input.nodeDefinition) ?? fallback;
  const dataVolume = positive(input.dataVolumeGiB) ?? 0;
  return {
    cpu: positive(input.cpus) ?? base.cpu,
    // Quantities are whole MiB / GiB (SPEC); round a fractional YAML value up, never down.
    memoryMiB: Math.ceil(positive(input.ramMiB) ?? base.memoryMiB),
    storageGiB: Math.ceil((positive(input.bootDiskGiB) ?? base.storageGiB) + dataVolume),
  };
}

/**
 * What one node costs: the explicit YAML `cpus` / `ram` / `boot_disk_size` when > 0 (CML exports
 * 0 or null for "not set"), else the definition's default, else the fallback; plus `data_volume`.
 */
export function estimateNodeResources(
  input: NodeResourceInput,
  options: EstimateResourcesOptions = {},
): NodeResources {
  return resolveNode(input, defaultsTable(options), options.fallback ?? FALLBACK_NODE_RESOURCES);
}

/**
 * Sums {@link estimateNodeResources} over the lab's nodes. `nodes` is the number of CML licensed
 * nodes: every node except those whose definition is in `unlicensedNodeDefinitions` (by default
 * external connectors and unmanaged switches), so it can be compared with a worker's licence
 * node limit. The total node count of the YAML is `ParsedTopology.nodeCount`. Never throws.
 */
export function estimateResources(
  nodes: readonly NodeResourceInput[],
  options: EstimateResourcesOptions = {},
): TopologyResources {
  const table = defaultsTable(options);
  const fallback = options.fallback ?? FALLBACK_NODE_RESOURCES;
  const unlicensed = new Set(options.unlicensedNodeDefinitions ?? UNLICENSED_NODE_DEFINITIONS);
  const total: TopologyResources = { cpu: 0, memoryMiB: 0, storageGiB: 0, nodes: 0 };
  for (const input of nodes) {
    const cost = resolveNode(input, table, fallback);
    total.cpu += cost.cpu;
    total.memoryMiB += cost.memoryMiB;
    total.storageGiB += cost.storageGiB;
    if (!unlicensed.has(input.nodeDefinition)) total.nodes += 1;
  }
  return total;
}
