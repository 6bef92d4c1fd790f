/**
 * The fleet at a glance: workers and sessions by phase, capacity used of declared, the pending
 * queue, the next classes with their readiness, and recent failures with their reasons.
 */
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { CapacityBar } from '../components/capacity-bar';
import { countBy, formatMemory, formatRelative, formatTime } from '../components/format';
import { Link } from '../components/link';
import { PhaseCounts } from '../components/phase-counts';
import { ReservationReadiness } from '../components/reservation-readiness';
import { useNow } from '../components/use-now';
import { useObjects } from '../state/live-context';
import { SESSION_PHASE_ORDER, WORKER_GONE_PHASES, WORKER_PHASE_ORDER } from '../state/phases';
import { sessionPath, workerPath } from '../state/router';

interface Failure {
  at: string;
  what: string;
  href: string;
  reason: string;
}

function fleetCapacity(workers: readonly Worker[]) {
  const sum = { cpu: [0, 0], memoryMiB: [0, 0], nodes: [0, 0] } as Record<
    'cpu' | 'memoryMiB' | 'nodes',
    [number, number]
  >;
  for (const worker of workers) {
    if (WORKER_GONE_PHASES.includes(worker.status?.phase ?? '')) continue;
    const capacity = worker.status?.capacity;
    if (!capacity) continue;
    for (const key of ['cpu', 'memoryMiB', 'nodes'] as const) {
      sum[key][0] += capacity.allocated[key];
      sum[key][1] += capacity.declared[key];
    }
  }
  return sum;
}

function recentFailures(sessions: readonly LabletSession[], workers: readonly Worker[]): Failure[] {
  const failures: Failure[] = [];
  for (const session of sessions)
    if (session.status?.outcome === 'Failed' || session.status?.grading?.phase === 'Faulted') {
      const last = session.status.history?.at(-1);
      failures.push({
        at: session.status.endedAt ?? last?.at ?? session.metadata.creationTimestamp ?? '',
        what: `Session ${session.metadata.name}`,
        href: sessionPath(session.metadata.namespace, session.metadata.name),
        reason:
          session.status.message ??
          session.status.grading?.error ??
          last?.reason ??
          'no reason recorded',
      });
    }
  for (const worker of workers)
    if (worker.status?.phase === 'Failed') {
      const last = worker.status.history?.at(-1);
      const condition = worker.status.conditions?.find((c) => c.status === 'False');
      failures.push({
        at: last?.at ?? worker.metadata.creationTimestamp ?? '',
        what: `Worker ${worker.metadata.name}`,
        href: workerPath(worker.metadata.name),
        reason: condition?.message ?? last?.reason ?? 'no reason recorded',
      });
    }
  return failures.sort((a, b) => b.at.localeCompare(a.at)).slice(0, 8);
}

export function OverviewPage() {
  const now = useNow(5000);
  const workers = useObjects<Worker>('Worker').items;
  const sessions = useObjects<LabletSession>('LabletSession').items;
  const reservations = useObjects<Reservation>('Reservation').items;
  const capacity = fleetCapacity(workers);
  const pending = sessions.filter((s) => (s.status?.phase ?? 'Pending') === 'Pending').length;
  const upcoming = reservations
    .filter((r) => Date.parse(r.spec.end) > now && r.spec.state !== 'Cancelled')
    .sort((a, b) => a.spec.start.localeCompare(b.spec.start))
    .slice(0, 5);
  const failures = recentFailures(sessions, workers);
  return (
    <>
      <h1>Overview</h1>
      <div className="grid">
        <section className="card" aria-labelledby="workers-heading">
          <h2 id="workers-heading">Workers</h2>
          <PhaseCounts
            label="workers"
            counts={countBy(workers, (w) => w.status?.phase)}
            order={WORKER_PHASE_ORDER}
          />
        </section>
        <section className="card" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Sessions</h2>
          <PhaseCounts
            label="sessions"
            counts={countBy(sessions, (s) => s.status?.phase ?? 'Pending')}
            order={SESSION_PHASE_ORDER}
          />
          <p aria-live="polite">
            Pending queue: <strong data-testid="pending-queue">{pending}</strong>
          </p>
        </section>
        <section className="card" aria-labelledby="capacity-heading">
          <h2 id="capacity-heading">Fleet capacity</h2>
          <CapacityBar label="CPU (vCPU)" used={capacity.cpu[0]} total={capacity.cpu[1]} />
          <CapacityBar
            label="Memory"
            used={capacity.memoryMiB[0]}
            total={capacity.memoryMiB[1]}
            format={formatMemory}
          />
          <CapacityBar label="CML nodes" used={capacity.nodes[0]} total={capacity.nodes[1]} />
        </section>
      </div>
      <section aria-labelledby="classes-heading">
        <h2 id="classes-heading">Next classes</h2>
        {upcoming.length === 0 ? (
          <p className="muted">No upcoming reservations.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Reservation</th>
                <th scope="col">Starts</th>
                <th scope="col">Definition</th>
                <th scope="col">Readiness</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((reservation) => (
                <tr key={reservation.metadata.name}>
                  <th scope="row">
                    <Link href="/reservations">{reservation.metadata.name}</Link>
                  </th>
                  <td>
                    {formatTime(reservation.spec.start)} (
                    {formatRelative(reservation.spec.start, now)})
                  </td>
                  <td>{reservation.spec.definition.name ?? reservation.spec.definition.family}</td>
                  <td>
                    <ReservationReadiness reservation={reservation} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="failures-heading">
        <h2 id="failures-heading">Recent failures</h2>
        {failures.length === 0 ? (
          <p className="muted">No failures.</p>
        ) : (
          <ul className="failures">
            {failures.map((failure) => (
              <li key={failure.href}>
                <Link href={failure.href}>{failure.what}</Link>{' '}
                <span className="muted">{formatTime(failure.at)}</span>: {failure.reason}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
