/**
 * `lcm apply` for one object: create it, or update the existing one from its current
 * resourceVersion. "unchanged" when every field the manifest sets already has that value (fields
 * the manifest leaves out keep what the server has, e.g. defaults).
 */
import { isDeepStrictEqual } from 'node:util';
import type { ResourceClient } from '../client/resource-client.js';
import { hasReason, ignoreNotFound } from '../errors/index.js';
import type { AnyResource, ObjectMeta } from '../resources/index.js';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

/** Conflicting writers between our read and our update: read again this many times. */
const CONFLICT_ATTEMPTS = 3;

export async function applyManifest(
  client: ResourceClient,
  manifest: AnyResource,
): Promise<ApplyResult> {
  const desired = withoutServerFields(manifest);
  const { name, namespace } = desired.metadata;
  for (let attempt = 1; ; attempt++) {
    const existing = await ignoreNotFound(client.get(desired.kind, name, namespace));
    if (!existing) {
      await client.create(desired);
      return 'created';
    }
    if (isApplied(desired, existing)) return 'unchanged';
    try {
      await client.update({
        ...desired,
        metadata: {
          ...existing.metadata,
          ...desired.metadata,
          resourceVersion: existing.metadata.resourceVersion,
        },
      });
      return 'configured';
    } catch (error) {
      if (!hasReason(error, 'Conflict') || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}

/** The manifest without what only the server sets (so `get -o yaml` output can be applied). */
function withoutServerFields(manifest: AnyResource): AnyResource {
  const {
    uid: _uid,
    resourceVersion: _resourceVersion,
    generation: _generation,
    creationTimestamp: _creationTimestamp,
    deletionTimestamp: _deletionTimestamp,
    ...metadata
  }: ObjectMeta = manifest.metadata;
  const { status: _status, ...object } = manifest;
  return { ...object, metadata };
}

function isApplied(desired: AnyResource, existing: AnyResource): boolean {
  const { name: _name, namespace: _namespace, ...meta } = desired.metadata;
  return contains(existing.spec, desired.spec) && contains(existing.metadata, meta);
}

/** True when every field of `wanted` has the same value in `actual` (arrays must match in full). */
export function contains(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted))
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((item, index) => contains(actual[index], item))
    );
  if (isRecord(wanted))
    return (
      isRecord(actual) &&
      Object.entries(wanted).every(([key, value]) => contains(actual[key], value))
    );
  return isDeepStrictEqual(actual, wanted);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
