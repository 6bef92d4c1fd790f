/**
 * The RBAC decorator: a ResourceClient that asks `authorize()` before every call and filters what
 * lists and watches return. The API wraps each request's client in one, so the route × role matrix
 * is decided here and nowhere else.
 */
import { authorize, type Principal, type Verb } from '../auth/index.js';
import { ForbiddenError, NotFoundError } from '../errors/index.js';
import type { AnyResource } from '../resources/index.js';
import type {
  DeletePreconditions,
  ListOptions,
  ListResult,
  MergePatch,
  PatchOptions,
  ResourceClient,
  StoreOp,
  Watch,
  WatchEvent,
  WatchOptions,
} from './resource-client.js';

export interface AuthorizedResourceClientOptions {
  inner: ResourceClient;
  principal: Principal;
}

export class AuthorizedResourceClient implements ResourceClient {
  readonly #inner: ResourceClient;
  readonly #principal: Principal;

  constructor(options: AuthorizedResourceClientOptions) {
    this.#inner = options.inner;
    this.#principal = options.principal;
  }

  /** Throws `Forbidden`, or `NotFound` for an object the caller may not know of. */
  check(verb: Verb, kind: string, object?: AnyResource): void {
    const decision = authorize(this.#principal, verb, kind, object);
    if (decision.allowed) return;
    if (decision.hide)
      throw new NotFoundError(decision.message, {
        details: { kind, name: object?.metadata.name },
      });
    throw new ForbiddenError(decision.message, { details: { kind, verb } });
  }

  /** Reads an object the caller may `verb`; hidden objects read as `NotFound`. */
  async getFor(verb: Verb, kind: string, name: string, namespace?: string): Promise<AnyResource> {
    this.check(verb, kind);
    const object = await this.#inner.get(kind, name, namespace);
    this.check(verb, kind, object);
    return object;
  }

  get(kind: string, name: string, namespace?: string): Promise<AnyResource> {
    return this.getFor('get', kind, name, namespace);
  }

  async list(kind: string, options?: ListOptions): Promise<ListResult> {
    const filter = this.#filterFor('list', kind);
    const result = await this.#inner.list(kind, options);
    return filter ? { ...result, items: result.items.filter(filter) } : result;
  }

  create(object: AnyResource): Promise<AnyResource> {
    this.check('create', object.kind, object);
    return this.#inner.create(object);
  }

  async update(object: AnyResource): Promise<AnyResource> {
    await this.#checkWrite('update', object);
    return this.#inner.update(object);
  }

  async updateStatus(object: AnyResource): Promise<AnyResource> {
    await this.#checkWrite('updateStatus', object);
    return this.#inner.updateStatus(object);
  }

  patch(
    kind: string,
    name: string,
    patch: MergePatch,
    options: PatchOptions = {},
  ): Promise<AnyResource> {
    const verb = options.subresource === 'status' ? 'updateStatus' : 'update';
    return this.patchFor(verb, kind, name, patch, options);
  }

  /**
   * Merge-patches an object the caller may `verb`: an action patches with its own verb, since a
   * caller may be allowed an action (a user stopping their session) without `update`.
   */
  async patchFor(
    verb: Verb,
    kind: string,
    name: string,
    patch: MergePatch,
    options: PatchOptions = {},
  ): Promise<AnyResource> {
    await this.getFor(verb, kind, name, options.namespace);
    return this.#inner.patch(kind, name, patch, options);
  }

  async delete(
    kind: string,
    name: string,
    options: { namespace?: string; preconditions?: DeletePreconditions } = {},
  ): Promise<AnyResource> {
    await this.getFor('delete', kind, name, options.namespace);
    return this.#inner.delete(kind, name, options);
  }

  async transact(ops: readonly StoreOp[]): Promise<AnyResource[]> {
    for (const op of ops) {
      if (op.op === 'delete') await this.getFor('delete', op.kind, op.name, op.namespace);
      else if (op.op === 'create') this.check('create', op.object.kind, op.object);
      else await this.#checkWrite(op.op, op.object);
    }
    return this.#inner.transact(ops);
  }

  async watch(kind: string | readonly string[], options?: WatchOptions): Promise<Watch> {
    const kinds = typeof kind === 'string' ? [kind] : kind;
    const filters = new Map(kinds.map((each) => [each, this.#filterFor('watch', each)]));
    const inner = await this.#inner.watch(kind, options);
    return filterWatch(inner, (object) => filters.get(object.kind)?.(object) ?? true);
  }

  #filterFor(verb: Verb, kind: string): ((object: AnyResource) => boolean) | undefined {
    const decision = authorize(this.#principal, verb, kind);
    if (!decision.allowed) throw new ForbiddenError(decision.message, { details: { kind, verb } });
    return decision.filter;
  }

  /** Updates must be allowed on the stored object and on what it becomes (no taking over). */
  async #checkWrite(verb: Verb, object: AnyResource): Promise<void> {
    await this.getFor(verb, object.kind, object.metadata.name, object.metadata.namespace);
    this.check(verb, object.kind, object);
  }
}

/** A watch that passes bookmarks and the events `accepts` lets through. */
function filterWatch(inner: Watch, accepts: (object: AnyResource) => boolean): Watch {
  const next = async (): Promise<IteratorResult<WatchEvent>> => {
    for (;;) {
      const result = await inner.next();
      if (result.done === true || result.value.type === 'BOOKMARK' || accepts(result.value.object))
        return result;
    }
  };
  const watch: Watch = {
    next,
    return: async () => {
      inner.close();
      return { done: true, value: undefined };
    },
    close: () => inner.close(),
    [Symbol.asyncIterator]: () => watch,
  };
  return watch;
}
