/**
 * Resolves how a session or reservation names its definition — `{ name }` or `{ family, version }`
 * with a semver range — to the highest Active match, pinned as `{ name, version }`.
 */
import semver from 'semver';
import { InvalidError, hasReason } from '../errors/index.js';
import type { AnyResource } from '../resources/index.js';
import type { DefinitionReference } from '../resources/kinds/common-schemas.js';
import type { LabletDefinition } from '../resources/kinds/lablet-definition.js';
import type { AdmissionReader } from './admission.js';

const FIELD = 'spec.definition';

export async function resolveDefinition(
  reference: DefinitionReference,
  namespace: string,
  reader: AdmissionReader,
): Promise<LabletDefinition> {
  if (reference.name) return readActive(reference.name, namespace, reader);
  if (!reference.family || !reference.version)
    throw new InvalidError(
      `${FIELD} must give a name, or a family and a version range (e.g. "^1.2")`,
      {
        details: { field: FIELD },
      },
    );
  const range = semver.validRange(reference.version);
  if (!range)
    throw new InvalidError(
      `${FIELD}.version "${reference.version}" is not a semver range (e.g. "1.2.0", "^1.2", "~1.2.3")`,
      {
        details: { field: `${FIELD}.version` },
      },
    );
  const { items } = await reader.list('LabletDefinition', { namespace });
  const matches = (items as unknown as LabletDefinition[])
    .filter(
      (d) =>
        d.spec.family === reference.family &&
        d.spec.state === 'Active' &&
        semver.satisfies(d.spec.version, range),
    )
    .sort((a, b) => semver.rcompare(a.spec.version, b.spec.version));
  const best = matches[0];
  if (!best)
    throw new InvalidError(
      `no Active LabletDefinition of family "${reference.family}" in namespace ${namespace} matches version "${reference.version}"`,
      { details: { field: FIELD } },
    );
  return best;
}

async function readActive(
  name: string,
  namespace: string,
  reader: AdmissionReader,
): Promise<LabletDefinition> {
  let found: AnyResource;
  try {
    found = await reader.get('LabletDefinition', name, namespace);
  } catch (error) {
    if (hasReason(error, 'NotFound'))
      throw new InvalidError(
        `${FIELD}.name: LabletDefinition ${namespace}/${name} does not exist`,
        {
          details: { field: `${FIELD}.name` },
        },
      );
    throw error;
  }
  const definition = found as unknown as LabletDefinition;
  if (definition.spec.state !== 'Active')
    throw new InvalidError(
      `${FIELD}.name: LabletDefinition ${namespace}/${name} is ${definition.spec.state}; only Active definitions take new sessions and reservations`,
      { details: { field: `${FIELD}.name` } },
    );
  return definition;
}
