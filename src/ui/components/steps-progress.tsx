/** The instantiation and teardown steps of a session, with a progress bar of those done. */
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { formatDuration } from './format';
import { PhaseBadge } from './phase-badge';

type Step = NonNullable<NonNullable<LabletSession['status']>['steps']>[number];

export function StepsProgress(props: { steps: readonly Step[] | undefined }) {
  const steps = props.steps ?? [];
  if (steps.length === 0) return <p className="muted">No steps have run yet.</p>;
  const done = steps.filter(
    (step) => step.phase === 'Completed' || step.phase === 'Skipped',
  ).length;
  return (
    <>
      <progress max={steps.length} value={done} aria-label="Steps done">
        {done} of {steps.length}
      </progress>{' '}
      <span>
        {done} of {steps.length} steps done
      </span>
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.name}>
            <PhaseBadge phase={step.phase} /> {step.name}
            {step.attempts > 1 && <span className="muted"> · {step.attempts} attempts</span>}
            {step.startedAt && step.completedAt && (
              <span className="muted">
                {' '}
                · {formatDuration(Date.parse(step.completedAt) - Date.parse(step.startedAt))}
              </span>
            )}
            {step.error && <span className="error"> · {step.error}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
