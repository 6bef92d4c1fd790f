/** `Principal`: the authenticated caller every request carries, whatever the way it logged in. */
import type { Role } from './roles.js';

/** Who is calling. `id` is the stable user id (JWT `sub`, built-in user name, or `apikey:<keyId>`). */
export interface Principal {
  /** Stable id used for ownership and audit; never reused for another person. */
  id: string;
  /** Human-readable name for display and logs; may change over time, unlike `id`. */
  username: string;
  /** Known roles only; unknown role names from an identity provider are dropped before this. */
  roles: readonly Role[];
  /** How the caller authenticated. */
  via: 'password' | 'oidc' | 'apikey' | 'system';
}

/**
 * The principal for LCM's own machinery (bootstrap, migrations, background jobs) acting with full
 * rights: id and username `system:<name>`, roles `['admin']`, via `'system'`.
 */
export function systemPrincipal(name: string): Principal {
  const id = `system:${name}`;
  return Object.freeze({
    id,
    username: id,
    roles: Object.freeze(['admin'] as const),
    via: 'system',
  });
}
