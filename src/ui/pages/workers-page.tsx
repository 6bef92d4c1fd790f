/** The fleet as a table: phase, template, region, address, CML, licence, capacity, sessions, idle. */
import type { Worker } from '../../resources/kinds/worker.js';
import { WorkerCapacityBars } from '../components/worker-capacity-bars';
import { formatDuration } from '../components/format';
import { Link } from '../components/link';
import { PhaseBadge } from '../components/phase-badge';
import { useNow } from '../components/use-now';
import { useObjects } from '../state/live-context';
import { workerPath } from '../state/router';

/** Sessions placed on the worker (its other allocations are labs kept for reuse). */
function sessionsOn(worker: Worker): number {
  return (worker.status?.allocations ?? []).filter((a) => a.holder.kind === 'LabletSession').length;
}

export function WorkersPage() {
  const now = useNow(5000);
  const { items, synced } = useObjects<Worker>('Worker');
  const workers = [...items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  return (
    <>
      <h1>Workers</h1>
      {!synced && <p role="status">Loading workers…</p>}
      {synced && workers.length === 0 && (
        <p className="muted">No workers: the fleet scales up when a class needs one.</p>
      )}
      {workers.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Workers</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Phase</th>
                <th scope="col">Template</th>
                <th scope="col">Region</th>
                <th scope="col">IP</th>
                <th scope="col">CML</th>
                <th scope="col">Licence</th>
                <th scope="col">Capacity</th>
                <th scope="col">Sessions</th>
                <th scope="col">Idle for</th>
              </tr>
            </thead>
            <tbody>
              {workers.map((worker) => {
                const status = worker.status;
                const capacity = status?.capacity;
                const flags = [
                  worker.spec.unschedulable && 'cordoned',
                  worker.spec.drain && 'draining',
                ].filter(Boolean);
                return (
                  <tr key={worker.metadata.name}>
                    <th scope="row">
                      <Link href={workerPath(worker.metadata.name)}>{worker.metadata.name}</Link>
                    </th>
                    <td>
                      <PhaseBadge phase={status?.phase} />{' '}
                      {flags.length > 0 && <span className="muted">({flags.join(', ')})</span>}
                    </td>
                    <td>{worker.spec.template}</td>
                    <td>{worker.spec.region}</td>
                    <td>{status?.publicIp ?? status?.privateIp ?? '—'}</td>
                    <td>{status?.cml?.version ?? '—'}</td>
                    <td>
                      {status?.cml?.license
                        ? `${status.cml.license.status}${status.cml.license.type ? ` (${status.cml.license.type})` : ''}`
                        : '—'}
                    </td>
                    <td className="capacity-cell">
                      {capacity ? <WorkerCapacityBars capacity={capacity} compact /> : '—'}
                    </td>
                    <td>{sessionsOn(worker)}</td>
                    <td>
                      {status?.idle ? formatDuration(now - Date.parse(status.idle.since)) : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
