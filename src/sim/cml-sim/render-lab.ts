/**
 * Renders cml-sim's lab model into CML's JSON answers (LabResponse, Node, lab_element_state), with
 * the exact field names of the wire types in providers/cml.
 */
import type {
  CmlLab,
  CmlLabElementState,
  CmlLabState,
  CmlNode,
  CmlNodeState,
} from '../../providers/cml/cml-wire-types.js';
import type { SimLab, SimLabs, SimNode } from './sim-labs.js';

/** CML writes times as ISO 8601 with an offset and whole seconds. */
function isoWithOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function renderLab(lab: SimLab): CmlLab {
  return {
    id: lab.id,
    created: isoWithOffset(lab.createdMs),
    modified: isoWithOffset(lab.modifiedMs),
    lab_title: lab.title,
    lab_description: lab.description,
    lab_notes: lab.notes,
    owner: lab.owner.id,
    owner_username: lab.owner.username,
    owner_fullname: lab.owner.username,
    state: lab.state,
    node_count: lab.nodes.length,
    link_count: lab.links.length,
    groups: [],
    effective_permissions: ['lab_admin', 'lab_edit', 'lab_exec', 'lab_view'],
  };
}

export function renderNode(labs: SimLabs, lab: SimLab, node: SimNode, computeId: string): CmlNode {
  const state = labs.nodeState(node);
  return {
    id: node.id,
    lab_id: lab.id,
    label: node.label,
    node_definition: node.nodeDefinition,
    image_definition: node.imageDefinition,
    x: node.x,
    y: node.y,
    tags: [...node.tags],
    state,
    boot_progress: state === 'BOOTED' ? 'Booted' : state === 'STARTED' ? 'Booting' : 'Not running',
    cpus: node.cpus ?? node.profile.cpus,
    ram: node.ram ?? node.profile.ramMiB,
    cpu_limit: 100,
    data_volume: null,
    boot_disk_size: node.bootDiskSize,
    hide_links: false,
    configuration: node.configuration,
    parameters: node.parameters,
    compute_id: state === 'DEFINED_ON_CORE' ? null : computeId,
    pinned_compute_id: null,
    resource_pool: null,
    iol_app_id: null,
    vnc_key: node.id.replace(/-/g, '').slice(0, 16),
    serial_consoles: [
      {
        console_key: node.id.replace(/-/g, '').slice(16),
        label: `${node.label} port 0`,
        device_number: 0,
      },
    ],
  };
}

/** Interfaces follow their node; a link is STARTED when both ends are. */
export function renderElementState(labs: SimLabs, lab: SimLab): CmlLabElementState {
  const elementState = (node: SimNode): CmlLabState => {
    const state: CmlNodeState = labs.nodeState(node);
    if (state === 'DEFINED_ON_CORE' || state === 'STOPPED') return state;
    return 'STARTED';
  };
  const result: CmlLabElementState = { nodes: {}, links: {}, interfaces: {} };
  for (const node of lab.nodes) {
    result.nodes[node.id] = labs.nodeState(node);
    for (const iface of node.interfaces) result.interfaces[iface.id] = elementState(node);
  }
  for (const link of lab.links) {
    const a = elementState(link.nodeA);
    const b = elementState(link.nodeB);
    result.links[link.id] = a === b ? a : 'STOPPED';
  }
  return result;
}
