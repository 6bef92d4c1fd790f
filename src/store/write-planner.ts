/**
 * The write semantics of the store, shared by every backend so they cannot drift: given the
 * operations and the current objects, decide what each write stores and which event it emits.
 * Backends only read the current rows (locked) and persist the plan with fresh revisions.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../clock/index.js';
import { AlreadyExistsError, ConflictError, InvalidError, isLcmError } from '../errors/index.js';
import {
  assertValidName,
  type AnyResource,
  type KindRegistry,
  type ObjectMeta,
} from '../resources/index.js';
import type { ChangeType, StoreOp } from './resource-store.js';
import {
  assertStorableText,
  assertWithinSize,
  describeRef,
  detailsOf,
  notFoundError,
  parseResourceVersion,
  refKey,
  resolveNamespace,
  validateShape,
  type ObjectRef,
} from './object-validation.js';

/** An object as stored: its content (without resourceVersion) and the revision of its last write. */
export interface StoredObject {
  object: AnyResource;
  revision: number;
}

/** What one operation does. `UNCHANGED` writes nothing and emits no event. */
export interface PlannedWrite {
  ref: ObjectRef;
  type: ChangeType | 'UNCHANGED';
  /** The object to store (or, for DELETED, its final state); without resourceVersion. */
  object: AnyResource;
  /** The revision of the stored object the plan was made from; absent for creates. */
  storedRevision?: number;
}

export interface WritePlannerOptions {
  registry: KindRegistry;
  clock: Clock;
  /** @default 1 MiB */
  maxObjectBytes: number;
}

export class WritePlanner {
  readonly #options: WritePlannerOptions;

  constructor(options: WritePlannerOptions) {
    this.#options = options;
  }

  /** Validates the operations' targets and returns one ref per operation; rejects duplicates. */
  resolveRefs(ops: readonly StoreOp[]): ObjectRef[] {
    const seen = new Set<string>();
    return ops.map((op, index) =>
      withOpIndex(index, ops.length, () => {
        const ref = this.refOf(op);
        const key = refKey(ref);
        if (seen.has(key))
          throw new InvalidError(
            `${describeRef(ref)} appears in more than one operation of the transaction`,
            { details: { field: `ops[${index}]` } },
          );
        seen.add(key);
        return ref;
      }),
    );
  }

  /** Plans every operation against `current` (keyed by `refKey`). Throws the first failure. */
  plan(
    ops: readonly StoreOp[],
    refs: readonly ObjectRef[],
    current: ReadonlyMap<string, StoredObject>,
  ): PlannedWrite[] {
    return ops.map((op, index) =>
      withOpIndex(index, ops.length, () => {
        const ref = refs[index] as ObjectRef;
        const stored = current.get(refKey(ref));
        const write = this.#planOne(asJson(op), ref, stored);
        if (write.type !== 'DELETED' && write.type !== 'UNCHANGED') {
          assertWithinSize(write.object, this.#options.maxObjectBytes);
          assertStorableText(write.object);
        }
        return stored ? { ...write, storedRevision: stored.revision } : write;
      }),
    );
  }

  /** Validates a kind, name and namespace and returns the normalised ref. */
  refFor(kind: string, name: string, namespace: string | undefined): ObjectRef {
    const definition = this.#options.registry.get(kind);
    assertValidName(name);
    return { kind, name, namespace: resolveNamespace(definition, namespace) };
  }

  refOf(op: StoreOp): ObjectRef {
    if (op.op === 'delete') return this.refFor(op.kind, op.name, op.namespace);
    const object = op.object as AnyResource | null;
    if (typeof object !== 'object' || object === null)
      throw new InvalidError('the object must be a JSON object', { details: { field: 'object' } });
    const definition = this.#options.registry.get(object.kind);
    validateShape(object, definition);
    const namespace = resolveNamespace(definition, object.metadata.namespace);
    return { kind: object.kind, namespace, name: object.metadata.name };
  }

  #planOne(op: StoreOp, ref: ObjectRef, stored: StoredObject | undefined): PlannedWrite {
    if (op.op === 'create') return this.#planCreate(op.object, ref, stored);
    if (!stored) throw notFoundError(ref);
    if (op.op === 'delete') {
      if (op.preconditions?.resourceVersion !== undefined)
        checkRevision(
          ref,
          stored,
          parseResourceVersion(op.preconditions.resourceVersion, 'preconditions.resourceVersion'),
        );
      if (
        op.preconditions?.uid !== undefined &&
        op.preconditions.uid !== stored.object.metadata.uid
      )
        throw new ConflictError(`${describeRef(ref)} has a different uid than the precondition`, {
          details: detailsOf(ref),
        });
      return this.#planDelete(ref, stored);
    }
    checkRevision(
      ref,
      stored,
      parseResourceVersion(op.object.metadata.resourceVersion, 'metadata.resourceVersion'),
    );
    const uid = op.object.metadata.uid;
    if (uid !== undefined && uid !== stored.object.metadata.uid)
      throw new ConflictError(
        `${describeRef(ref)} was replaced by another object with the same name`,
        {
          details: detailsOf(ref),
        },
      );
    return op.op === 'update'
      ? this.#planUpdate(op.object, ref, stored)
      : changed(ref, stored, { ...stored.object, status: op.object.status ?? {} });
  }

  #planCreate(object: AnyResource, ref: ObjectRef, stored: StoredObject | undefined): PlannedWrite {
    if (stored)
      throw new AlreadyExistsError(`${describeRef(ref)} already exists`, {
        details: detailsOf(ref),
      });
    if (object.metadata.resourceVersion !== undefined)
      throw new InvalidError('metadata.resourceVersion must not be set when creating an object', {
        details: { field: 'metadata.resourceVersion' },
      });
    const metadata: ObjectMeta = {
      ...mutableMetadata(object.metadata),
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      uid: randomUUID(),
      generation: 1,
      creationTimestamp: this.#options.clock.now().toISOString(),
    };
    return {
      ref,
      type: 'ADDED',
      object: {
        apiVersion: object.apiVersion,
        kind: ref.kind,
        metadata,
        spec: (object as Partial<AnyResource>).spec ?? {},
        status: object.status ?? {},
      },
    };
  }

  #planUpdate(object: AnyResource, ref: ObjectRef, stored: StoredObject): PlannedWrite {
    const previous = stored.object;
    // Callers outside TypeScript may omit spec; treat that as empty.
    const spec = (object as Partial<AnyResource>).spec ?? {};
    const incoming = mutableMetadata(object.metadata);
    if (previous.metadata.deletionTimestamp) {
      const added = (incoming.finalizers ?? []).filter(
        (f) => !(previous.metadata.finalizers ?? []).includes(f),
      );
      if (added.length > 0)
        throw new InvalidError(
          `metadata.finalizers: cannot add ${added.join(', ')} to ${describeRef(ref)} while it is being deleted`,
          { details: { field: 'metadata.finalizers' } },
        );
    }
    const specChanged = !isDeepStrictEqual(spec, previous.spec);
    const metadata: ObjectMeta = {
      ...immutableMetadata(previous.metadata),
      ...incoming,
      generation: (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0),
    };
    const next: AnyResource = { ...previous, metadata, spec };
    if (previous.metadata.deletionTimestamp && (metadata.finalizers ?? []).length === 0)
      return { ref, type: 'DELETED', object: next };
    return changed(ref, stored, next);
  }

  #planDelete(ref: ObjectRef, stored: StoredObject): PlannedWrite {
    const previous = stored.object;
    if ((previous.metadata.finalizers ?? []).length === 0)
      return { ref, type: 'DELETED', object: previous };
    if (previous.metadata.deletionTimestamp) return { ref, type: 'UNCHANGED', object: previous };
    const metadata: ObjectMeta = {
      ...previous.metadata,
      deletionTimestamp: this.#options.clock.now().toISOString(),
      generation: (previous.metadata.generation ?? 1) + 1,
    };
    return { ref, type: 'MODIFIED', object: { ...previous, metadata } };
  }
}

/**
 * The operation as JSON would carry it: fields set to `undefined` vanish, as they do when the
 * PostgreSQL backend stores the object. Comparing before this step would see `{ a: undefined }`
 * and `{}` as different, write a new revision every time, and make controllers loop.
 */
function asJson(op: StoreOp): StoreOp {
  return op.op === 'delete'
    ? op
    : { ...op, object: JSON.parse(JSON.stringify(op.object)) as AnyResource };
}

/** A MODIFIED write, or UNCHANGED when nothing differs (no event, so controllers cannot loop). */
function changed(ref: ObjectRef, stored: StoredObject, next: AnyResource): PlannedWrite {
  if (isDeepStrictEqual(next, stored.object))
    return { ref, type: 'UNCHANGED', object: stored.object };
  return { ref, type: 'MODIFIED', object: next };
}

function checkRevision(ref: ObjectRef, stored: StoredObject, expected: number): void {
  if (expected !== stored.revision)
    throw new ConflictError(
      `${describeRef(ref)} has changed: resourceVersion ${expected} is stale (current ${stored.revision}); read it again and retry`,
      { details: { ...detailsOf(ref), field: 'metadata.resourceVersion' } },
    );
}

/** The metadata a writer may set. */
function mutableMetadata(meta: ObjectMeta): Partial<ObjectMeta> {
  const result: Partial<ObjectMeta> = {};
  if (meta.labels && Object.keys(meta.labels).length > 0) result.labels = { ...meta.labels };
  if (meta.annotations && Object.keys(meta.annotations).length > 0)
    result.annotations = { ...meta.annotations };
  if (meta.finalizers && meta.finalizers.length > 0)
    result.finalizers = [...new Set(meta.finalizers)];
  if (meta.ownerReferences && meta.ownerReferences.length > 0)
    result.ownerReferences = meta.ownerReferences;
  return result;
}

/** The metadata only the store sets. */
function immutableMetadata(meta: ObjectMeta): ObjectMeta {
  const { name, namespace, uid, creationTimestamp, deletionTimestamp } = meta;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    ...(uid ? { uid } : {}),
    ...(creationTimestamp ? { creationTimestamp } : {}),
    ...(deletionTimestamp ? { deletionTimestamp } : {}),
  };
}

/** Adds `details.op` to errors of multi-operation transactions so callers know which op failed. */
function withOpIndex<T>(index: number, count: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (count > 1 && isLcmError(error)) error.details = { ...error.details, op: index };
    throw error;
  }
}
