/** The API paths of the kinds the dashboard shows (docs/api.md "Resources"). */
import type { AnyResource } from '../../resources/index.js';

export const API_BASE = '/apis/lcm/v1';

/** Plural and scope of each kind the dashboard reads. */
export const KINDS = {
  WorkerTemplate: { plural: 'workertemplates', namespaced: false },
  Worker: { plural: 'workers', namespaced: false },
  LabletDefinition: { plural: 'labletdefinitions', namespaced: true },
  LabletSession: { plural: 'labletsessions', namespaced: true },
  ScoreReport: { plural: 'scorereports', namespaced: true },
  Reservation: { plural: 'reservations', namespaced: true },
} as const;

export type DashboardKind = keyof typeof KINDS;

export const DEFAULT_NAMESPACE = 'default';

export function collectionPath(kind: DashboardKind, namespace = DEFAULT_NAMESPACE): string {
  const { plural, namespaced } = KINDS[kind];
  return namespaced
    ? `${API_BASE}/namespaces/${encodeURIComponent(namespace)}/${plural}`
    : `${API_BASE}/${plural}`;
}

export function objectPath(object: Pick<AnyResource, 'kind' | 'metadata'>): string {
  const kind = object.kind as DashboardKind;
  return `${collectionPath(kind, object.metadata.namespace)}/${encodeURIComponent(object.metadata.name)}`;
}
