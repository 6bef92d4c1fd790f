/** The fixed set of LCM roles and a guard that narrows untrusted values (token claims) to them. */

/**
 * Every role LCM knows, from most to least privileged for people; `controller` is the role of
 * in-cluster automation (controllers acting through the API).
 */
export const ROLES = ['admin', 'manager', 'author', 'user', 'controller'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

/** True when `value` is exactly one of {@link ROLES} (case-sensitive). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLE_SET.has(value);
}
