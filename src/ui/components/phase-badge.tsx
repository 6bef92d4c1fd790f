/** A phase (or state, or outcome) as a coloured badge; the colour only repeats the word. */

const TONES: Record<string, string> = {
  Running: 'good',
  Ready: 'good',
  Active: 'good',
  Graded: 'good',
  Completed: 'good',
  Confirmed: 'good',
  Available: 'good',
  True: 'good',
  Pending: 'wait',
  Scheduled: 'wait',
  Provisioning: 'wait',
  Instantiating: 'wait',
  Starting: 'wait',
  Collecting: 'wait',
  Grading: 'wait',
  Draft: 'wait',
  Draining: 'warn',
  Stopping: 'warn',
  Deprecated: 'warn',
  Expired: 'warn',
  NoShow: 'warn',
  Cancelled: 'warn',
  Failed: 'bad',
  Unknown: 'bad',
  False: 'bad',
};

export function PhaseBadge(props: { phase: string | undefined }) {
  const phase = props.phase ?? 'Unknown';
  return (
    <span className={`badge badge-${TONES[phase] ?? 'idle'}`} data-phase={phase}>
      {phase}
    </span>
  );
}
