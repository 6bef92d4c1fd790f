/** JSON merge patch (RFC 7386). */

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const base = isPlainObject(target) ? target : {};
  const keys = new Set([...Object.keys(base), ...Object.keys(patch)]);
  const entries = [...keys].flatMap((key): [string, unknown][] => {
    if (!(key in patch)) return [[key, base[key]]];
    const value = patch[key];
    return value === null ? [] : [[key, applyMergePatch(base[key], value)]];
  });
  return Object.fromEntries(entries);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
