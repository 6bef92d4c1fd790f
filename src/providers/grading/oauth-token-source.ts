/**
 * Bearer tokens for the grading engine: a static token, or OAuth2 client credentials against the
 * IdP's token endpoint (Keycloak), cached on the Clock until shortly before they expire.
 */
import type { Clock } from '../../clock/index.js';
import { HttpJsonClient } from '../http/http-json-client.js';

/** How the grading client authenticates. */
export type GradingAuth =
  | { kind: 'static'; token: string }
  | {
      kind: 'clientCredentials';
      /** E.g. `https://idp.example.com/realms/lcm/protocol/openid-connect/token`. */
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
    };

export interface OAuthTokenSourceOptions {
  auth: GradingAuth;
  clock: Clock;
  /** @default 30_000 */
  timeoutMs?: number;
  /** Refresh this long before `expires_in` runs out. @default 30_000 */
  refreshMarginMs?: number;
}

export class OAuthTokenSource {
  readonly #auth: GradingAuth;
  readonly #clock: Clock;
  readonly #refreshMarginMs: number;
  readonly #http: HttpJsonClient | undefined;
  #cached: { token: string; expiresAtMs: number } | undefined;

  constructor(options: OAuthTokenSourceOptions) {
    this.#auth = options.auth;
    this.#clock = options.clock;
    this.#refreshMarginMs = options.refreshMarginMs ?? 30_000;
    this.#http =
      options.auth.kind === 'clientCredentials'
        ? new HttpJsonClient({
            baseUrl: options.auth.tokenUrl,
            system: 'grading IdP',
            timeoutMs: options.timeoutMs ?? 30_000,
          })
        : undefined;
  }

  /** A token valid for at least the refresh margin (fetched when needed). */
  async token(): Promise<string> {
    if (this.#auth.kind === 'static') return this.#auth.token;
    if (this.#cached && this.#cached.expiresAtMs > this.#clock.nowMs()) return this.#cached.token;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.#auth.clientId,
      client_secret: this.#auth.clientSecret,
      ...(this.#auth.scope === undefined ? {} : { scope: this.#auth.scope }),
    });
    const answer = await (this.#http as HttpJsonClient).json<{
      access_token: string;
      expires_in?: number;
    }>({
      method: 'POST',
      path: '',
      operation: 'get token',
      body: form.toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
    const lifetimeMs = (answer.expires_in ?? 300) * 1_000;
    this.#cached = {
      token: answer.access_token,
      expiresAtMs: this.#clock.nowMs() + Math.max(0, lifetimeMs - this.#refreshMarginMs),
    };
    return answer.access_token;
  }

  /** Forgets the cached token (after a 401), so the next call fetches a new one. */
  invalidate(): void {
    this.#cached = undefined;
  }

  /** True when a refresh can help, i.e. tokens come from an IdP. */
  get refreshable(): boolean {
    return this.#auth.kind === 'clientCredentials';
  }

  async close(): Promise<void> {
    await this.#http?.close();
  }
}
