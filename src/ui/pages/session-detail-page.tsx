/**
 * One session: phase timeline from `status.history`, step progress, ports and devices with access
 * links, the student's login link, grading, the actions the caller may take, and — while it waits
 * for a worker — the scheduler's explanation.
 */
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { AccessTable } from '../components/access-table';
import { ActionButton } from '../components/action-button';
import { ConditionsTable } from '../components/conditions-table';
import { ExplainPanel } from '../components/explain-panel';
import { ExtendForm } from '../components/extend-form';
import { formatRelative, formatTime } from '../components/format';
import { GradingResult } from '../components/grading-result';
import { Link } from '../components/link';
import { PhaseBadge } from '../components/phase-badge';
import { PhaseTimeline } from '../components/phase-timeline';
import { StepsProgress } from '../components/steps-progress';
import { useNow } from '../components/use-now';
import { useObject, usePrincipal } from '../state/live-context';
import { can, isOperator } from '../state/permissions';
import { SESSION_ENDING_PHASES } from '../state/phases';
import { workerPath } from '../state/router';

const COLLECTABLE = ['Ready', 'Running', 'Graded'];

function SessionActions(props: { session: LabletSession }) {
  const { session } = props;
  const principal = usePrincipal();
  const phase = session.status?.phase ?? 'Pending';
  const ending = SESSION_ENDING_PHASES.includes(phase) || session.spec.desiredState === 'Stopped';
  const offer = (action: string) => can(principal, `action:${action}`, 'LabletSession', session);
  if (ending) return null;
  return (
    <div className="actions" role="group" aria-label="Session actions">
      {offer('stop') && <ActionButton object={session} action="stop" label="Stop" confirm />}
      {offer('collect') && COLLECTABLE.includes(phase) && (
        <ActionButton object={session} action="collect" label="Collect and grade" />
      )}
      {offer('extend') && <ExtendForm session={session} />}
    </div>
  );
}

export function SessionDetailPage(props: { namespace: string; name: string }) {
  const now = useNow();
  const principal = usePrincipal();
  const { object: session, synced } = useObject<LabletSession>(
    'LabletSession',
    props.namespace,
    props.name,
  );
  const back = isOperator(principal)
    ? { href: '/sessions', label: 'Sessions' }
    : { href: '/my-labs', label: 'My labs' };
  if (!session)
    return (
      <>
        <h1>Session {props.name}</h1>
        <p role="status">{synced ? 'This session does not exist (any more).' : 'Loading…'}</p>
      </>
    );
  const { spec, status } = session;
  const phase = status?.phase ?? 'Pending';
  return (
    <>
      <p className="breadcrumb">
        <Link href={back.href}>{back.label}</Link> /
      </p>
      <h1>
        Session {session.metadata.name} <PhaseBadge phase={phase} />
        {status?.outcome && <PhaseBadge phase={status.outcome} />}
      </h1>
      <SessionActions session={session} />
      {status?.message && <p className="notice">{status.message}</p>}
      <dl className="facts">
        <dt>Owner</dt>
        <dd>
          {spec.owner.displayName ?? spec.owner.userId}
          {spec.owner.email ? ` <${spec.owner.email}>` : ''}
        </dd>
        <dt>Definition</dt>
        <dd>
          {spec.definition.name ?? spec.definition.family}{' '}
          {spec.definition.version && <span className="muted">v{spec.definition.version}</span>}
        </dd>
        <dt>Timeslot</dt>
        <dd>
          {formatTime(spec.timeslot?.start)} – {formatTime(spec.timeslot?.end)} (ends{' '}
          {formatRelative(spec.timeslot?.end, now)})
        </dd>
        {spec.reservation && (
          <>
            <dt>Reservation</dt>
            <dd>{spec.reservation}</dd>
          </>
        )}
        <dt>Worker</dt>
        <dd>
          {status?.worker ? (
            isOperator(principal) ? (
              <Link href={workerPath(status.worker)}>{status.worker}</Link>
            ) : (
              status.worker
            )
          ) : (
            '—'
          )}
        </dd>
        {status?.deadline && (
          <>
            <dt>Phase deadline</dt>
            <dd>{formatRelative(status.deadline, now)}</dd>
          </>
        )}
        <dt>Lab login</dt>
        <dd>
          {status?.access?.loginUrl && !SESSION_ENDING_PHASES.includes(phase) ? (
            <a href={status.access.loginUrl} target="_blank" rel="noreferrer">
              Open lab
            </a>
          ) : (
            <span className="muted">
              not available{status?.access ? ` (access ${status.access.phase})` : ''}
            </span>
          )}
        </dd>
      </dl>
      {phase === 'Pending' && <ExplainPanel session={session} />}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <PhaseTimeline history={status?.history} nowMs={now} finalPhases={['Terminated']} />
      </section>
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">Steps</h2>
        <StepsProgress steps={status?.steps} />
      </section>
      <section aria-labelledby="access-heading">
        <h2 id="access-heading">Ports and devices</h2>
        <AccessTable session={session} />
      </section>
      <section aria-labelledby="grading-heading">
        <h2 id="grading-heading">Grading</h2>
        <GradingResult session={session} />
      </section>
      <section aria-labelledby="conditions-heading">
        <h2 id="conditions-heading">Conditions</h2>
        <ConditionsTable conditions={status?.conditions} />
      </section>
    </>
  );
}
