/**
 * Manifests for `lcm apply`: every YAML document of a file is one object. Problems name the file
 * and the document's position, so a 40-document file points at the one to fix.
 */
import { parseAllDocuments } from 'yaml';
import { InvalidError } from '../errors/index.js';
import { API_VERSION, type AnyResource } from '../resources/index.js';
import { SERVED_KINDS } from './kind-aliases.js';

export interface Manifest {
  /** The file name (`-` for stdin). */
  source: string;
  /** Position among the file's non-empty documents, from 1. */
  document: number;
  object: AnyResource;
}

/** Parses every document; namespaced kinds without a namespace get `namespace`. */
export function parseManifests(text: string, source: string, namespace: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const document of parseAllDocuments(text)) {
    const where = `${source}: document ${manifests.length + 1}`;
    const problem = document.errors[0];
    if (problem)
      throw invalid(where, `is not valid YAML: ${problem.message.split('\n')[0] ?? ''}`, 'yaml');
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    manifests.push({
      source,
      document: manifests.length + 1,
      object: toObject(value, where, namespace),
    });
  }
  if (manifests.length === 0) throw invalid(source, 'holds no objects', 'yaml');
  return manifests;
}

function toObject(value: unknown, where: string, namespace: string): AnyResource {
  if (!isRecord(value)) throw invalid(where, 'is not a mapping (an object)', 'document');
  if (value.apiVersion !== API_VERSION)
    throw invalid(where, `apiVersion must be ${API_VERSION}`, 'apiVersion');
  if (typeof value.kind !== 'string') throw invalid(where, 'has no kind', 'kind');
  const kind = SERVED_KINDS.find((served) => served.kind === value.kind);
  if (!kind)
    throw invalid(
      where,
      `has an unknown kind "${value.kind}"; kinds: ${SERVED_KINDS.map((served) => served.kind).join(', ')}`,
      'kind',
    );
  const metadata = isRecord(value.metadata) ? value.metadata : undefined;
  if (typeof metadata?.name !== 'string' || metadata.name === '')
    throw invalid(where, 'has no metadata.name', 'metadata.name');
  const object = value as unknown as AnyResource;
  return kind.scope === 'Namespaced' && metadata.namespace === undefined
    ? { ...object, metadata: { ...object.metadata, namespace } }
    : object;
}

function invalid(where: string, problem: string, field: string): InvalidError {
  return new InvalidError(`${where} ${problem}`, { details: { field } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
