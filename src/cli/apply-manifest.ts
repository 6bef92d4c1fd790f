/**
 * `lcm apply` for one object: create it, or merge the manifest into the existing one (a JSON merge
 * patch of spec, labels and annotations, from the current resourceVersion) — so fields set by
 * others (`lcm drain`, `lcm activate`, server defaults) stay unless the manifest sets them.
 * "unchanged" when every field the manifest sets already has that value.
 */
import { isDeepStrictEqual } from 'node:util';
import type { MergePatch, ResourceClient } from '../client/resource-client.js';
import { hasReason, ignoreNotFound } from '../errors/index.js';
import type { AnyResource } from '../resources/index.js';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

/** Conflicting writers between our read and our patch: read again this many times. */
const CONFLICT_ATTEMPTS = 3;

export async function applyManifest(
  client: ResourceClient,
  manifest: AnyResource,
): Promise<ApplyResult> {
  const { kind, metadata, spec } = manifest;
  const { name, namespace } = metadata;
  const labelled = {
    ...(metadata.labels ? { labels: metadata.labels } : {}),
    ...(metadata.annotations ? { annotations: metadata.annotations } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    const existing = await ignoreNotFound(client.get(kind, name, namespace));
    if (!existing) {
      // Only what a person writes: server-set metadata and status (e.g. from `get -o yaml`) are dropped.
      await client.create({
        apiVersion: manifest.apiVersion,
        kind,
        metadata: { name, ...(namespace ? { namespace } : {}), ...labelled },
        spec,
      });
      return 'created';
    }
    if (contains(existing, { spec, metadata: labelled })) return 'unchanged';
    const { resourceVersion } = existing.metadata;
    const patch: MergePatch = { spec, metadata: { ...labelled, resourceVersion } };
    try {
      await client.patch(kind, name, patch, namespace ? { namespace } : {});
      return 'configured';
    } catch (error) {
      if (!hasReason(error, 'Conflict') || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
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
