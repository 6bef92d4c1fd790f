/**
 * The student's view: my sessions with their state, a countdown to the start or the end, the
 * Open-lab link while the lab is up, and the score once graded.
 */
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { ScoreReport } from '../../resources/kinds/score-report.js';
import { formatDuration } from '../components/format';
import { ScoreLine } from '../components/grading-result';
import { Link } from '../components/link';
import { PhaseBadge } from '../components/phase-badge';
import { useNow } from '../components/use-now';
import { useObjects, usePrincipal } from '../state/live-context';
import { SESSION_ENDING_PHASES } from '../state/phases';
import { sessionPath } from '../state/router';

const OPEN_PHASES = ['Ready', 'Running'];

function Countdown(props: { session: LabletSession; now: number }) {
  const { session, now } = props;
  const slot = session.spec.timeslot;
  const phase = session.status?.phase ?? 'Pending';
  if (!slot || SESSION_ENDING_PHASES.includes(phase)) return null;
  const start = Date.parse(slot.start);
  const end = Date.parse(slot.end);
  if (now < start) return <span>Starts in {formatDuration(start - now)}</span>;
  if (now < end) return <span>Ends in {formatDuration(end - now)}</span>;
  return <span>Time is up</span>;
}

function LabCard(props: {
  session: LabletSession;
  definitions: readonly LabletDefinition[];
  reports: readonly ScoreReport[];
  now: number;
}) {
  const { session, definitions, reports, now } = props;
  const phase = session.status?.phase ?? 'Pending';
  const definition = definitions.find((d) => d.metadata.name === session.spec.definition.name);
  const report = reports.find((r) => r.metadata.name === session.status?.grading?.scoreReport);
  const loginUrl = session.status?.access?.loginUrl;
  const title = definition?.spec.displayName ?? session.spec.definition.name ?? 'Lab';
  return (
    <li className="card lab-card" data-session={session.metadata.name}>
      <h2>
        <Link href={sessionPath(session.metadata.namespace, session.metadata.name)}>{title}</Link>
      </h2>
      <p>
        <PhaseBadge phase={phase} />{' '}
        {session.status?.outcome && <PhaseBadge phase={session.status.outcome} />}{' '}
        <Countdown session={session} now={now} />
      </p>
      {OPEN_PHASES.includes(phase) && loginUrl ? (
        <a className="button" href={loginUrl} target="_blank" rel="noreferrer">
          Open lab
        </a>
      ) : (
        !SESSION_ENDING_PHASES.includes(phase) && (
          <p className="muted">Your lab is being prepared.</p>
        )
      )}
      {report && (
        <p>
          Score: <ScoreLine report={report} />
        </p>
      )}
    </li>
  );
}

export function MyLabsPage() {
  const now = useNow();
  const principal = usePrincipal();
  const { items, synced } = useObjects<LabletSession>('LabletSession');
  const definitions = useObjects<LabletDefinition>('LabletDefinition').items;
  const reports = useObjects<ScoreReport>('ScoreReport').items;
  // The stream sends a user only their own sessions; the filter keeps an operator's view personal too.
  const mine = items
    .filter((session) => session.spec.owner.userId === principal.id)
    .sort((a, b) => (b.spec.timeslot?.start ?? '').localeCompare(a.spec.timeslot?.start ?? ''));
  return (
    <>
      <h1>My labs</h1>
      {!synced && <p role="status">Loading your labs…</p>}
      {synced && mine.length === 0 && (
        <p>You have no labs yet. Your instructor books them for your class.</p>
      )}
      <ul className="lab-cards" aria-live="polite">
        {mine.map((session) => (
          <LabCard
            key={session.metadata.name}
            session={session}
            definitions={definitions}
            reports={reports}
            now={now}
          />
        ))}
      </ul>
    </>
  );
}
