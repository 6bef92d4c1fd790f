/** Structural checks every backend applies before it writes: shape, names, scope, size and text. */
import { InvalidError, NotFoundError } from '../errors/index.js';
import {
  API_VERSION,
  assertValidName,
  assertValidNamespace,
  type AnyResource,
  type KindDefinition,
} from '../resources/index.js';

/** Identifies one stored object; `namespace` is `''` for cluster-scoped kinds. */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** `{ kind, name, namespace? }` for error details. */
export function detailsOf(ref: ObjectRef): Record<string, string> {
  return { kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
}

export function notFoundError(ref: ObjectRef): NotFoundError {
  return new NotFoundError(`${describeRef(ref)} not found`, { details: detailsOf(ref) });
}

/** Resolves and checks the namespace for a kind's scope. */
export function resolveNamespace(definition: KindDefinition, namespace: unknown): string {
  if (definition.scope === 'Cluster') {
    if (namespace !== undefined && namespace !== '')
      throw new InvalidError(
        `metadata.namespace must not be set: ${definition.kind} is cluster-scoped`,
        { details: { field: 'metadata.namespace', kind: definition.kind } },
      );
    return '';
  }
  const resolved = namespace === undefined || namespace === '' ? 'default' : namespace;
  assertValidNamespace(resolved);
  return resolved;
}

/** Checks an object received from outside (typed loosely: it has not been validated yet). */
export function validateShape(input: AnyResource, definition: KindDefinition): void {
  const object = input as Partial<Record<keyof AnyResource, unknown>>;
  if (object.apiVersion !== API_VERSION)
    throw invalid('apiVersion', `apiVersion must be "${API_VERSION}"`);
  const meta = object.metadata;
  if (!isRecord(meta)) throw invalid('metadata', 'metadata must be an object');
  assertValidName(meta.name);
  for (const field of ['labels', 'annotations'] as const) {
    const map = meta[field];
    if (map === undefined) continue;
    if (!isRecord(map) || Object.values(map).some((value) => typeof value !== 'string'))
      throw invalid(`metadata.${field}`, `metadata.${field} must map strings to strings`);
  }
  const finalizers = meta.finalizers;
  if (
    finalizers !== undefined &&
    (!Array.isArray(finalizers) || finalizers.some((value) => typeof value !== 'string'))
  )
    throw invalid('metadata.finalizers', 'metadata.finalizers must be a list of strings');
  if (meta.ownerReferences !== undefined && !Array.isArray(meta.ownerReferences))
    throw invalid('metadata.ownerReferences', 'metadata.ownerReferences must be a list');
  if (object.spec !== undefined && !isRecord(object.spec))
    throw invalid('spec', `spec of a ${definition.kind} must be an object`);
  if (object.status !== undefined && !isRecord(object.status))
    throw invalid('status', `status of a ${definition.kind} must be an object`);
}

/** Rejects objects whose JSON is larger than `maxObjectBytes`, naming the largest section. */
export function assertWithinSize(object: AnyResource, maxObjectBytes: number): void {
  const total = Buffer.byteLength(JSON.stringify(object));
  if (total <= maxObjectBytes) return;
  const sections = (['metadata', 'spec', 'status'] as const).map((field) => ({
    field,
    bytes: Buffer.byteLength(JSON.stringify(object[field] ?? null)),
  }));
  const largest = sections.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  throw new InvalidError(
    `object is ${total} bytes, over the ${maxObjectBytes}-byte limit; its largest field is ${largest.field} (${largest.bytes} bytes)`,
    { details: { field: largest.field, bytes: total, limit: maxObjectBytes } },
  );
}

/**
 * U+0000 and lone UTF-16 surrogates: PostgreSQL's jsonb cannot hold them, so no backend stores
 * them. JSON.stringify escapes exactly these (as `\u0000`, `\ud800`); a pair is kept as is.
 */
const UNSTORABLE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;

/** Rejects text no backend can store (NUL, a lone surrogate) in any key or value. */
export function assertStorableText(object: AnyResource): void {
  if (!UNSTORABLE.test(JSON.stringify(object))) return;
  const field = unstorablePath(object, []) ?? 'object';
  throw invalid(
    field,
    `${field} holds a NUL character or a lone UTF-16 surrogate, which cannot be stored; send valid Unicode text`,
  );
}

function unstorablePath(value: unknown, path: readonly string[]): string | undefined {
  if (typeof value === 'string')
    return UNSTORABLE.test(JSON.stringify(value)) ? path.join('.') : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const at = [...path, key];
    if (UNSTORABLE.test(JSON.stringify(key))) return at.join('.');
    const found = unstorablePath(inner, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A resourceVersion precondition must be a decimal revision. */
export function parseResourceVersion(value: unknown, field: string): number {
  if (value === undefined || value === null || value === '')
    throw invalid(field, `${field} is required: send the resourceVersion you last read`);
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw invalid(
      field,
      `${field} must be a decimal revision string, got ${JSON.stringify(value)}`,
    );
  return Number(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, message: string): InvalidError {
  return new InvalidError(message, { details: { field } });
}
