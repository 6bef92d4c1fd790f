/** The audit trail (admin): who changed what and when, filtered and paged oldest first. */
import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import type { AuditRecord } from '../../resources/kinds/audit-record.js';
import { messageOf } from '../api/api-error';
import { queryAudit, type AuditFilter } from '../api/audit-api';
import { formatTime } from '../components/format';

const PAGE = 100;
const FIELDS = [
  ['actor', 'Actor'],
  ['verb', 'Verb'],
  ['kind', 'Kind'],
  ['namespace', 'Namespace'],
  ['name', 'Name'],
] as const;

function target(record: AuditRecord): string {
  const { kind, namespace, name } = record.spec.target;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** A changed value as JSON; absent (created or removed) as ∅. */
function shown(value: unknown): string {
  return value === undefined ? '∅' : JSON.stringify(value);
}

function Changes(props: { record: AuditRecord }) {
  const { changes } = props.record.spec;
  if (changes.length === 0) return <span className="muted">—</span>;
  return (
    <details>
      <summary>{changes.length} changes</summary>
      <ul className="changes">
        {changes.map((change) => (
          <li key={change.path}>
            <code>{change.path}</code>: {shown(change.before)} → {shown(change.after)}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function AuditPage() {
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const load = useCallback(async (applied: AuditFilter, from?: string) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await queryAudit(applied, { limit: PAGE, ...(from ? { continue: from } : {}) });
      setRecords((held) => (from ? [...held, ...page.items] : page.items));
      setNext(page.continue);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => void load(filter), [load, filter]);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setFilter({ ...draft });
  };
  const setField = (key: keyof AuditFilter, value: string) =>
    setDraft({ ...draft, [key]: value || undefined });
  return (
    <>
      <h1>Audit</h1>
      <form className="filters" aria-label="Filter the audit trail" onSubmit={submit}>
        {FIELDS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input
              value={draft[key] ?? ''}
              onChange={(event) => setField(key, event.target.value)}
            />
          </label>
        ))}
        <label>
          Since
          <input
            type="datetime-local"
            onChange={(event) =>
              setField(
                'since',
                event.target.value ? new Date(event.target.value).toISOString() : '',
              )
            }
          />
        </label>
        <label>
          Until
          <input
            type="datetime-local"
            onChange={(event) =>
              setField(
                'until',
                event.target.value ? new Date(event.target.value).toISOString() : '',
              )
            }
          />
        </label>
        <button type="submit">Apply filters</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted" aria-live="polite">
        {loading ? 'Loading…' : `${records.length} records, oldest first`}
      </p>
      {records.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label="Audit records">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Verb</th>
                <th scope="col">Target</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => (
                <tr key={record.metadata.name}>
                  <td>{formatTime(record.spec.at)}</td>
                  <td>
                    {record.spec.actor.username}{' '}
                    <span className="muted">({record.spec.actor.via})</span>
                  </td>
                  <td>{record.spec.verb}</td>
                  <th scope="row">{target(record)}</th>
                  <td>
                    <Changes record={record} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" disabled={loading} onClick={() => void load(filter, next)}>
          Load more
        </button>
      )}
    </>
  );
}
