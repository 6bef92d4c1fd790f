/** Time spent in each phase of a history. */
import { describe, expect, it } from 'vitest';
import { phaseSpans } from './phase-timeline';

const history = [
  { to: 'Pending', at: '2026-01-01T10:00:00Z' },
  { from: 'Pending', to: 'Scheduled', at: '2026-01-01T10:00:30Z' },
  { from: 'Scheduled', to: 'Ready', at: '2026-01-01T10:02:00Z' },
];

describe('phaseSpans', () => {
  it('gives each phase the time until the next change, and the current one until now', () => {
    const now = Date.parse('2026-01-01T10:05:00Z');
    expect(phaseSpans(history, now).map((s) => [s.to, s.durationMs / 1000, s.current])).toEqual([
      ['Pending', 30, false],
      ['Scheduled', 90, false],
      ['Ready', 180, true],
    ]);
  });

  it('stops the clock in a final phase', () => {
    const ended = [...history, { from: 'Ready', to: 'Terminated', at: '2026-01-01T10:03:00Z' }];
    const spans = phaseSpans(ended, Date.parse('2026-01-01T11:00:00Z'), ['Terminated']);
    expect(spans.at(-1)).toMatchObject({ to: 'Terminated', durationMs: 0 });
  });
});
