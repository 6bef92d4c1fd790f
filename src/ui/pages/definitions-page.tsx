/**
 * The catalogue: definitions by family, each version with its state, node count, resources, port
 * template and node list; activate / deprecate; a new definition from YAML.
 */
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import { ActionButton } from '../components/action-button';
import { DefinitionUpload } from '../components/definition-upload';
import { formatMemory } from '../components/format';
import { PhaseBadge } from '../components/phase-badge';
import { TopologyNodes } from '../components/topology-nodes';
import { useObjects, usePrincipal } from '../state/live-context';
import { can } from '../state/permissions';

function byFamily(definitions: readonly LabletDefinition[]): [string, LabletDefinition[]][] {
  const families = new Map<string, LabletDefinition[]>();
  for (const definition of definitions)
    families.set(definition.spec.family, [
      ...(families.get(definition.spec.family) ?? []),
      definition,
    ]);
  return [...families.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, versions]) => [
      family,
      versions.sort((a, b) =>
        b.spec.version.localeCompare(a.spec.version, undefined, { numeric: true }),
      ),
    ]);
}

function DefinitionRow(props: { definition: LabletDefinition }) {
  const { definition } = props;
  const principal = usePrincipal();
  const { spec, status } = definition;
  const resources = spec.resources;
  return (
    <tr>
      <th scope="row">
        {definition.metadata.name}
        <div className="muted">{spec.displayName}</div>
      </th>
      <td>{spec.version}</td>
      <td>
        <PhaseBadge phase={spec.state} />
      </td>
      <td>{status?.nodeCount ?? '—'}</td>
      <td>
        {resources
          ? `${resources.cpu} vCPU · ${formatMemory(resources.memoryMiB)} · ${resources.storageGiB} GiB · ${resources.nodes} nodes`
          : '—'}
      </td>
      <td>
        <details>
          <summary>{status?.portTemplate?.length ?? 0} ports, nodes</summary>
          <p>{(status?.portTemplate ?? []).map((entry) => entry.name).join(', ') || 'no ports'}</p>
          <TopologyNodes topology={spec.topology} />
        </details>
      </td>
      <td>
        <div className="actions">
          {can(principal, 'action:activate', 'LabletDefinition') &&
            (spec.state === 'Draft' || spec.state === 'Inactive') && (
              <ActionButton object={definition} action="activate" label="Activate" />
            )}
          {can(principal, 'action:deprecate', 'LabletDefinition') &&
            (spec.state === 'Active' || spec.state === 'Inactive') && (
              <ActionButton object={definition} action="deprecate" label="Deprecate" confirm />
            )}
        </div>
      </td>
    </tr>
  );
}

export function DefinitionsPage() {
  const principal = usePrincipal();
  const { items, synced } = useObjects<LabletDefinition>('LabletDefinition');
  const families = byFamily(items);
  return (
    <>
      <h1>Definitions</h1>
      {!synced && <p role="status">Loading definitions…</p>}
      {synced && families.length === 0 && <p className="muted">No definitions yet.</p>}
      {families.map(([family, versions]) => (
        <section key={family} aria-labelledby={`family-${family}`}>
          <h2 id={`family-${family}`}>{family}</h2>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Version</th>
                  <th scope="col">State</th>
                  <th scope="col">Nodes</th>
                  <th scope="col">Resources</th>
                  <th scope="col">Ports and topology</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((definition) => (
                  <DefinitionRow key={definition.metadata.name} definition={definition} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      {can(principal, 'create', 'LabletDefinition') && <DefinitionUpload />}
    </>
  );
}
