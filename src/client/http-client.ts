/**
 * The remote ResourceClient: the contract of LocalResourceClient over the REST API of a running
 * `lcm api` (SPEC.md "API contract details"), so a controller can run as a process of its own.
 */
import { Agent, request as sendRequest, type Dispatcher } from 'undici';
import type { Clock } from '../clock/index.js';
import { InvalidError, UnavailableError, isLcmError, toError } from '../errors/index.js';
import { createSilentLogger, type Logger } from '../observability/index.js';
import type { AnyResource, KindDefinition } from '../resources/index.js';
import { createKindRegistry } from '../resources/kinds/built-in-kinds.js';
import { HttpWatch, type WatchStream } from './http-watch.js';
import { mapStatusError } from '../errors/index.js';
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

const API_BASE = '/apis/lcm/v1';

export interface HttpResourceClientOptions {
  /** The API's root URL, e.g. `https://lcm.example.com` (what `LCM_API_URL` holds). */
  baseUrl: string;
  /** A bearer token (`POST /api/auth/login`) or an API key (`lcm_<id>_<secret>`). */
  credential: string;
  /** Drives request timeouts and watch reconnect delays. */
  clock: Clock;
  /** @default a silent logger */
  logger?: Logger;
  /** How long a request may take to answer (a watch: until its stream starts). @default 30_000 */
  timeoutMs?: number;
  /** Reconnects of a dropped watch. */
  reconnect?: {
    /** Delay before the first reconnect; doubled per failed attempt. @default 500 */
    initialDelayMs?: number;
    /** @default 30_000 */
    maxDelayMs?: number;
  };
}

interface ApiRequest {
  method: Dispatcher.HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** @default application/json */
  contentType?: string;
  /** @default application/json */
  accept?: string;
}

/** An abort signal that fires after the timeout (on the Clock) or when `outer` aborts. */
interface Deadline {
  signal: AbortSignal;
  expired(): boolean;
  cancel(): void;
}

/**
 * Talks to `baseUrl` with `credential`. Errors are the server's `LcmError`s, rebuilt from the
 * answer's `reason` and `details`; 429, 5xx, network failures and timeouts are `Unavailable`
 * (for a write, `details.outcomeUnknown` says it may have been applied: read before retrying).
 * `watch` follows one kind per call (an array of one is accepted; more kinds are `Invalid`).
 * Call `close()` when done: it ends open watches and frees the connections.
 */
export class HttpResourceClient implements ResourceClient {
  readonly #options: HttpResourceClientOptions;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  readonly #agent = new Agent();
  readonly #registry = createKindRegistry();
  readonly #watches = new Set<HttpWatch>();
  #closed = false;

  constructor(options: HttpResourceClientOptions) {
    this.#options = options;
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#logger = (options.logger ?? createSilentLogger()).child({ component: 'http-client' });
  }

  get(kind: string, name: string, namespace?: string): Promise<AnyResource> {
    return this.#call({ method: 'GET', path: this.#objectPath(kind, name, namespace) });
  }

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    const body = await this.#call<{
      metadata: { resourceVersion: string; continue?: string };
      items: AnyResource[];
    }>({
      method: 'GET',
      path: this.#collectionPath(kind, options.namespace, { allNamespaces: true }),
      query: {
        labelSelector: options.labelSelector,
        limit: options.limit,
        continue: options.continue,
      },
    });
    const { resourceVersion, continue: next } = body.metadata;
    return {
      items: body.items,
      revision: Number(resourceVersion),
      ...(next ? { continue: next } : {}),
    };
  }

  create(object: AnyResource): Promise<AnyResource> {
    const path = this.#collectionPath(object.kind, object.metadata.namespace);
    return this.#call({ method: 'POST', path, body: object });
  }

  update(object: AnyResource): Promise<AnyResource> {
    const { name, namespace } = object.metadata;
    return this.#call({
      method: 'PUT',
      path: this.#objectPath(object.kind, name, namespace),
      body: object,
    });
  }

  updateStatus(object: AnyResource): Promise<AnyResource> {
    const { name, namespace } = object.metadata;
    const path = `${this.#objectPath(object.kind, name, namespace)}/status`;
    return this.#call({ method: 'PUT', path, body: object });
  }

  patch(
    kind: string,
    name: string,
    patch: MergePatch,
    options: PatchOptions = {},
  ): Promise<AnyResource> {
    const path = this.#objectPath(kind, name, options.namespace);
    return this.#call({
      method: 'PATCH',
      path: options.subresource === 'status' ? `${path}/status` : path,
      body: patch,
      contentType: 'application/merge-patch+json',
    });
  }

  delete(
    kind: string,
    name: string,
    options: { namespace?: string; preconditions?: DeletePreconditions } = {},
  ): Promise<AnyResource> {
    return this.#call({
      method: 'DELETE',
      path: this.#objectPath(kind, name, options.namespace),
      query: {
        resourceVersion: options.preconditions?.resourceVersion,
        uid: options.preconditions?.uid,
      },
    });
  }

  async transact(ops: readonly StoreOp[]): Promise<AnyResource[]> {
    if (ops.length === 0) return [];
    const body = await this.#call<{ items: AnyResource[] }>({
      method: 'POST',
      path: `${API_BASE}/transact`,
      body: { ops },
    });
    return body.items;
  }

  /**
   * Watches one kind (`GET …?watch=1`). Without `sinceRevision` it starts at the current revision,
   * as the local watch does. A dropped connection reconnects with backoff from the last revision
   * seen; `Gone` (compacted meanwhile) ends the iteration by throwing, and the caller relists.
   */
  async watch(kind: string | readonly string[], options: WatchOptions = {}): Promise<Watch> {
    const single = singleKind(kind);
    const { namespace } = options;
    const path = this.#collectionPath(single, namespace, { allNamespaces: true });
    const sinceRevision =
      options.sinceRevision ??
      (await this.list(single, { ...(namespace ? { namespace } : {}), limit: 1 })).revision;
    const watch = await HttpWatch.open({
      connect: (revision, signal) => this.#openStream(path, revision, signal),
      sinceRevision,
      clock: this.#options.clock,
      logger: this.#logger.child({ watch: single }),
      initialDelayMs: this.#options.reconnect?.initialDelayMs ?? 500,
      maxDelayMs: this.#options.reconnect?.maxDelayMs ?? 30_000,
      onClose: () => this.#watches.delete(watch),
    });
    this.#watches.add(watch);
    return watch;
  }

  /** Ends open watches and closes every connection; later calls fail with `Unavailable`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const watch of [...this.#watches]) watch.close();
    await this.#agent.destroy();
  }

  /** One exchange with a JSON answer; non-2xx answers throw the error they carry. */
  async #call<T = AnyResource>(request: ApiRequest): Promise<T> {
    const deadline = this.#startDeadline();
    try {
      const response = await this.#send(request, deadline.signal);
      const body = parseBody(await response.body.text());
      if (response.statusCode >= 300) throw mapStatusError(response.statusCode, body);
      if (typeof body === 'string')
        throw new UnavailableError(
          `the API answered ${request.method} ${request.path} with a body that is not JSON`,
        );
      return body as T;
    } catch (error) {
      throw this.#failure(request, error, deadline);
    } finally {
      deadline.cancel();
    }
  }

  /** Opens a watch stream; the timeout covers the response headers only. */
  async #openStream(
    path: string,
    sinceRevision: number,
    signal: AbortSignal,
  ): Promise<WatchStream> {
    const request: ApiRequest = {
      method: 'GET',
      path,
      query: { watch: '1', resourceVersion: sinceRevision },
      accept: 'application/x-ndjson',
    };
    const deadline = this.#startDeadline(signal);
    try {
      const response = await this.#send(request, deadline.signal);
      if (response.statusCode !== 200)
        throw mapStatusError(response.statusCode, parseBody(await response.body.text()));
      return response.body;
    } catch (error) {
      throw this.#failure(request, error, deadline);
    } finally {
      deadline.cancel();
    }
  }

  #send(request: ApiRequest, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    if (this.#closed) throw new UnavailableError('the HttpResourceClient is closed');
    const url = new URL(this.#baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const hasBody = request.body !== undefined;
    return sendRequest(url, {
      method: request.method,
      dispatcher: this.#agent,
      signal,
      headers: {
        authorization: `Bearer ${this.#options.credential}`,
        accept: request.accept ?? 'application/json',
        ...(hasBody ? { 'content-type': request.contentType ?? 'application/json' } : {}),
      },
      ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
    });
  }

  /** Errors the server sent pass through; anything else is a transport failure: Unavailable. */
  #failure(request: ApiRequest, error: unknown, deadline: Deadline): Error {
    if (isLcmError(error)) return error;
    const what = `${request.method} ${request.path}`;
    const message = deadline.expired()
      ? `${what}: no answer within ${this.#timeoutMs} ms`
      : `${what} failed: ${describeCause(error)}`;
    return new UnavailableError(message, {
      ...(request.method === 'GET' ? {} : { details: { outcomeUnknown: true } }),
      cause: error,
    });
  }

  #startDeadline(outer?: AbortSignal): Deadline {
    const controller = new AbortController();
    let expired = false;
    const timer = this.#options.clock.setTimer(this.#timeoutMs, () => {
      expired = true;
      controller.abort(new Error(`no answer within ${this.#timeoutMs} ms`));
    });
    if (outer?.aborted) controller.abort(outer.reason);
    outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    return { signal: controller.signal, expired: () => expired, cancel: () => timer.cancel() };
  }

  /** `/apis/lcm/v1/[namespaces/{ns}/]{plural}`; a namespaced kind without a namespace is in
   * `default`, or in all namespaces for list and watch. */
  #collectionPath(
    kind: string,
    namespace: string | undefined,
    scope: { allNamespaces?: boolean } = {},
  ): string {
    const definition = this.#servedKind(kind);
    const given = namespace !== undefined && namespace !== '';
    if (definition.scope === 'Cluster') {
      if (given)
        throw new InvalidError(`namespace must not be set: ${kind} is cluster-scoped`, {
          details: { field: 'metadata.namespace', kind },
        });
      return `${API_BASE}/${definition.plural}`;
    }
    if (!given && scope.allNamespaces === true) return `${API_BASE}/${definition.plural}`;
    const scoped = encodeURIComponent(given ? namespace : 'default');
    return `${API_BASE}/namespaces/${scoped}/${definition.plural}`;
  }

  #objectPath(kind: string, name: string, namespace: string | undefined): string {
    return `${this.#collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
  }

  /** The kind's definition; unknown and internal kinds (not served over HTTP) are `Invalid`. */
  #servedKind(kind: string): KindDefinition {
    const definition = this.#registry.get(kind);
    if (definition.internal === true)
      throw new InvalidError(`${kind} is internal: the resource API does not serve it`, {
        details: { field: 'kind', kind },
      });
    return definition;
  }
}

function singleKind(kind: string | readonly string[]): string {
  if (typeof kind === 'string') return kind;
  const [only] = kind;
  if (kind.length === 1 && only !== undefined) return only;
  throw new InvalidError(
    `the remote client watches one kind at a time (got ${kind.length}); open one watch per kind`,
    { details: { field: 'kind' } },
  );
}

/** JSON when it parses, else the text itself (a proxy's error page, say). */
function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describeCause(error: unknown): string {
  const failure = toError(error);
  const code =
    (failure as Error & { cause?: { code?: string } }).cause?.code ??
    (failure as Error & { code?: string }).code;
  return code ? `${failure.message} (${code})` : failure.message;
}
