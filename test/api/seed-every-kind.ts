/**
 * One object of every served kind, created through the in-process client, for tests that need real
 * objects behind each route: sessions and score reports are owned by `owner`.
 */
import type { LocalResourceClient } from '../../src/client/local-client.js';
import { API_VERSION, type AnyResource } from '../../src/resources/index.js';
import { aDefinition, aReservation, aSession, aTemplate } from '../support/builders.js';

/** The name of the seeded object of each kind (all namespaced ones live in `default`). */
export const SEEDED_NAMES: Readonly<Record<string, string>> = {
  WorkerTemplate: 'seed-template',
  Worker: 'seed-worker',
  LabletDefinition: 'seed-definition',
  LabletSession: 'seed-session',
  ScoreReport: 'seed-report',
  Reservation: 'seed-reservation',
  LabRecord: 'seed-labrecord',
  Lease: 'seed-lease',
};

function anObject(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  namespace?: string,
): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec,
  };
}

/** Creates the objects of SEEDED_NAMES in dependency order; returns them by kind. */
export async function seedEveryKind(
  local: LocalResourceClient,
  owner: string,
): Promise<Record<string, AnyResource>> {
  const n = SEEDED_NAMES;
  const definition = n.LabletDefinition as string;
  const objects = [
    aTemplate(n.WorkerTemplate as string),
    anObject('Worker', n.Worker as string, { template: n.WorkerTemplate, region: 'sim-1' }),
    aDefinition(definition, { state: 'Active' }),
    aSession(n.LabletSession as string, {
      definition: { name: definition },
      owner: { userId: owner },
    }),
    anObject(
      'ScoreReport',
      n.ScoreReport as string,
      {
        session: n.LabletSession,
        owner: { userId: owner },
        score: 1,
        maxScore: 2,
        passed: false,
        sections: [],
        submittedAt: '2026-03-01T09:00:00Z',
      },
      'default',
    ),
    aReservation(n.Reservation as string, { definition: { name: definition } }),
    anObject('LabRecord', n.LabRecord as string, { worker: n.Worker }),
    anObject('Lease', n.Lease as string, { leaseDurationSeconds: 15, leaseTransitions: 0 }),
  ];
  const created: Record<string, AnyResource> = {};
  for (const object of objects) created[object.kind] = await local.create(object);
  return created;
}
