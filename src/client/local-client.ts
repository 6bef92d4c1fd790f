/** The in-process ResourceClient: admission, then the store. */
import type { Admission, AdmissionReader } from '../admission/admission.js';
import { SystemClock, type Clock } from '../clock/index.js';
import { ConflictError, InvalidError, hasReason } from '../errors/index.js';
import type { AnyResource } from '../resources/index.js';
import type { ResourceStore } from '../store/index.js';
import { buildAuditRecord, type AuditContext } from './audit-trail.js';
import { applyMergePatch } from './merge-patch.js';
import type {
  DeletePreconditions,
  ListOptions,
  ListResult,
  MergePatch,
  PatchOptions,
  ResourceClient,
  StoreOp,
  Watch,
  WatchOptions,
} from './resource-client.js';

export interface LocalResourceClientOptions {
  store: ResourceStore;
  admission: Admission;
  /** How often a patch without resourceVersion is re-applied after a Conflict. @default 5 */
  patchAttempts?: number;
  /** Timestamps of audit records. @default SystemClock */
  clock?: Clock;
  /** When set, every write carries an AuditRecord in its transaction. @default none */
  audit?: AuditContext;
}

/** One admitted write and the stored object it replaces (for the audit trail). */
interface AdmittedOp {
  op: StoreOp;
  before: AnyResource | undefined;
}

export class LocalResourceClient implements ResourceClient {
  readonly #store: ResourceStore;
  readonly #admission: Admission;
  readonly #reader: AdmissionReader;
  readonly #patchAttempts: number;
  readonly #options: LocalResourceClientOptions;
  readonly #clock: Clock;

  constructor(options: LocalResourceClientOptions) {
    this.#options = options;
    this.#clock = options.clock ?? new SystemClock();
    this.#store = options.store;
    this.#admission = options.admission;
    this.#reader = {
      get: (...args) => this.#store.get(...args),
      list: (...args) => this.#store.list(...args),
    };
    this.#patchAttempts = options.patchAttempts ?? 5;
  }

  /** The same client, recording every write it makes as `context.actor` in the audit trail. */
  withAudit(context: AuditContext): LocalResourceClient {
    return new LocalResourceClient({ ...this.#options, audit: context });
  }

  get(kind: string, name: string, namespace?: string): Promise<AnyResource> {
    return this.#store.get(kind, name, namespace);
  }

  list(kind: string, options?: ListOptions): Promise<ListResult> {
    return this.#store.list(kind, options);
  }

  async create(object: AnyResource): Promise<AnyResource> {
    const [created] = await this.transact([{ op: 'create', object }]);
    return created as AnyResource;
  }

  async update(object: AnyResource): Promise<AnyResource> {
    const [updated] = await this.transact([{ op: 'update', object }]);
    return updated as AnyResource;
  }

  async updateStatus(object: AnyResource): Promise<AnyResource> {
    const [updated] = await this.transact([{ op: 'updateStatus', object }]);
    return updated as AnyResource;
  }

  async patch(
    kind: string,
    name: string,
    patch: MergePatch,
    options: PatchOptions = {},
  ): Promise<AnyResource> {
    const pinned = (patch.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
    if (pinned !== undefined && typeof pinned !== 'string')
      throw new InvalidError(
        'metadata.resourceVersion in a patch must be a string, as read from the object',
        {
          details: { field: 'metadata.resourceVersion' },
        },
      );
    for (let attempt = 1; ; attempt++) {
      const current = await this.#store.get(kind, name, options.namespace);
      const target =
        options.subresource === 'status'
          ? { ...current, status: applyMergePatch(current.status, patch.status ?? {}) }
          : applyMergePatch(current, patch);
      const next = {
        ...(target as AnyResource),
        metadata: {
          ...(target as AnyResource).metadata,
          resourceVersion: pinned ?? current.metadata.resourceVersion,
        },
      };
      try {
        return options.subresource === 'status'
          ? await this.updateStatus(next)
          : await this.update(next);
      } catch (error) {
        if (!hasReason(error, 'Conflict') || pinned !== undefined || attempt >= this.#patchAttempts)
          throw error;
      }
    }
  }

  async delete(
    kind: string,
    name: string,
    options: { namespace?: string; preconditions?: DeletePreconditions } = {},
  ): Promise<AnyResource> {
    const [deleted] = await this.transact([{ op: 'delete', kind, name, ...options }]);
    return deleted as AnyResource;
  }

  async transact(ops: readonly StoreOp[]): Promise<AnyResource[]> {
    const admitted = await Promise.all(ops.map((op) => this.#admit(op)));
    const audit = this.#options.audit;
    if (!audit) return this.#store.transact(admitted.map(({ op }) => op));
    const records = admitted.map(({ op, before }) =>
      buildAuditRecord({
        context: audit,
        op,
        before,
        after: op.op === 'delete' ? undefined : op.object,
        clock: this.#clock,
      }),
    );
    const written = await this.#store.transact([
      ...admitted.map(({ op }) => op),
      ...records.map((object): StoreOp => ({ op: 'create', object })),
    ]);
    return written.slice(0, ops.length);
  }

  watch(kind: string | readonly string[], options?: WatchOptions): Promise<Watch> {
    return this.#store.watch(kind, options);
  }

  async #admit(op: StoreOp): Promise<AdmittedOp> {
    if (op.op === 'delete') {
      const current = await this.#store.get(op.kind, op.name, op.namespace);
      await this.#admission.admit(
        { operation: 'delete', object: current, oldObject: current },
        this.#reader,
      );
      // Delete exactly what admission saw; a change in between is a Conflict.
      const { uid, resourceVersion } = current.metadata;
      const preconditions = {
        ...(uid ? { uid } : {}),
        ...(resourceVersion ? { resourceVersion } : {}),
        ...op.preconditions,
      };
      return { op: { ...op, preconditions }, before: current };
    }
    const oldObject = op.op === 'create' ? undefined : await this.#readOld(op.object);
    const admitted = await this.#admission.admit(
      { operation: op.op, object: op.object, ...(oldObject ? { oldObject } : {}) },
      this.#reader,
    );
    // An audited write records a diff against `oldObject`, so it must apply to exactly that.
    const object =
      this.#options.audit && oldObject && admitted.metadata.resourceVersion === undefined
        ? {
            ...admitted,
            metadata: { ...admitted.metadata, resourceVersion: oldObject.metadata.resourceVersion },
          }
        : admitted;
    return { op: { op: op.op, object }, before: oldObject };
  }

  /** The stored object an update is based on; a stale precondition fails here already. */
  async #readOld(object: AnyResource): Promise<AnyResource> {
    const current = await this.#store.get(
      object.kind,
      object.metadata.name,
      object.metadata.namespace,
    );
    const expected = object.metadata.resourceVersion;
    if (expected !== undefined && expected !== current.metadata.resourceVersion)
      throw new ConflictError(
        `${object.kind} ${object.metadata.name} has changed: resourceVersion ${expected} is stale (current ${current.metadata.resourceVersion}); read it again and retry`,
        {
          details: {
            kind: object.kind,
            name: object.metadata.name,
            field: 'metadata.resourceVersion',
          },
        },
      );
    return current;
  }
}
