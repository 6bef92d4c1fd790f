/**
 * What a LabletDefinition's status says about its spec: the lifecycle mirror (`phase` =
 * `spec.state`), and facts derived from the inline topology — hash, node count, node definitions
 * and the port template the scheduler allocates ports from. Pure: no I/O.
 */
import { setCondition } from '../../resources/index.js';
import type {
  LabletDefinition,
  LabletDefinitionStatus,
} from '../../resources/kinds/lablet-definition.js';
import { parseTopology } from '../../resources/topology/parse-topology.js';
import { buildPortTemplate } from '../../resources/topology/port-template.js';
import { computeTopologyHash } from '../../resources/topology/topology-hash.js';

export function deriveDefinitionStatus(
  definition: LabletDefinition,
  now: Date,
): LabletDefinitionStatus {
  const { spec } = definition;
  const base: LabletDefinitionStatus = {
    ...definition.status,
    phase: spec.state,
    observedGeneration: definition.metadata.generation ?? 0,
  };
  if (!spec.topology)
    return withResolved(
      base,
      now,
      false,
      'ArtifactNotFetched',
      'spec.artifact is not fetched yet: give the lab inline as spec.topology',
    );
  const parsed = parseTopology(spec.topology, { field: 'spec.topology' });
  const portTemplate = buildPortTemplate(parsed.nodes, {
    devices: spec.devices ?? [],
    devicesField: 'spec.devices',
    topologyField: 'spec.topology',
  });
  return withResolved(
    {
      ...base,
      topologyHash: computeTopologyHash(spec.topology),
      nodeCount: parsed.nodeCount,
      nodeDefinitions: parsed.nodeDefinitions,
      portTemplate,
    },
    now,
    true,
    'TopologyParsed',
    `${parsed.nodeCount} nodes, ${portTemplate.length} ports`,
  );
}

function withResolved(
  status: LabletDefinitionStatus,
  now: Date,
  resolved: boolean,
  reason: string,
  message: string,
): LabletDefinitionStatus {
  const conditions = setCondition(
    status.conditions ?? [],
    {
      type: 'Valid',
      status: resolved ? 'True' : 'False',
      reason,
      message,
    },
    now,
  );
  return { ...status, conditions };
}
