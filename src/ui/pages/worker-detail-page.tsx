/** One worker: summary, actions, metrics sparkline, allocations, conditions and phase history. */
import type { Worker } from '../../resources/kinds/worker.js';
import { ActionButton } from '../components/action-button';
import { WorkerCapacityBars } from '../components/worker-capacity-bars';
import { ConditionsTable } from '../components/conditions-table';
import { formatMemory, formatTime } from '../components/format';
import { Link } from '../components/link';
import { PhaseBadge } from '../components/phase-badge';
import { PhaseTimeline } from '../components/phase-timeline';
import { Sparkline } from '../components/sparkline';
import { useNow } from '../components/use-now';
import { useLiveSnapshot, useObject, usePrincipal } from '../state/live-context';
import { can } from '../state/permissions';
import { sessionPath } from '../state/router';

function WorkerActions(props: { worker: Worker }) {
  const { worker } = props;
  const principal = usePrincipal();
  const phase = worker.status?.phase;
  const offer = (action: string) => can(principal, `action:${action}`, 'Worker');
  const running = phase === 'Running' || phase === 'Draining';
  return (
    <div className="actions" role="group" aria-label="Worker actions">
      {offer('drain') && !worker.spec.drain && running && (
        <ActionButton object={worker} action="drain" label="Drain" confirm />
      )}
      {offer('cancel-drain') && worker.spec.drain && (
        <ActionButton object={worker} action="cancel-drain" label="Cancel drain" />
      )}
      {offer('cordon') && !worker.spec.unschedulable && (
        <ActionButton object={worker} action="cordon" label="Cordon" />
      )}
      {offer('uncordon') && worker.spec.unschedulable && (
        <ActionButton object={worker} action="uncordon" label="Uncordon" />
      )}
      {offer('start') && worker.spec.desiredState !== 'Running' && (
        <ActionButton object={worker} action="start" label="Start" />
      )}
      {offer('stop') && worker.spec.desiredState === 'Running' && (
        <ActionButton object={worker} action="stop" label="Stop" confirm />
      )}
    </div>
  );
}

export function WorkerDetailPage(props: { name: string }) {
  const now = useNow(5000);
  const { object: worker, synced } = useObject<Worker>('Worker', undefined, props.name);
  const samples = useLiveSnapshot().samples.get(props.name) ?? [];
  if (!worker)
    return (
      <>
        <h1>Worker {props.name}</h1>
        <p role="status">{synced ? 'This worker does not exist (any more).' : 'Loading…'}</p>
      </>
    );
  const status = worker.status;
  const capacity = status?.capacity;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/workers">Workers</Link> /
      </p>
      <h1>
        Worker {worker.metadata.name} <PhaseBadge phase={status?.phase} />
      </h1>
      <WorkerActions worker={worker} />
      <dl className="facts">
        <dt>Template</dt>
        <dd>{worker.spec.template}</dd>
        <dt>Region</dt>
        <dd>{worker.spec.region}</dd>
        <dt>Desired state</dt>
        <dd>
          {worker.spec.desiredState}
          {worker.spec.unschedulable ? ', cordoned' : ''}
          {worker.spec.drain ? ', draining' : ''}
        </dd>
        <dt>Instance</dt>
        <dd>{status?.instanceId ?? '—'}</dd>
        <dt>Addresses</dt>
        <dd>{[status?.privateIp, status?.publicIp].filter(Boolean).join(', ') || '—'}</dd>
        <dt>CML</dt>
        <dd>
          {status?.cml?.version ?? '—'} · service {status?.cml?.service ?? '—'} · licence{' '}
          {status?.cml?.license?.status ?? '—'}
          {status?.cml?.license?.nodeLimit !== undefined
            ? ` (${status.cml.license.nodesInUse ?? 0} / ${status.cml.license.nodeLimit} nodes)`
            : ''}
        </dd>
        <dt>Last activity</dt>
        <dd>{formatTime(status?.lastActivityAt)}</dd>
        <dt>Idle</dt>
        <dd>
          {status?.idle ? `since ${formatTime(status.idle.since)}: ${status.idle.reason}` : 'no'}
        </dd>
      </dl>
      <section aria-labelledby="metrics-heading">
        <h2 id="metrics-heading">Metrics</h2>
        <div className="metrics">
          <Sparkline label="CPU" values={samples.map((s) => s.cpuPercent)} />
          <Sparkline label="Memory" values={samples.map((s) => s.memoryPercent)} />
          {status?.metrics && (
            <p className="muted">
              {status.metrics.labsRunning} labs, {status.metrics.nodesRunning} nodes running · disk{' '}
              {status.metrics.diskPercent.toFixed(0)} % · collected{' '}
              {formatTime(status.metrics.collectedAt)}
            </p>
          )}
        </div>
        {capacity && (
          <div className="capacity-block">
            <WorkerCapacityBars capacity={capacity} />
          </div>
        )}
      </section>
      <section aria-labelledby="allocations-heading">
        <h2 id="allocations-heading">Allocations</h2>
        {(status?.allocations ?? []).length === 0 ? (
          <p className="muted">Nothing is placed on this worker.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Holder</th>
                <th scope="col">CPU</th>
                <th scope="col">Memory</th>
                <th scope="col">Storage</th>
                <th scope="col">Nodes</th>
                <th scope="col">Ports</th>
              </tr>
            </thead>
            <tbody>
              {(status?.allocations ?? []).map((allocation) => (
                <tr
                  key={`${allocation.holder.kind}/${allocation.holder.namespace ?? ''}/${allocation.holder.name}`}
                >
                  <th scope="row">
                    {allocation.holder.kind === 'LabletSession' ? (
                      <Link href={sessionPath(allocation.holder.namespace, allocation.holder.name)}>
                        {allocation.holder.name}
                      </Link>
                    ) : (
                      `${allocation.holder.kind} ${allocation.holder.name}`
                    )}
                  </th>
                  <td>{allocation.cpu}</td>
                  <td>{formatMemory(allocation.memoryMiB)}</td>
                  <td>{allocation.storageGiB} GiB</td>
                  <td>{allocation.nodes}</td>
                  <td>
                    {allocation.ports.map((port) => `${port.name}:${port.port}`).join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="conditions-heading">
        <h2 id="conditions-heading">Conditions</h2>
        <ConditionsTable conditions={status?.conditions} />
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <PhaseTimeline history={status?.history} nowMs={now} finalPhases={['Terminated']} />
      </section>
    </>
  );
}
