/**
 * The real CML client: REST API v0 over HttpJsonClient with a cached bearer token, one serialised
 * re-authentication on 401, and CML's 400 lifecycle refusals mapped to `Conflict`.
 */
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  UnauthorizedError,
  UnavailableError,
} from '../../errors/index.js';
import { createSilentLogger, type Logger } from '../../observability/index.js';
import { HttpJsonClient, type HttpRequest } from '../http/http-json-client.js';
import {
  CML_MAX_TAG_LENGTH,
  CML_MAX_TITLE_LENGTH,
  type CmlClient,
  type CmlDeregistration,
  type CmlImportRequest,
} from './cml-client.js';
import type {
  CmlImportResult,
  CmlLab,
  CmlLabElementState,
  CmlLabEvent,
  CmlLicensingStatus,
  CmlNode,
  CmlSystemHealth,
  CmlSystemInformation,
  CmlSystemStats,
} from './cml-wire-types.js';

export interface HttpCmlClientOptions {
  /** The worker's CML URL, e.g. `https://10.0.0.5`; `/api/v0` is appended unless present. */
  baseUrl: string;
  username: string;
  password: string;
  /** Accept CML's self-signed certificate. @default false */
  insecureTls?: boolean;
  /** Per-call timeout. @default 60_000 */
  timeoutMs?: number;
  /** @default a silent logger */
  logger?: Logger;
}

/** CML's lab ids are UUID4 (OpenAPI path pattern); anything else is refused before sending. */
const UUID = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
const SYSTEM = 'CML';

export class HttpCmlClient implements CmlClient {
  readonly #http: HttpJsonClient;
  readonly #username: string;
  readonly #password: string;
  readonly #logger: Logger;
  /** The token being fetched or in use; shared so concurrent calls authenticate once. */
  #tokenPromise: Promise<string> | undefined;
  /** The settled value of `#tokenPromise`, to tell a stale token from a fresh one on 401. */
  #token: string | undefined;

  constructor(options: HttpCmlClientOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.#http = new HttpJsonClient({
      baseUrl: base.endsWith('/api/v0') ? base : `${base}/api/v0`,
      system: SYSTEM,
      timeoutMs: options.timeoutMs ?? 60_000,
      insecureTls: options.insecureTls ?? false,
    });
    this.#username = options.username;
    this.#password = options.password;
    this.#logger = (options.logger ?? createSilentLogger()).child({
      component: 'cml-client',
      baseUrl: base,
    });
  }

  async authenticate(): Promise<void> {
    this.#tokenPromise = undefined;
    this.#token = undefined;
    await this.#currentToken();
  }

  async systemInformation(): Promise<CmlSystemInformation> {
    const operation = 'read system information';
    const { text } = await this.#http.send({
      method: 'GET',
      path: '/system_information',
      operation,
    });
    return parseJson(text, operation) as CmlSystemInformation;
  }

  async systemStats(): Promise<CmlSystemStats> {
    return this.#authorized({ method: 'GET', path: '/system_stats', operation: 'read stats' });
  }

  async systemHealth(): Promise<CmlSystemHealth> {
    return this.#authorized({ method: 'GET', path: '/system_health', operation: 'read health' });
  }

  async licensing(): Promise<CmlLicensingStatus> {
    return this.#authorized({ method: 'GET', path: '/licensing', operation: 'read licensing' });
  }

  async registerLicense(request: { token: string; reregister?: boolean }): Promise<void> {
    if (!/^[A-Za-z0-9+/%=-]{1,256}$/.test(request.token))
      throw new InvalidError('a CML licence token is 1–256 chars of [A-Za-z0-9+/%=-]', {
        details: { field: 'token' },
      });
    await this.#authorized({
      method: 'POST',
      path: '/licensing/registration',
      operation: 'register licence',
      body: { token: request.token, reregister: request.reregister ?? false },
    });
  }

  async deregisterLicense(): Promise<CmlDeregistration> {
    try {
      const { status } = await this.#authorizedSend({
        method: 'DELETE',
        path: '/licensing/deregistration',
        operation: 'deregister licence',
      });
      return status === 202 ? 'DeregisteredLocally' : 'Deregistered';
    } catch (error) {
      // The OpenAPI documents 400 here as "already deregistered": the goal is reached.
      if (error instanceof InvalidError && error.details?.status === 400) return 'NotRegistered';
      throw error;
    }
  }

  async listLabs(): Promise<string[]> {
    return this.#authorized({
      method: 'GET',
      path: '/labs',
      operation: 'list labs',
      query: { show_all: true },
    });
  }

  async getLab(labId: string): Promise<CmlLab> {
    return this.#authorized({ method: 'GET', path: labPath(labId), operation: 'read lab' });
  }

  async importLab(request: CmlImportRequest): Promise<CmlImportResult> {
    const { title } = request;
    if (title !== undefined && (title.length < 1 || title.length > CML_MAX_TITLE_LENGTH))
      throw new InvalidError(
        `a CML lab title is 1–${CML_MAX_TITLE_LENGTH} chars; got ${title.length}`,
        { details: { field: 'title' } },
      );
    return this.#authorized({
      method: 'POST',
      path: '/import',
      operation: 'import lab',
      query: { title },
      body: request.yaml,
      contentType: 'application/x-yaml',
    });
  }

  async startLab(labId: string): Promise<void> {
    await this.#transition(labId, 'start', 'start lab');
  }

  async stopLab(labId: string): Promise<void> {
    await this.#transition(labId, 'stop', 'stop lab');
  }

  async wipeLab(labId: string): Promise<void> {
    await this.#transition(labId, 'wipe', 'wipe lab');
  }

  async deleteLab(labId: string): Promise<void> {
    await this.#transition(labId, undefined, 'delete lab');
  }

  async checkIfConverged(labId: string): Promise<boolean> {
    return this.#authorized({
      method: 'GET',
      path: `${labPath(labId)}/check_if_converged`,
      operation: 'check convergence',
    });
  }

  async listNodes(labId: string): Promise<CmlNode[]> {
    return this.#authorized({
      method: 'GET',
      path: `${labPath(labId)}/nodes`,
      operation: 'list nodes',
      query: { data: true },
    });
  }

  async labEvents(labId: string): Promise<CmlLabEvent[]> {
    return this.#authorized({
      method: 'GET',
      path: `${labPath(labId)}/events`,
      operation: 'list lab events',
    });
  }

  async telemetryEvents(): Promise<CmlLabEvent[]> {
    return this.#authorized({
      method: 'GET',
      path: '/telemetry/events',
      operation: 'list telemetry events',
    });
  }

  async labElementState(labId: string): Promise<CmlLabElementState> {
    return this.#authorized({
      method: 'GET',
      path: `${labPath(labId)}/lab_element_state`,
      operation: 'read element states',
    });
  }

  async setNodeTags(request: { labId: string; nodeId: string; tags: string[] }): Promise<void> {
    request.tags.forEach((tag, index) => {
      if (tag.length > CML_MAX_TAG_LENGTH)
        throw new InvalidError(`a CML node tag is at most ${CML_MAX_TAG_LENGTH} chars`, {
          details: { field: `tags[${index}]` },
        });
    });
    await this.#authorizedSend({
      method: 'PATCH',
      path: `${labPath(request.labId)}/nodes/${encodeURIComponent(request.nodeId)}`,
      operation: 'set node tags',
      body: { tags: request.tags },
    });
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.#http.close();
  }

  /** Lab start/stop/wipe (PUT …/{action}) or delete; CML's 400 here is a state refusal. */
  async #transition(labId: string, action: string | undefined, operation: string): Promise<void> {
    const path = action === undefined ? labPath(labId) : `${labPath(labId)}/${action}`;
    try {
      await this.#authorizedSend({
        method: action === undefined ? 'DELETE' : 'PUT',
        path,
        operation,
      });
    } catch (error) {
      if (error instanceof InvalidError && error.details?.status === 400)
        throw new ConflictError(error.message, {
          details: { ...error.details, labId, retryable: false },
          cause: error,
        });
      throw error;
    }
  }

  async #authorized<T>(request: HttpRequest): Promise<T> {
    const { text } = await this.#authorizedSend(request);
    return parseJson(text, request.operation) as T;
  }

  /** Sends with the cached token; on 401 re-authenticates once and retries once. */
  async #authorizedSend(request: HttpRequest): Promise<{ status: number; text: string }> {
    const token = await this.#currentToken();
    try {
      return await this.#http.send(withToken(request, token));
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      this.#logger.info(
        { operation: request.operation },
        'CML refused the token; re-authenticating',
      );
      this.#discard(token);
      return this.#http.send(withToken(request, await this.#currentToken()));
    }
  }

  #currentToken(): Promise<string> {
    if (this.#tokenPromise) return this.#tokenPromise;
    const pending = this.#requestToken().then(
      (token) => {
        if (this.#tokenPromise === pending) this.#token = token;
        return token;
      },
      (error: unknown) => {
        if (this.#tokenPromise === pending) this.#tokenPromise = undefined;
        throw error;
      },
    );
    this.#tokenPromise = pending;
    return pending;
  }

  /** Forgets `token` unless a newer one already replaced it (or is being fetched). */
  #discard(token: string): void {
    if (this.#token !== token) return;
    this.#token = undefined;
    this.#tokenPromise = undefined;
  }

  async #requestToken(): Promise<string> {
    try {
      const { text } = await this.#http.send({
        method: 'POST',
        path: '/authenticate',
        operation: 'authenticate',
        body: { username: this.#username, password: this.#password },
      });
      const token = parseJson(text, 'authenticate');
      if (typeof token !== 'string' || token === '')
        throw new UnauthorizedError('CML authenticate answered without a token', {
          details: { system: SYSTEM, operation: 'authenticate' },
        });
      return token;
    } catch (error) {
      // CML answers bad credentials with 403; to LCM they are an authentication failure.
      if (error instanceof ForbiddenError)
        throw new UnauthorizedError(`CML rejected the credentials of user "${this.#username}"`, {
          details: { ...error.details, field: 'username' },
          cause: error,
        });
      throw error;
    }
  }
}

function labPath(labId: string): string {
  if (!UUID.test(labId))
    throw new InvalidError(`a CML lab id is a UUID; got "${labId.slice(0, 80)}"`, {
      details: { field: 'labId' },
    });
  return `/labs/${labId}`;
}

/** Parses a JSON answer; a non-JSON body (a proxy's page while CML starts) is an outage. */
function parseJson(text: string, operation: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnavailableError(`CML ${operation} answered with a body that is not JSON`, {
      details: { system: SYSTEM, operation, retryable: true },
      cause: error,
    });
  }
}

function withToken(request: HttpRequest, token: string): HttpRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}
