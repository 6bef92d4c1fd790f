/**
 * A class on the simulators, shared by the end-to-end and crash tests: a fleet (template and a
 * graded definition), a confirmed reservation, students who open their labs and a chosen number
 * who finish early, and the checks of the final state. Everything goes through a ResourceClient,
 * so the same code drives an in-process world or a separate `lcm serve` over HTTP.
 */
import type { ResourceClient } from '../../src/client/resource-client.js';
import { HttpCmlClient } from '../../src/providers/cml/http-cml-client.js';
import type { AnyResource } from '../../src/resources/index.js';
import type { LabRecord } from '../../src/resources/kinds/lab-record.js';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import { testFetch } from './api-world.js';
import { aDefinition, aTemplate } from './builders.js';
import { SESSION_NEED, TWO_PORT_TOPOLOGY } from './scheduler-fixtures.js';

export const CLASS_DEFINITION = 'ccna-lab';
export const SEATS_PER_WORKER = 12;

/** A sim template of SEATS_PER_WORKER seats that boots in minutes, and a graded definition. */
export async function seedClassFleet(client: ResourceClient): Promise<void> {
  await client.create(
    aTemplate('class-small', {
      capacity: {
        cpu: SEATS_PER_WORKER * SESSION_NEED.cpu,
        memoryMiB: SEATS_PER_WORKER * SESSION_NEED.memoryMiB,
        storageGiB: SEATS_PER_WORKER * SESSION_NEED.storageGiB,
        nodes: SEATS_PER_WORKER * SESSION_NEED.nodes,
      },
      ports: { from: 3000, to: 3999 },
      startupSeconds: 300,
      image: { amiNamePattern: 'CML-2.9*' },
    }),
  );
  await client.create(
    aDefinition(CLASS_DEFINITION, {
      state: 'Active',
      topology: TWO_PORT_TOPOLOGY,
      resources: SESSION_NEED,
      lds: { formQualifiedName: 'CCNA Lab 1' },
      grading: { timeoutSeconds: 600 },
    }),
  );
}

export function aClass(name: string, seats: number, startMs: number, minutes: number): AnyResource {
  return {
    apiVersion: 'lcm/v1',
    kind: 'Reservation',
    metadata: { name, namespace: 'default' },
    spec: {
      definition: { name: CLASS_DEFINITION },
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + minutes * 60_000).toISOString(),
      seatCount: seats,
      state: 'Confirmed',
    },
  };
}

export async function sessionsOf(
  client: ResourceClient,
  reservation: string,
): Promise<LabletSession[]> {
  const { items } = await client.list('LabletSession', { namespace: 'default' });
  return (items as unknown as LabletSession[]).filter((s) => s.spec.reservation === reservation);
}

/**
 * Students of a class: each opens the lab once it is Ready; the first `finishers` (by session
 * name) finish once Running. `tick()` acts once and is safe to call again after a failure.
 */
export function classStudents(options: {
  client: ResourceClient;
  reservation: string;
  ldsUrl: string;
  finishers: number;
}): { tick(): Promise<void>; finished: ReadonlySet<string> } {
  const opened = new Set<string>();
  const finished = new Set<string>();
  return {
    finished,
    async tick() {
      const sessions = await sessionsOf(options.client, options.reservation);
      const finishing = new Set(
        sessions
          .map((s) => s.metadata.name)
          .sort()
          .slice(0, options.finishers),
      );
      for (const session of sessions) {
        const { name } = session.metadata;
        const access = session.status?.access;
        const phase = session.status?.phase;
        if (!opened.has(name) && (phase === 'Ready' || phase === 'Running') && access?.loginUrl) {
          const response = await testFetch(access.loginUrl);
          if (response.ok) opened.add(name);
        }
        if (
          finishing.has(name) &&
          !finished.has(name) &&
          phase === 'Running' &&
          access?.ldsSessionId
        ) {
          const response = await testFetch(
            `${options.ldsUrl}/_sim/sessions/${access.ldsSessionId}/finish`,
            { method: 'POST' },
          );
          if (response.ok) finished.add(name);
        }
      }
    },
  };
}

/** The lab ids on a worker's (simulated) CML, through the real client; none before it has one. */
export async function labsOnWorkerCml(worker: AnyResource): Promise<string[]> {
  const endpoint = (worker as unknown as Worker).status?.endpoint;
  if (!endpoint) return [];
  return new HttpCmlClient({ baseUrl: endpoint, username: 'admin', password: 'admin' }).listLabs();
}

/** Labs a session still holds, and CML labs no LabRecord (or more than one) accounts for. */
export async function labAccounting(
  client: ResourceClient,
  cmlLabsOf: (worker: AnyResource) => Promise<string[]> = labsOnWorkerCml,
): Promise<{ unaccounted: string[]; duplicated: string[]; stillBound: string[] }> {
  const labs = (await client.list('LabRecord')).items as unknown as LabRecord[];
  const live = labs.filter((lab) => lab.status?.phase !== 'Deleted' && lab.spec.cmlLabId);
  const byId = new Map<string, number>();
  for (const lab of live)
    byId.set(lab.spec.cmlLabId ?? '', (byId.get(lab.spec.cmlLabId ?? '') ?? 0) + 1);
  const unaccounted: string[] = [];
  for (const worker of (await client.list('Worker')).items)
    for (const id of await cmlLabsOf(worker))
      if (!byId.has(id)) unaccounted.push(`${worker.metadata.name}/${id}`);
  return {
    unaccounted,
    duplicated: [...byId].filter(([, count]) => count > 1).map(([id]) => id),
    stillBound: labs.filter((lab) => lab.status?.session).map((lab) => lab.metadata.name),
  };
}

/** Counts of values, e.g. outcomes by session: `{ Completed: 10, Expired: 20 }`. */
export function countBy<T>(
  items: readonly T[],
  key: (item: T) => string | undefined,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const value = key(item) ?? 'none';
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}
