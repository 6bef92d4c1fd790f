/** The in-process ResourceClient: admission, then the store. */
import type { Admission, AdmissionReader } from '../admission/admission.js';
import { ConflictError, InvalidError, hasReason } from '../errors/index.js';
import type { AnyResource } from '../resources/index.js';
import type { ResourceStore } from '../store/index.js';
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
}

export class LocalResourceClient implements ResourceClient {
  readonly #store: ResourceStore;
  readonly #admission: Admission;
  readonly #reader: AdmissionReader;
  readonly #patchAttempts: number;

  constructor(options: LocalResourceClientOptions) {
    this.#store = options.store;
    this.#admission = options.admission;
    this.#reader = {
      get: (...args) => this.#store.get(...args),
      list: (...args) => this.#store.list(...args),
    };
    this.#patchAttempts = options.patchAttempts ?? 5;
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
    return this.#store.transact(admitted);
  }

  watch(kind: string, options?: WatchOptions): Promise<Watch> {
    return this.#store.watch(kind, options);
  }

  async #admit(op: StoreOp): Promise<StoreOp> {
    if (op.op === 'delete') {
      const current = await this.#store.get(op.kind, op.name, op.namespace);
      await this.#admission.admit(
        { operation: 'delete', object: current, oldObject: current },
        this.#reader,
      );
      // Delete exactly what admission saw; a change in between is a Conflict.
      const { uid, resourceVersion } = current.metadata;
      return {
        ...op,
        preconditions: {
          ...(uid ? { uid } : {}),
          ...(resourceVersion ? { resourceVersion } : {}),
          ...op.preconditions,
        },
      };
    }
    const oldObject = op.op === 'create' ? undefined : await this.#readOld(op.object);
    const object = await this.#admission.admit(
      { operation: op.op, object: op.object, ...(oldObject ? { oldObject } : {}) },
      this.#reader,
    );
    return { op: op.op, object };
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
