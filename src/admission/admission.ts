/**
 * Admission: what runs on every write before it reaches the store — defaulting, schema and rule
 * validation, transition guards. A rejection is an `Invalid` error naming the field.
 */
import type { AnyResource } from '../resources/index.js';

export type AdmissionOperation = 'create' | 'update' | 'updateStatus' | 'delete';

export interface AdmissionRequest {
  operation: AdmissionOperation;
  /** The object as the caller wants it (for delete: the current object). */
  object: AnyResource;
  /** The stored object for update, updateStatus and delete. */
  oldObject?: AnyResource;
}

/** Read access for rules that look at other objects (e.g. a session's definition). */
export interface AdmissionReader {
  get(kind: string, name: string, namespace?: string): Promise<AnyResource>;
  list(
    kind: string,
    options?: { namespace?: string; labelSelector?: string },
  ): Promise<{ items: AnyResource[] }>;
}

export interface Admission {
  /** Returns the object to store (defaulted, possibly with pinned references), or throws `Invalid`. */
  admit(request: AdmissionRequest, reader: AdmissionReader): Promise<AnyResource>;
}

/** Admits everything unchanged; for stores of test kinds. */
export const ALLOW_ALL: Admission = { admit: async (request) => request.object };
