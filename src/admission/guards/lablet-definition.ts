/** LabletDefinition rules: semver, topology or artifact, unique family+version, frozen once out of Draft. */
import { isDeepStrictEqual } from 'node:util';
import semver from 'semver';
import { InvalidError } from '../../errors/index.js';
import {
  DEFINITION_MACHINE,
  type LabletDefinition,
} from '../../resources/kinds/lablet-definition.js';
import { assertTransition } from '../../resources/kinds/phase-machine.js';
import { parseTopology } from '../../resources/topology/parse-topology.js';
import { buildPortTemplate } from '../../resources/topology/port-template.js';
import type { Guard } from '../guard.js';

export const admitLabletDefinition: Guard = async (request, { reader }) => {
  const definition = request.object as unknown as LabletDefinition;
  if (request.operation === 'delete' || request.operation === 'updateStatus') return request.object;
  const spec = definition.spec;
  if (!semver.valid(spec.version))
    throw invalid(
      'spec.version',
      `spec.version "${spec.version}" is not a semantic version (e.g. 1.2.0)`,
    );
  if (!spec.topology && !spec.artifact)
    throw invalid(
      'spec.topology',
      'give the lab as spec.topology (CML lab YAML) or spec.artifact ({ uri })',
    );
  if (spec.topology && spec.artifact)
    throw invalid('spec.artifact', 'give either spec.topology or spec.artifact, not both');
  const completed = spec.topology ? withTopologyDefaults(definition) : definition;
  const old = request.oldObject as unknown as LabletDefinition | undefined;
  if (old) {
    assertFrozen(old, completed);
    if (old.spec.family !== spec.family || old.spec.version !== spec.version)
      await assertVersionUnique(definition, reader);
    try {
      assertTransition(DEFINITION_MACHINE, old.spec.state, spec.state);
    } catch (error) {
      throw new InvalidError((error as Error).message.replace('status.phase', 'spec.state'), {
        details: { field: 'spec.state' },
      });
    }
  } else {
    if (spec.state !== 'Draft' && spec.state !== 'Active')
      throw invalid(
        'spec.state',
        `a new LabletDefinition starts as Draft or Active, not ${spec.state}`,
      );
    await assertVersionUnique(definition, reader);
  }
  return completed;
};

/**
 * Checks that the inline topology parses and that `devices` name its nodes (the port template
 * builds), and fills `resources` from the topology's estimate when the author gave none.
 */
function withTopologyDefaults(definition: LabletDefinition): LabletDefinition {
  const { spec } = definition;
  const parsed = parseTopology(spec.topology ?? '', { field: 'spec.topology' });
  buildPortTemplate(parsed.nodes, {
    devices: spec.devices ?? [],
    devicesField: 'spec.devices',
    topologyField: 'spec.topology',
  });
  return spec.resources
    ? definition
    : { ...definition, spec: { ...spec, resources: parsed.resources } };
}

/** Once a definition leaves Draft its spec is frozen, except `state`: a change is a new version. */
function assertFrozen(old: LabletDefinition, next: LabletDefinition): void {
  if (old.spec.state === 'Draft') return;
  const { state: _oldState, ...oldRest } = old.spec;
  const { state: _newState, ...newRest } = next.spec;
  const changed = Object.keys({ ...oldRest, ...newRest }).find(
    (key) =>
      !isDeepStrictEqual(
        oldRest[key as keyof typeof oldRest],
        newRest[key as keyof typeof newRest],
      ),
  );
  if (changed)
    throw invalid(
      `spec.${changed}`,
      `spec.${changed} cannot change: the definition is ${old.spec.state} and its spec is frozen except state; create a new version (same family, higher version) instead`,
    );
}

async function assertVersionUnique(
  definition: LabletDefinition,
  reader: Parameters<Guard>[1]['reader'],
): Promise<void> {
  const namespace = definition.metadata.namespace ?? 'default';
  const { items } = await reader.list('LabletDefinition', { namespace });
  const twin = (items as unknown as LabletDefinition[]).find(
    (other) =>
      other.metadata.name !== definition.metadata.name &&
      other.spec.family === definition.spec.family &&
      semver.eq(other.spec.version, definition.spec.version),
  );
  if (twin)
    throw invalid(
      'spec.version',
      `version ${definition.spec.version} of family ${definition.spec.family} already exists as ${twin.metadata.name}; use a higher version`,
    );
}

function invalid(field: string, message: string): InvalidError {
  return new InvalidError(message, { details: { field } });
}
