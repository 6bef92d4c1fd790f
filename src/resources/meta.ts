/** The shape every LCM object shares: `{ apiVersion, kind, metadata, spec, status }` (DESIGN.md). */

export const API_VERSION = 'lcm/v1' as const;

export interface OwnerReference {
  kind: string;
  name: string;
  uid: string;
  /** When true, the owner's deletion is blocked until this object is gone. */
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  /** Set for namespaced kinds (default `default`); absent for cluster-scoped kinds. */
  namespace?: string;
  /** Assigned by the store at creation; never changes. */
  uid?: string;
  /** The store's global revision at this object's last write, as a string. */
  resourceVersion?: string;
  /** Bumped by the store on every spec change (and when deletion starts). */
  generation?: number;
  creationTimestamp?: string;
  /** Set when deletion was requested while finalizers remain. */
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}

/** Status fields every kind has; kinds extend it with their own. */
export interface BaseStatus {
  phase?: string;
  conditions?: Condition[];
  observedGeneration?: number;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime: string;
}

export interface Resource<Spec = Record<string, unknown>, Status = BaseStatus> {
  apiVersion: typeof API_VERSION;
  kind: string;
  metadata: ObjectMeta;
  spec: Spec;
  status?: Status;
}

/** Any stored object, when the caller does not know its kind. */
export type AnyResource = Resource<Record<string, unknown>, Record<string, unknown>>;

/** Identifies one object: kind, namespace (namespaced kinds only) and name. */
export interface ObjectKey {
  kind: string;
  namespace?: string;
  name: string;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
export function formatObjectKey(key: Omit<ObjectKey, 'kind'>): string {
  return key.namespace ? `${key.namespace}/${key.name}` : key.name;
}
