/** Verifies bearer JWTs issued by an external OIDC provider (e.g. Keycloak) against its JWKS. */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock, Timer } from '../clock/index.js';
import { InvalidError, UnauthorizedError, UnavailableError } from '../errors/index.js';
import type { Principal } from './principal.js';
import { isRole, type Role } from './roles.js';
import { toTokenError } from './token-errors.js';

/** Asymmetric algorithms only: an OIDC access token signed with a shared secret is refused. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
const DEFAULT_TIMEOUT_MS = 5000;

/** Options of {@link OidcVerifier}. */
export interface OidcVerifierOptions {
  /** The issuer URL; must equal the tokens' `iss` claim exactly. */
  issuer: string;
  /** The required `aud` value (the API's client id at the provider). */
  audience: string;
  /**
   * The JWKS URL.
   * @default the `jwks_uri` of `${issuer}/.well-known/openid-configuration`, fetched once
   */
  jwksUrl?: string;
  /** Dot path of the roles claim; config defaults it to `'realm_access.roles'` (Keycloak). */
  rolesClaim: string;
  /** Dot path of the username claim, usually `'preferred_username'`; falls back to `sub`. */
  usernameClaim: string;
  /** "Now" for expiry checks, and the timer for the discovery request timeout. */
  clock: Clock;
  /**
   * Time limit of the discovery and JWKS requests, in milliseconds.
   * @default 5000
   */
  timeoutMs?: number;
}

/**
 * Turns an external provider's access token into a {@link Principal} (via `'oidc'`, id = `sub`).
 * Only known roles from the roles claim are kept. The JWKS URL is discovered on first use and
 * cached (a failed discovery is retried on the next call); keys are cached and refreshed by jose
 * when a token names an unknown `kid`.
 */
export class OidcVerifier {
  readonly #options: OidcVerifierOptions & { timeoutMs: number };
  #keys: Promise<JWTVerifyGetKey> | undefined;

  /** @throws InvalidError (`details.field` `'jwksUrl'`) when `jwksUrl` is not a URL. */
  constructor(options: OidcVerifierOptions) {
    if (options.jwksUrl !== undefined && !URL.canParse(options.jwksUrl))
      throw new InvalidError(`jwksUrl is not a valid URL: ${options.jwksUrl}`, {
        details: { field: 'jwksUrl' },
      });
    this.#options = { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  }

  /**
   * Verifies signature, issuer, audience and expiry (against the clock).
   * @throws UnauthorizedError when the token is malformed, expired, for another audience or
   *   issuer, or not signed by the issuer's keys; the message says which.
   * @throws UnavailableError when discovery or the JWKS cannot be fetched; the message names the URL.
   */
  async verify(token: string): Promise<Principal> {
    const keys = await this.#getKeys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        algorithms: ALGORITHMS,
        currentDate: this.#options.clock.now(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw toTokenError(error);
    }
    return this.#toPrincipal(payload);
  }

  #getKeys(): Promise<JWTVerifyGetKey> {
    this.#keys ??= this.#resolveJwksUrl().then(
      (url) => this.#remoteKeys(url),
      (error: unknown) => {
        this.#keys = undefined;
        throw error;
      },
    );
    return this.#keys;
  }

  async #resolveJwksUrl(): Promise<URL> {
    const { jwksUrl, issuer } = this.#options;
    if (jwksUrl !== undefined) return new URL(jwksUrl);
    const discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const document = await this.#fetchJson(discoveryUrl);
    const jwksUri = isRecord(document) ? document.jwks_uri : undefined;
    if (typeof jwksUri !== 'string')
      throw new UnavailableError(`OIDC discovery at ${discoveryUrl} has no jwks_uri`);
    if (!URL.canParse(jwksUri))
      throw new UnavailableError(`OIDC discovery at ${discoveryUrl} has an invalid jwks_uri`);
    return new URL(jwksUri);
  }

  /** A key resolver over the remote JWKS that reports fetch failures as `UnavailableError`. */
  #remoteKeys(url: URL): JWTVerifyGetKey {
    const remote = createRemoteJWKSet(url, { timeoutDuration: this.#options.timeoutMs });
    return async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        // No matching key is the token's fault; anything else means the JWKS could not be loaded.
        if (
          error instanceof errors.JWKSNoMatchingKey ||
          error instanceof errors.JWKSMultipleMatchingKeys
        )
          throw error;
        throw new UnavailableError(
          `cannot load the signing keys of OIDC issuer ${this.#options.issuer} from ${url.href}`,
          { cause: error },
        );
      }
    };
  }

  async #fetchJson(url: string): Promise<unknown> {
    const { clock, timeoutMs, issuer } = this.#options;
    const controller = new AbortController();
    // The timeout runs on the injected clock (STYLE: every timeout goes through a Clock).
    const timer: Timer = clock.setTimer(timeoutMs, () => controller.abort());
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      return await response.json();
    } catch (error) {
      throw new UnavailableError(`cannot reach OIDC issuer ${issuer} (discovery at ${url})`, {
        cause: error,
      });
    } finally {
      timer.cancel();
    }
  }

  #toPrincipal(payload: JWTPayload): Principal {
    const { sub } = payload;
    if (!sub) throw new UnauthorizedError('token has no subject');
    const username = readClaim(payload, this.#options.usernameClaim);
    return {
      id: sub,
      username: typeof username === 'string' && username !== '' ? username : sub,
      roles: toRoles(readClaim(payload, this.#options.rolesClaim)),
      via: 'oidc',
    };
  }
}

/** Reads `a.b.c` from a claims object; `undefined` when any step is missing or not an object. */
function readClaim(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const step of path.split('.')) {
    if (!isRecord(value) || !Object.hasOwn(value, step)) return undefined;
    value = value[step];
  }
  return value;
}

/** Known roles from a claim value: an array of names, or one string of space-separated names. */
function toRoles(claim: unknown): Role[] {
  const names = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(' ') : [];
  return [...new Set(names.filter(isRole))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
