/**
 * The real grading client: the grading engine's REST API v1 over HTTP with an OAuth2 bearer token,
 * refreshed once when the engine answers 401.
 */
import { SystemClock, type Clock } from '../../clock/index.js';
import { hasReason } from '../../errors/index.js';
import { HttpJsonClient, type HttpRequest } from '../http/http-json-client.js';
import type {
  GradingClient,
  GradingPartRef,
  GradingPod,
  GradingSession,
  GradingSessionCreate,
} from './grading-client.js';
import { OAuthTokenSource, type GradingAuth } from './oauth-token-source.js';

export interface HttpGradingClientOptions {
  /** Engine base URL without `/api/v1`, e.g. `https://grading.example.com`. */
  baseUrl: string;
  auth: GradingAuth;
  /** Per-call timeout (engine and token endpoint). @default 30_000 */
  timeoutMs?: number;
  /** @default false */
  insecureTls?: boolean;
  /** Token expiry is tracked on it. @default a SystemClock */
  clock?: Clock;
}

const SESSIONS = '/api/v1/sessions';

export class HttpGradingClient implements GradingClient {
  readonly #http: HttpJsonClient;
  readonly #tokens: OAuthTokenSource;

  constructor(options: HttpGradingClientOptions) {
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.#http = new HttpJsonClient({
      baseUrl: options.baseUrl,
      system: 'grading engine',
      timeoutMs,
      insecureTls: options.insecureTls ?? false,
    });
    this.#tokens = new OAuthTokenSource({
      auth: options.auth,
      clock: options.clock ?? new SystemClock(),
      timeoutMs,
    });
  }

  async createSession(session: GradingSessionCreate): Promise<GradingSession> {
    return this.#json<GradingSession>({
      method: 'POST',
      path: SESSIONS,
      operation: 'create session',
      body: session,
    });
  }

  async getSession(sessionId: string): Promise<GradingSession> {
    return this.#json<GradingSession>({
      method: 'GET',
      path: `${SESSIONS}/${encodeURIComponent(sessionId)}`,
      operation: 'get session',
    });
  }

  async assignPod(request: GradingPartRef & { pod: GradingPod }): Promise<GradingSession> {
    return this.#json<GradingSession>({
      method: 'PUT',
      path: `${partPath(request)}/pod`,
      operation: 'assign pod',
      body: request.pod,
    });
  }

  async gradePart(request: GradingPartRef & { recollect?: boolean }): Promise<void> {
    await this.#json<unknown>({
      method: 'POST',
      path: `${partPath(request)}/grade`,
      operation: 'grade part',
      ...(request.recollect === undefined ? {} : { query: { recollect: request.recollect } }),
    });
  }

  async submitPart(request: GradingPartRef): Promise<GradingSession> {
    return this.#json<GradingSession>({
      method: 'POST',
      path: `${partPath(request)}/submit`,
      operation: 'submit part',
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.#http.close(), this.#tokens.close()]);
  }

  /** Sends with a bearer token; on 401 with an IdP-issued token, refreshes it and tries once more. */
  async #json<T>(request: HttpRequest): Promise<T> {
    const attempt = async (): Promise<T> =>
      this.#http.json<T>({
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${await this.#tokens.token()}` },
      });
    try {
      return await attempt();
    } catch (error) {
      if (!hasReason(error, 'Unauthorized') || !this.#tokens.refreshable) throw error;
      this.#tokens.invalidate();
      return attempt();
    }
  }
}

function partPath(ref: GradingPartRef): string {
  return `${SESSIONS}/${encodeURIComponent(ref.sessionId)}/parts/${encodeURIComponent(ref.partId)}`;
}
