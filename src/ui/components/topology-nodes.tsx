/** The node list of a definition's inline CML topology (a preview; the topology is not re-checked). */
import { parse } from 'yaml';

interface TopologyNode {
  label?: string;
  node_definition?: string;
  tags?: string[];
}

export function topologyNodes(topology: string | undefined): TopologyNode[] | undefined {
  if (!topology) return undefined;
  try {
    const document = parse(topology) as { nodes?: TopologyNode[] } | null;
    return Array.isArray(document?.nodes) ? document.nodes : undefined;
  } catch {
    return undefined;
  }
}

export function TopologyNodes(props: { topology: string | undefined }) {
  const nodes = topologyNodes(props.topology);
  if (!nodes) return <p className="muted">No inline topology to preview.</p>;
  return (
    <ul className="nodes" aria-label="Topology nodes">
      {nodes.map((node, index) => (
        <li key={`${node.label ?? ''}-${index}`}>
          <strong>{node.label ?? '(no label)'}</strong>{' '}
          <span className="muted">{node.node_definition ?? ''}</span>
          {node.tags && node.tags.length > 0 && (
            <span className="muted"> · {node.tags.join(', ')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
