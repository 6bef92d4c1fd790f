/** Durations (`90s`, `10m`, `1h30m`) and times (`2026-03-01T10:00:00Z` or `+30m` from now) on the command line. */
import { InvalidError } from '../errors/index.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Milliseconds of a duration such as `45s`, `10m` or `1h30m`; `Invalid` naming `field`. */
export function parseDuration(text: string, field: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text)
    throw new InvalidError(`${field} "${text}" is not a duration; write e.g. 90s, 10m or 1h30m`, {
      details: { field },
    });
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * (UNIT_MS[unit ?? ''] ?? 0),
    0,
  );
}

/** An RFC 3339 time, or `+<duration>` after `nowMs`, as an ISO string. */
export function parseTimeOrOffset(text: string, nowMs: number, field: string): string {
  if (text.startsWith('+'))
    return new Date(nowMs + parseDuration(text.slice(1), field)).toISOString();
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}T/.test(text))
    throw new InvalidError(
      `${field} "${text}" is not a time; write e.g. 2026-03-01T10:00:00Z or +30m`,
      { details: { field } },
    );
  return new Date(at).toISOString();
}
