/**
 * One valid object of every served kind, and a seed of one each created through the in-process
 * client, for tests that need real objects behind each route: sessions and reports have an owner.
 */
import type { LocalResourceClient } from '../../src/client/local-client.js';
import { API_VERSION, type AnyResource } from '../../src/resources/index.js';
import { aDefinition, aReservation, aSession, aTemplate } from '../support/builders.js';

/** The name of the seeded object of each kind, in dependency order (namespaced ones: `default`). */
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

/** A valid `kind` object named `name` that refers to the seeded objects; `owner` owns it. */
export function aValidObject(kind: string, name: string, owner: string): AnyResource {
  const n = SEEDED_NAMES;
  switch (kind) {
    case 'WorkerTemplate':
      return aTemplate(name);
    case 'Worker':
      return anObject(kind, name, { template: n.WorkerTemplate, region: 'sim-1' });
    case 'LabletDefinition':
      return aDefinition(name, { family: name, state: 'Active' });
    case 'LabletSession':
      return aSession(name, { definition: { name: n.LabletDefinition }, owner: { userId: owner } });
    case 'ScoreReport':
      return anObject(
        kind,
        name,
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
      );
    case 'Reservation':
      return aReservation(name, { definition: { name: n.LabletDefinition } });
    case 'LabRecord':
      return anObject(kind, name, { worker: n.Worker });
    case 'Lease':
      return anObject(kind, name, { leaseDurationSeconds: 15, leaseTransitions: 0 });
    default:
      throw new Error(`no valid ${kind} known: add one to aValidObject`);
  }
}

/** Creates the objects of SEEDED_NAMES in order; returns them by kind. */
export async function seedEveryKind(
  local: LocalResourceClient,
  owner: string,
): Promise<Record<string, AnyResource>> {
  const created: Record<string, AnyResource> = {};
  for (const [kind, name] of Object.entries(SEEDED_NAMES))
    created[kind] = await local.create(aValidObject(kind, name, owner));
  return created;
}
