/**
 * Turns a request's credential into a Principal: an API key (`lcm_<id>_<secret>`), a token of the
 * built-in issuer, or a token of the configured OIDC issuer. Local users and keys are re-read on
 * every request, so disabling a user or deleting a key takes effect at once.
 */
import {
  parseApiKey,
  verifyApiKeySecret,
  type BuiltInIssuer,
  type OidcVerifier,
  type Principal,
} from '../../auth/index.js';
import type { Clock } from '../../clock/index.js';
import { UnauthorizedError, hasReason } from '../../errors/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { ApiKey } from '../../resources/kinds/api-key.js';
import type { User } from '../../resources/kinds/user.js';

export interface AuthenticatorOptions {
  /** An unauthorised, unaudited client for reading users and keys. */
  client: ResourceClient;
  clock: Clock;
  /** Verifies built-in tokens; absent when an OIDC issuer is configured. */
  issuer?: BuiltInIssuer;
  /** Verifies OIDC tokens; absent when the built-in issuer is used. */
  oidc?: OidcVerifier;
}

export const API_KEY_PREFIX = 'lcm_';

export class Authenticator {
  readonly #options: AuthenticatorOptions;

  constructor(options: AuthenticatorOptions) {
    this.#options = options;
  }

  /** Throws `Unauthorized` with a message naming what is wrong with the credential. */
  async authenticate(credential: string): Promise<Principal> {
    if (credential.startsWith(API_KEY_PREFIX)) return this.#fromApiKey(credential);
    if (this.#options.oidc) return this.#options.oidc.verify(credential);
    if (!this.#options.issuer) throw new UnauthorizedError('no token issuer is configured');
    const principal = await this.#options.issuer.verify(credential);
    const user = await this.#findUser(principal.id);
    if (!user || user.spec.disabled)
      throw new UnauthorizedError(`user ${principal.id} no longer exists or is disabled`);
    return { ...principal, roles: user.spec.roles };
  }

  /** Checks a built-in user's password; the same message for unknown users and bad passwords. */
  async findUser(username: string): Promise<User | undefined> {
    return this.#findUser(username);
  }

  async #fromApiKey(credential: string): Promise<Principal> {
    const parsed = parseApiKey(credential);
    if (!parsed) throw new UnauthorizedError('API key is malformed');
    let key: ApiKey;
    try {
      key = (await this.#options.client.get(
        'ApiKey',
        apiKeyName(parsed.keyId),
      )) as unknown as ApiKey;
    } catch (error) {
      if (hasReason(error, 'NotFound')) throw new UnauthorizedError('API key is not known');
      throw error;
    }
    if (!verifyApiKeySecret(parsed.secret, key.spec.secretHash))
      throw new UnauthorizedError('API key is not known');
    if (key.spec.expiresAt && Date.parse(key.spec.expiresAt) <= this.#options.clock.nowMs())
      throw new UnauthorizedError(`API key ${parsed.keyId} expired at ${key.spec.expiresAt}`);
    return {
      id: `apikey:${parsed.keyId}`,
      username: key.spec.description || `apikey:${parsed.keyId}`,
      roles: [key.spec.role],
      via: 'apikey',
    };
  }

  async #findUser(name: string): Promise<User | undefined> {
    try {
      return (await this.#options.client.get('User', name)) as unknown as User;
    } catch (error) {
      if (hasReason(error, 'NotFound') || hasReason(error, 'Invalid')) return undefined;
      throw error;
    }
  }
}

/** The ApiKey object's name for a key id. */
export function apiKeyName(keyId: string): string {
  return `key-${keyId}`;
}
