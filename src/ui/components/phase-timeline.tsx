/**
 * `status.history` as a timeline: one segment per phase, as wide as the time spent in it, and a
 * table with each phase's start, duration, reason and actor. The current phase runs until now.
 */
import { formatDuration, formatTime } from './format';
import { PhaseBadge } from './phase-badge';

export interface HistoryEntry {
  from?: string;
  to: string;
  at: string;
  reason?: string;
  actor?: string;
}

interface Span extends HistoryEntry {
  durationMs: number;
  current: boolean;
}

/** Each entered phase with how long it lasted (the last one: until `nowMs`, unless final). */
export function phaseSpans(
  history: readonly HistoryEntry[],
  nowMs: number,
  finalPhases: readonly string[] = [],
): Span[] {
  return history.map((entry, index) => {
    const next = history[index + 1];
    const last = next === undefined;
    const endMs = next
      ? Date.parse(next.at)
      : finalPhases.includes(entry.to)
        ? Date.parse(entry.at)
        : nowMs;
    return { ...entry, durationMs: Math.max(0, endMs - Date.parse(entry.at)), current: last };
  });
}

export function PhaseTimeline(props: {
  history: readonly HistoryEntry[] | undefined;
  nowMs: number;
  finalPhases?: readonly string[];
}) {
  const spans = phaseSpans(props.history ?? [], props.nowMs, props.finalPhases);
  if (spans.length === 0) return <p className="muted">No phase changes recorded yet.</p>;
  const total = spans.reduce((sum, span) => sum + span.durationMs, 0) || 1;
  return (
    <div className="timeline">
      <div className="timeline-strip" aria-hidden="true">
        {spans.map((span, index) => (
          <div
            key={`${span.to}-${index}`}
            className="timeline-segment"
            data-phase={span.to}
            style={{ flexGrow: Math.max(span.durationMs / total, 0.02) }}
            title={`${span.to}: ${formatDuration(span.durationMs)}`}
          >
            {span.to}
          </div>
        ))}
      </div>
      <table className="table">
        <caption className="visually-hidden">Phase history</caption>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Entered</th>
            <th scope="col">Duration</th>
            <th scope="col">Reason</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {spans.map((span, index) => (
            <tr key={`${span.to}-${index}`}>
              <th scope="row">
                <PhaseBadge phase={span.to} />
              </th>
              <td>{formatTime(span.at)}</td>
              <td>
                {formatDuration(span.durationMs)}
                {span.current && !props.finalPhases?.includes(span.to) ? ' (so far)' : ''}
              </td>
              <td>{span.reason ?? '—'}</td>
              <td>{span.actor ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
