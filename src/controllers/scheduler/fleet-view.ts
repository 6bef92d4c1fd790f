/**
 * What the scheduler reads, from its informer caches only: workers, templates, the pinned
 * definition (with its resource estimate), reusable labs, which worker already holds a session,
 * and the pending queue — overlaid with its own writes the caches have not delivered yet. Indexes
 * are added on first use, once the controller has built its caches.
 */
import { formatObjectKey, type AnyResource } from '../../resources/index.js';
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import type { LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import { parseTopology } from '../../resources/topology/parse-topology.js';
import type { Informer, ObjectKeyRef } from '../../runtime/index.js';
import { AssumedWrites } from './assumed-writes.js';
import { PendingQueue } from './pending-queue.js';
import type { ReusableLab } from './placement-types.js';

/** The kinds the scheduler caches; the controller builds an informer for each. */
type SchedulerKind =
  'LabletSession' | 'Worker' | 'WorkerTemplate' | 'LabletDefinition' | 'LabRecord';

const HOLDER_INDEX = 'scheduler:holder';

/** `LabletSession/<namespace>/<name>`: how an allocation's holder is indexed and looked up. */
export function holderKey(holder: { kind: string; namespace?: string; name: string }): string {
  return `${holder.kind}/${formatObjectKey(holder)}`;
}

/** A pinned definition ready for placement: `spec.resources` set (or estimated) and ports derived. */
export interface ReadyDefinition {
  definition: LabletDefinition;
  requirement: Quantity;
}

/** The pinned definition ready for placement, or why it is not. */
export type DefinitionLookup =
  ReadyDefinition | { reason: 'DefinitionNotFound' | 'DefinitionNotReady'; message: string };

export class FleetView {
  readonly #informer: (kind: string) => Informer | undefined;
  #pending: { source: Informer; queue: PendingQueue } | undefined;
  readonly #indexed = new WeakSet<Informer>();
  readonly #writes = new AssumedWrites();
  #labs: { source: Informer; revision: number; labs: ReusableLab[] } | undefined;
  #workerList:
    { source: Informer; revision: number; list: Worker[]; index: Map<string, number> } | undefined;
  /** Definitions with `spec.resources` filled in, by uid, for the resourceVersion they were read at. */
  readonly #definitions = new Map<string, { version: string; ready: ReadyDefinition }>();

  constructor(options: { informer: (kind: string) => Informer | undefined }) {
    this.#informer = options.informer;
  }

  /** The pending queue, following the session cache (rebuilt when the controller restarts). */
  get pending(): PendingQueue {
    const source = this.#cache('LabletSession');
    if (this.#pending?.source !== source)
      this.#pending = { source, queue: PendingQueue.follow(source) };
    return this.#pending.queue;
  }

  /** Remembers what a write of this scheduler returned, until the caches deliver it. */
  assume(objects: readonly AnyResource[]): void {
    this.#writes.record(objects);
    for (const object of objects)
      if (object.kind === 'LabletSession')
        this.pending.observeOwnWrite(object as unknown as LabletSession);
  }

  session(key: ObjectKeyRef): LabletSession | undefined {
    return this.#newest(this.#cache('LabletSession').get(key)) as LabletSession | undefined;
  }

  /** Every worker; rebuilt only when the cache moved on, then patched with this scheduler's writes. */
  workers(): Worker[] {
    const cache = this.#cache('Worker');
    const revision = cache.latestRevision();
    if (this.#workerList?.source !== cache || this.#workerList.revision !== revision) {
      const list = cache.list() as unknown as Worker[];
      const index = new Map(list.map((worker, at) => [worker.metadata.name, at]));
      this.#workerList = { source: cache, revision, list, index };
    }
    const { list, index } = this.#workerList;
    const written = this.#writes.keys('Worker');
    if (written.length === 0) return list;
    const patched = list.slice();
    for (const name of written) {
      const at = index.get(name);
      if (at !== undefined) patched[at] = this.#newest(patched[at]) as Worker;
    }
    return patched;
  }

  workersSynced(): boolean {
    return this.#informer('Worker')?.hasSynced() ?? false;
  }

  templates(): WorkerTemplate[] {
    return this.#cache('WorkerTemplate').list() as unknown as WorkerTemplate[];
  }

  worker(name: string): Worker | undefined {
    return this.#newest(this.#cache('Worker').get({ name })) as Worker | undefined;
  }

  template(name: string): WorkerTemplate | undefined {
    return this.#cache('WorkerTemplate').get({ name }) as WorkerTemplate | undefined;
  }

  /** The worker whose allocations hold `session`, if any (a bind is never made twice). */
  workerHolding(session: ObjectKeyRef): Worker | undefined {
    const workers = this.#cache('Worker');
    if (!this.#indexed.has(workers)) {
      workers.addIndex(HOLDER_INDEX, (object) =>
        ((object as unknown as Worker).status?.allocations ?? []).map((a) => holderKey(a.holder)),
      );
      this.#indexed.add(workers);
    }
    const key = holderKey({ kind: 'LabletSession', ...session });
    return workers.byIndex(HOLDER_INDEX, key)[0] as unknown as Worker | undefined;
  }

  /** Wiped labs no session has claimed, with the topology they hold; recomputed on change only. */
  reusableLabs(): ReusableLab[] {
    const records = this.#cache('LabRecord');
    const revision = records.latestRevision();
    if (this.#labs?.source === records && this.#labs.revision === revision) return this.#labs.labs;
    const labs: ReusableLab[] = [];
    for (const object of records.list()) {
      const { spec, status, metadata } = object as unknown as LabRecord;
      if (status?.phase === 'Wiped' && !status.session && status.topologyHash)
        labs.push({
          worker: spec.worker,
          labRecord: metadata.name,
          topologyHash: status.topologyHash,
        });
    }
    this.#labs = { source: records, revision, labs };
    return labs;
  }

  /** The session's pinned definition with its resources (estimated from the topology if unset). */
  definitionFor(session: LabletSession): DefinitionLookup {
    const name = session.spec.definition.name ?? '';
    const namespace = session.metadata.namespace ?? 'default';
    const object = this.#cache('LabletDefinition').get({ namespace, name });
    if (!object)
      return {
        reason: 'DefinitionNotFound',
        message: `LabletDefinition ${namespace}/${name} is not found`,
      };
    const definition = object as unknown as LabletDefinition;
    const uid = definition.metadata.uid ?? `${namespace}/${name}`;
    const version = definition.metadata.resourceVersion ?? '';
    const cached = this.#definitions.get(uid);
    if (cached?.version === version) return cached.ready;
    const resources = definition.spec.resources ?? estimate(definition);
    if (!resources || !definition.status?.portTemplate)
      return {
        reason: 'DefinitionNotReady',
        message: `LabletDefinition ${namespace}/${name} has no resources or port template yet`,
      };
    const ready = {
      definition: { ...definition, spec: { ...definition.spec, resources } },
      requirement: resources,
    };
    this.#definitions.set(uid, { version, ready });
    return ready;
  }

  #newest<T extends AnyResource>(object: T | undefined): T | undefined {
    return this.#writes.newest(object);
  }

  #cache(kind: SchedulerKind): Informer {
    const informer = this.#informer(kind);
    if (!informer) throw new Error(`the scheduler has no ${kind} informer; is it running?`);
    return informer;
  }
}

function estimate(definition: LabletDefinition): LabletDefinition['spec']['resources'] {
  if (!definition.spec.topology) return undefined;
  try {
    return parseTopology(definition.spec.topology).resources;
  } catch {
    // Admission parsed it; a topology that no longer parses is flagged by the definitions controller.
    return undefined;
  }
}
