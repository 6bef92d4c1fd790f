/**
 * The sessions controller: drives each LabletSession through its lifecycle (session-lifecycle.ts)
 * on the CML of its worker, the LDS and the grading engine. It reads sessions, workers, labs and
 * definitions from shared informers and remembers its own writes until the informers deliver
 * them, so consecutive steps never act on a stale object. docs/sessions.md describes it.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient, StoreOp } from '../../client/resource-client.js';
import type { Logger, Registry } from '../../observability/index.js';
import { formatObjectKey, type AnyResource } from '../../resources/index.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';
import {
  Controller,
  Informer,
  type ObjectKeyRef,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../../runtime/index.js';
import { OwnWrites } from './own-writes.js';
import { reconcileSession } from './session-lifecycle.js';
import type {
  SessionCaches,
  SessionProviders,
  SessionStepContext,
} from './session-step-context.js';
import type { SessionTimings } from './session-timings.js';

export interface SessionsControllerOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  providers: SessionProviders;
  timings: SessionTimings;
  /** Sessions reconciled at once (each mostly waits on CML, LDS or the engine). @default 16 */
  maxConcurrentReconciles?: number;
}

const BY_WORKER = 'worker';

class SessionsReconciler implements Reconciler {
  readonly #options: SessionsControllerOptions;
  readonly #sessions: Informer<LabletSession>;
  readonly #caches: SessionCaches;
  readonly #writes: OwnWrites;

  constructor(
    options: SessionsControllerOptions,
    sessions: Informer<LabletSession>,
    caches: SessionCaches,
    writes: OwnWrites,
  ) {
    this.#options = options;
    this.#sessions = sessions;
    this.#caches = caches;
    this.#writes = writes;
  }

  async reconcile(ctx: ReconcileContext, key: ObjectKeyRef): Promise<ReconcileResult> {
    const session = this.#writes.newest(this.#sessions.get(key));
    if (!session) return {};
    const { client, clock, providers, timings } = this.#options;
    const namespace = session.metadata.namespace ?? 'default';
    const writes = this.#writes;
    const write = async (ops: readonly StoreOp[]): Promise<AnyResource[]> => {
      const written = await client.transact(ops);
      writes.record(written);
      return written;
    };
    const step: SessionStepContext = {
      session,
      key: formatObjectKey({ namespace, name: session.metadata.name }),
      definition: this.#caches.definition(namespace, session.spec.definition.name ?? ''),
      caches: this.#caches,
      providers,
      client,
      clock,
      logger: ctx.logger,
      signal: ctx.signal,
      timings,
      write,
      async save(status, also = []) {
        const written = await write([
          { op: 'updateStatus', object: { ...step.session, status } as unknown as AnyResource },
          ...also,
        ]);
        step.session = written[0] as unknown as LabletSession;
        return written;
      },
    };
    return reconcileSession(step);
  }
}

export function createSessionsController(options: SessionsControllerOptions): Controller {
  const { client, clock, logger } = options;
  const informer = <T extends AnyResource>(kind: string) =>
    new Informer<T>({ client, clock, logger, kind });
  const sessions = informer<LabletSession & AnyResource>(
    'LabletSession',
  ) as unknown as Informer<LabletSession>;
  const workers = informer<Worker & AnyResource>('Worker') as unknown as Informer<Worker>;
  const labs = informer<LabRecord & AnyResource>('LabRecord') as unknown as Informer<LabRecord>;
  const definitions = informer<LabletDefinition & AnyResource>(
    'LabletDefinition',
  ) as unknown as Informer<LabletDefinition>;
  labs.addIndex(BY_WORKER, (lab) => [lab.spec.worker]);
  sessions.addIndex(BY_WORKER, (session) =>
    session.status?.worker ? [session.status.worker] : [],
  );
  const writes = new OwnWrites();
  const caches: SessionCaches = {
    worker: (name) => writes.newest(workers.get({ name })),
    definition: (namespace, name) => definitions.get({ namespace, name }),
    lab: (name) => writes.newestOrOwn<LabRecord>('LabRecord', name, labs.get({ name })),
    labsOn: (worker) => labs.byIndex(BY_WORKER, worker).map((lab) => writes.newest(lab) ?? lab),
  };
  const reconciler = new SessionsReconciler(options, sessions, caches, writes);
  return new Controller({
    ...options,
    name: 'sessions',
    for: 'LabletSession',
    reconciler,
    informers: [sessions, workers, labs, definitions] as unknown as Informer[],
    stopInformers: true,
    maxConcurrentReconciles: options.maxConcurrentReconciles ?? 16,
    // Every informer is a source, so the controller starts them and waits for their sync.
    watches: [
      // A worker's address or endpoint arriving lets waiting steps go on.
      {
        kind: 'Worker',
        mapToKeys: (worker) =>
          sessions.byIndex(BY_WORKER, worker.metadata.name).map((s) => s.metadata),
      },
      { kind: 'LabRecord', mapToKeys: () => [] },
      { kind: 'LabletDefinition', mapToKeys: () => [] },
    ],
  });
}
