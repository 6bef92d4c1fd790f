/** An object's `status.conditions` as a table. */
import type { Condition } from '../../resources/index.js';
import { formatTime } from './format';
import { PhaseBadge } from './phase-badge';

export function ConditionsTable(props: { conditions: readonly Condition[] | undefined }) {
  const conditions = props.conditions ?? [];
  if (conditions.length === 0) return <p className="muted">No conditions reported.</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">Conditions</caption>
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col">Message</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {conditions.map((condition) => (
          <tr key={condition.type}>
            <th scope="row">{condition.type}</th>
            <td>
              <PhaseBadge phase={condition.status} />
            </td>
            <td>{condition.reason ?? '—'}</td>
            <td>{condition.message ?? '—'}</td>
            <td>{formatTime(condition.lastTransitionTime)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
