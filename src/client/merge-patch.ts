/** JSON merge patch (RFC 7386). */

/**
 * Reads own members only: a field named like an `Object.prototype` member (`constructor`,
 * `toString`) is data, and an inherited function must never leak into an object.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const base = isPlainObject(target) ? target : {};
  const keys = new Set([...Object.keys(base), ...Object.keys(patch)]);
  const entries = [...keys].flatMap((key): [string, unknown][] => {
    const own = Object.hasOwn(base, key) ? base[key] : undefined;
    if (!Object.hasOwn(patch, key)) return [[key, own]];
    const value = patch[key];
    return value === null ? [] : [[key, applyMergePatch(own, value)]];
  });
  return Object.fromEntries(entries);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
