/** Writes and queries on resources: create, actions, explain and reservation availability. */
import type { AnyResource } from '../../resources/index.js';
import { queryString, requestJson } from './http';
import { collectionPath, objectPath, type DashboardKind } from './resource-paths';

export async function createObject(
  kind: DashboardKind,
  object: unknown,
  namespace?: string,
): Promise<AnyResource> {
  return requestJson<AnyResource>(collectionPath(kind, namespace), {
    method: 'POST',
    body: object,
  });
}

/** `POST {object}/{action}`; resolves with the updated object. */
export async function runAction(
  object: Pick<AnyResource, 'kind' | 'metadata'>,
  action: string,
  body?: unknown,
): Promise<AnyResource> {
  return requestJson<AnyResource>(`${objectPath(object)}/${action}`, {
    method: 'POST',
    body: body ?? {},
  });
}

/** The answer of `GET …/labletsessions/{name}/explain` (docs/scheduling.md). */
export interface SchedulingExplanation {
  phase: string;
  worker?: string;
  message: string;
  result?: 'Bound' | 'ScaleUp' | 'Waiting';
  reason?: string;
  decidedAt?: string;
  queuePosition?: number;
  scaleUp?: { worker: string; template: string; eta?: string };
  rejected?: Record<string, number>;
  workers?: { name: string; fits: boolean; reason?: string; message?: string }[];
}

export async function explainSession(
  session: Pick<AnyResource, 'kind' | 'metadata'>,
  signal?: AbortSignal,
): Promise<SchedulingExplanation> {
  return requestJson<SchedulingExplanation>(`${objectPath(session)}/explain`, {
    ...(signal ? { signal } : {}),
  });
}

/** `GET …/reservations/availability` (docs/reservations.md). */
export interface Availability {
  seats: { now: number; withScaleUp: number };
  workers: { name: string; seats: number }[];
  pendingDemandSeats: number;
  regions: { region: string; template: string; seatsPerWorker: number; workersAllowed: number }[];
}

export async function checkAvailability(
  namespace: string,
  query: { definition: string; start: string; end: string },
): Promise<Availability> {
  return requestJson<Availability>(
    `${collectionPath('Reservation', namespace)}/availability${queryString(query)}`,
  );
}
