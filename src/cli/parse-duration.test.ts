/** Durations and times on the command line: units, combinations, offsets and refusals naming the flag. */
import { describe, expect, it } from 'vitest';
import { parseDuration, parseTimeOrOffset } from './parse-duration.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each(['', '10', 'ten minutes', '5m extra', '1x'])(
    'refuses %j with Invalid naming the flag',
    (text) => {
      expect(() => parseDuration(text, '--timeout')).toThrow(
        expect.objectContaining({ reason: 'Invalid', details: { field: '--timeout' } }),
      );
    },
  );
});

describe('parseTimeOrOffset', () => {
  it('reads an RFC 3339 time and an offset from now', () => {
    expect(parseTimeOrOffset('2026-03-01T12:00:00+01:00', NOW, '--end')).toBe(
      '2026-03-01T11:00:00.000Z',
    );
    expect(parseTimeOrOffset('+30m', NOW, '--end')).toBe('2026-03-01T10:30:00.000Z');
  });

  it('refuses a date without a time and words', () => {
    for (const text of ['2026-03-01', 'tomorrow', '+soon'])
      expect(() => parseTimeOrOffset(text, NOW, '--end')).toThrow(
        expect.objectContaining({ reason: 'Invalid', details: { field: '--end' } }),
      );
  });
});
