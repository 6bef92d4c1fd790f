/** Every session the caller may see, filterable by phase, owner, definition, worker and outcome. */
import { useMemo, useState } from 'react';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { formatTime } from '../components/format';
import { Link } from '../components/link';
import { PhaseBadge } from '../components/phase-badge';
import { useObjects } from '../state/live-context';
import { SESSION_OUTCOMES, SESSION_PHASE_ORDER } from '../state/phases';
import { sessionPath } from '../state/router';

interface Filter {
  phase: string;
  owner: string;
  definition: string;
  worker: string;
  outcome: string;
  reservation: string;
}

const NO_FILTER: Filter = {
  phase: '',
  owner: '',
  definition: '',
  worker: '',
  outcome: '',
  reservation: '',
};

function matches(session: LabletSession, filter: Filter): boolean {
  const phase = session.status?.phase ?? 'Pending';
  return (
    (!filter.phase || phase === filter.phase) &&
    (!filter.owner || session.spec.owner.userId.includes(filter.owner)) &&
    (!filter.definition || session.spec.definition.name === filter.definition) &&
    (!filter.worker || session.status?.worker === filter.worker) &&
    (!filter.outcome || session.status?.outcome === filter.outcome) &&
    (!filter.reservation || session.spec.reservation === filter.reservation)
  );
}

const distinct = (values: (string | undefined)[]) =>
  [...new Set(values.filter((v): v is string => Boolean(v)))].sort();

export function SessionsPage() {
  const { items, synced } = useObjects<LabletSession>('LabletSession');
  const [filter, setFilter] = useState<Filter>(() => {
    const reservation = new URLSearchParams(window.location.search).get('reservation') ?? '';
    return { ...NO_FILTER, reservation };
  });
  const shown = useMemo(
    () =>
      items
        .filter((session) => matches(session, filter))
        .sort(
          (a, b) =>
            (b.metadata.creationTimestamp ?? '').localeCompare(
              a.metadata.creationTimestamp ?? '',
            ) || a.metadata.name.localeCompare(b.metadata.name),
        ),
    [items, filter],
  );
  const set = (key: keyof Filter) => (event: { target: { value: string } }) =>
    setFilter({ ...filter, [key]: event.target.value });
  const select = (key: keyof Filter, label: string, options: readonly string[]) => (
    <label>
      {label}
      <select value={filter[key]} onChange={set(key)}>
        <option value="">any</option>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <h1>Sessions</h1>
      <form
        className="filters"
        aria-label="Filter sessions"
        onSubmit={(event) => event.preventDefault()}
      >
        {select('phase', 'Phase', SESSION_PHASE_ORDER)}
        <label>
          Owner
          <input type="search" value={filter.owner} onChange={set('owner')} placeholder="user id" />
        </label>
        {select('definition', 'Definition', distinct(items.map((s) => s.spec.definition.name)))}
        {select('worker', 'Worker', distinct(items.map((s) => s.status?.worker)))}
        {select('outcome', 'Outcome', SESSION_OUTCOMES)}
        {select('reservation', 'Reservation', distinct(items.map((s) => s.spec.reservation)))}
        <button type="button" onClick={() => setFilter(NO_FILTER)}>
          Clear filters
        </button>
      </form>
      <p aria-live="polite" className="muted">
        {synced ? `${shown.length} of ${items.length} sessions` : 'Loading sessions…'}
      </p>
      {shown.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label="Sessions">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Phase</th>
                <th scope="col">Owner</th>
                <th scope="col">Definition</th>
                <th scope="col">Worker</th>
                <th scope="col">Timeslot</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((session) => (
                <tr
                  key={`${session.metadata.namespace ?? ''}/${session.metadata.name}`}
                  data-session={session.metadata.name}
                >
                  <th scope="row">
                    <Link href={sessionPath(session.metadata.namespace, session.metadata.name)}>
                      {session.metadata.name}
                    </Link>
                  </th>
                  <td>
                    <PhaseBadge phase={session.status?.phase ?? 'Pending'} />
                  </td>
                  <td>{session.spec.owner.displayName ?? session.spec.owner.userId}</td>
                  <td>{session.spec.definition.name ?? session.spec.definition.family}</td>
                  <td>{session.status?.worker ?? '—'}</td>
                  <td>
                    {formatTime(session.spec.timeslot?.start)} –{' '}
                    {formatTime(session.spec.timeslot?.end)}
                  </td>
                  <td>
                    {session.status?.outcome ? <PhaseBadge phase={session.status.outcome} /> : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
