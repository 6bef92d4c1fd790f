/** Stored objects carry their revision beside them; readers get it as `metadata.resourceVersion`. */
import type { AnyResource } from '../resources/index.js';

export function withResourceVersion(object: AnyResource, revision: number): AnyResource {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}
