/** Counts by phase as a definition list, in the kind's phase order; announced as they change. */
import { PhaseBadge } from './phase-badge';

export function PhaseCounts(props: {
  label: string;
  counts: ReadonlyMap<string, number>;
  order: readonly string[];
}) {
  const { label, counts, order } = props;
  const phases = [
    ...order.filter((phase) => counts.has(phase)),
    ...[...counts.keys()].filter((p) => !order.includes(p)),
  ];
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return (
    <div aria-live="polite" aria-label={label}>
      <p className="total">
        <strong data-testid={`${label}-total`}>{total}</strong> in all
      </p>
      {phases.length > 0 && (
        <dl className="counts">
          {phases.map((phase) => (
            <div key={phase} className="count" data-phase={phase}>
              <dt>
                <PhaseBadge phase={phase} />
              </dt>
              <dd>{counts.get(phase)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
