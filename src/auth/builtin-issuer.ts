/** The built-in ES256 JWT issuer, used for password logins when no OIDC issuer is configured. */
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { Clock } from '../clock/index.js';
import { InvalidError, UnauthorizedError } from '../errors/index.js';
import type { Principal } from './principal.js';
import { isRole, type Role } from './roles.js';
import { toTokenError } from './token-errors.js';

const ALG = 'ES256';

/** An ES256 key pair as JWKs, plus its key id. Persist it (as a secret) to keep tokens valid. */
export interface SigningKeyMaterial {
  /** The P-256 private key; never leaves the server. */
  privateJwk: JWK;
  /** The public half, publishable as a JWKS. */
  publicJwk: JWK;
  /** The RFC 7638 thumbprint of `publicJwk`, sent as the JWT `kid` header. */
  kid: string;
}

/** Generates fresh ES256 signing key material. */
export async function generateSigningKeyMaterial(): Promise<SigningKeyMaterial> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const common = { kid, alg: ALG, use: 'sig' } as const;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...common },
    publicJwk: { ...publicJwk, ...common },
    kid,
  };
}

/** Options of {@link BuiltInIssuer.create}. */
export interface BuiltInIssuerOptions {
  /** The signing key; see {@link generateSigningKeyMaterial}. */
  key: SigningKeyMaterial;
  /** The `iss` claim written and required, e.g. `'lcm'`. */
  issuer: string;
  /** The `aud` claim written and required, e.g. `'lcm-api'`. */
  audience: string;
  /** Lifetime of issued tokens, in seconds. */
  tokenTtlSeconds: number;
  /** Source of `iat`/`exp` and of "now" when checking expiry. */
  clock: Clock;
}

/** An issued token and its expiry (ISO 8601). */
export interface IssuedToken {
  token: string;
  expiresAt: string;
}

/**
 * Issues and verifies LCM's own access tokens: ES256 JWTs with `sub` (the principal id),
 * `preferred_username` and `roles`. Time comes from the injected clock on both sides.
 */
export class BuiltInIssuer {
  readonly #options: BuiltInIssuerOptions;
  readonly #privateKey: CryptoKey;
  readonly #publicKey: CryptoKey;

  private constructor(options: BuiltInIssuerOptions, privateKey: CryptoKey, publicKey: CryptoKey) {
    this.#options = options;
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
  }

  /**
   * Imports the key material and returns a ready issuer.
   * @throws InvalidError (`details.field` `'key'` or `'tokenTtlSeconds'`) for unusable options.
   */
  static async create(options: BuiltInIssuerOptions): Promise<BuiltInIssuer> {
    if (!Number.isInteger(options.tokenTtlSeconds) || options.tokenTtlSeconds <= 0)
      throw new InvalidError('tokenTtlSeconds must be a positive integer', {
        details: { field: 'tokenTtlSeconds' },
      });
    const [privateKey, publicKey] = await Promise.all([
      importKey(options.key.privateJwk, 'key.privateJwk'),
      importKey(options.key.publicJwk, 'key.publicJwk'),
    ]);
    return new BuiltInIssuer({ ...options }, privateKey, publicKey);
  }

  /** Signs a token for `principal`, valid from now (per the clock) for `tokenTtlSeconds`. */
  async issue(principal: {
    id: string;
    username: string;
    roles: readonly Role[];
  }): Promise<IssuedToken> {
    const { issuer, audience, tokenTtlSeconds, clock, key } = this.#options;
    const issuedAt = Math.floor(clock.nowMs() / 1000);
    const expiresAt = issuedAt + tokenTtlSeconds;
    const token = await new SignJWT({
      preferred_username: principal.username,
      roles: [...principal.roles],
    })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
      .setSubject(principal.id)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.#privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  /**
   * Verifies signature, issuer, audience, expiry (against clock); returns the Principal (via
   * 'password'); throws UnauthorizedError with a clear message otherwise.
   */
  async verify(token: string): Promise<Principal> {
    const { issuer, audience, clock } = this.#options;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#publicKey, {
        issuer,
        audience,
        algorithms: [ALG],
        currentDate: clock.now(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw toTokenError(error);
    }
    return toPrincipal(payload);
  }
}

async function importKey(jwk: JWK, field: string): Promise<CryptoKey> {
  try {
    const key = await importJWK(jwk, ALG);
    if (key instanceof Uint8Array) throw new TypeError('expected an asymmetric key');
    return key;
  } catch (error) {
    throw new InvalidError(`${field} is not a usable ${ALG} JWK`, {
      details: { field },
      cause: error,
    });
  }
}

function toPrincipal(payload: JWTPayload): Principal {
  const { sub, preferred_username: username, roles } = payload;
  if (!sub || typeof username !== 'string' || !Array.isArray(roles))
    throw new UnauthorizedError('token claims are malformed');
  return { id: sub, username, roles: roles.filter(isRole), via: 'password' };
}
