/** Test support: a ResourceClient wrapper that can cut watches and fail writes, to prove recovery. */
import type {
  ListOptions,
  ListResult,
  MergePatch,
  PatchOptions,
  ResourceClient,
  StoreOp,
  Watch,
  WatchEvent,
  WatchOptions,
} from '../../src/client/resource-client.js';
import { UnavailableError } from '../../src/errors/index.js';
import type { AnyResource } from '../../src/resources/index.js';

/** Delegates to `inner` unless a fault is switched on. Counts list and watch calls. */
export class FaultyClient implements ResourceClient {
  #inner: ResourceClient;
  readonly #open = new Set<{ fail: (error: Error) => void }>();
  /** When true, every write rejects with `Unavailable`. */
  failWrites = false;
  /** When true, opening a watch rejects with `Unavailable` (as while a database restarts). */
  failWatches = false;
  /** While set, list calls wait for it before answering (a slow first list). */
  holdLists: Promise<void> | undefined;
  lists = 0;
  watches = 0;

  constructor(inner: ResourceClient) {
    this.#inner = inner;
  }

  /** Points the client at another one, e.g. a store reopened after a restart. */
  replaceInner(inner: ResourceClient): void {
    this.#inner = inner;
  }

  /** Watches currently open through this client. */
  get openWatches(): number {
    return this.#open.size;
  }

  /** Makes every open watch fail with `error` (default `Unavailable`) on its next read. */
  breakWatches(error: Error = new UnavailableError('connection lost')): void {
    for (const watch of [...this.#open]) watch.fail(error);
  }

  get(kind: string, name: string, namespace?: string): Promise<AnyResource> {
    return this.#inner.get(kind, name, namespace);
  }

  async list(kind: string, options?: ListOptions): Promise<ListResult> {
    this.lists++;
    await this.holdLists;
    return this.#inner.list(kind, options);
  }

  create(object: AnyResource): Promise<AnyResource> {
    return this.#write(() => this.#inner.create(object));
  }

  update(object: AnyResource): Promise<AnyResource> {
    return this.#write(() => this.#inner.update(object));
  }

  updateStatus(object: AnyResource): Promise<AnyResource> {
    return this.#write(() => this.#inner.updateStatus(object));
  }

  patch(
    kind: string,
    name: string,
    patch: MergePatch,
    options?: PatchOptions,
  ): Promise<AnyResource> {
    return this.#write(() => this.#inner.patch(kind, name, patch, options));
  }

  delete(
    kind: string,
    name: string,
    options?: Parameters<ResourceClient['delete']>[2],
  ): Promise<AnyResource> {
    return this.#write(() => this.#inner.delete(kind, name, options));
  }

  transact(ops: readonly StoreOp[]): Promise<AnyResource[]> {
    return this.#write(() => this.#inner.transact(ops));
  }

  async watch(kind: string | readonly string[], options?: WatchOptions): Promise<Watch> {
    this.watches++;
    if (this.failWatches) throw new UnavailableError('the store is restarting');
    return this.#wrap(await this.#inner.watch(kind, options));
  }

  async #write<T>(call: () => Promise<T>): Promise<T> {
    if (this.failWrites) throw new UnavailableError('writes are failing');
    return call();
  }

  #wrap(inner: Watch): Watch {
    let failure: Error | undefined;
    let wake: ((error: Error) => void) | undefined;
    const handle = {
      fail: (error: Error) => {
        failure = error;
        wake?.(error);
      },
    };
    this.#open.add(handle);
    const close = (): void => {
      this.#open.delete(handle);
      inner.close();
    };
    const watch: Watch = {
      [Symbol.asyncIterator]: () => watch,
      next: async (): Promise<IteratorResult<WatchEvent>> => {
        if (failure) {
          close();
          throw failure;
        }
        const broken = new Promise<never>((_, reject) => (wake = reject));
        try {
          return await Promise.race([inner.next(), broken]);
        } catch (error) {
          close();
          throw error;
        } finally {
          wake = undefined;
        }
      },
      return: async () => {
        close();
        return { done: true, value: undefined };
      },
      close,
    };
    return watch;
  }
}
