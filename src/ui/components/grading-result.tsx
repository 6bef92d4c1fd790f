/** A session's grading: where it stands and, once reported, the score with its sections. */
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { ScoreReport } from '../../resources/kinds/score-report.js';
import { useObject } from '../state/live-context';
import { PhaseBadge } from './phase-badge';

export function ScoreLine(props: { report: ScoreReport }) {
  const { spec } = props.report;
  return (
    <span className="score">
      <strong>
        {spec.score} / {spec.maxScore}
      </strong>{' '}
      <PhaseBadge phase={spec.passed ? 'Completed' : 'Failed'} />{' '}
      {spec.passed ? 'passed' : 'not passed'}
    </span>
  );
}

export function GradingResult(props: { session: LabletSession }) {
  const grading = props.session.status?.grading;
  const { object: report } = useObject<ScoreReport>(
    'ScoreReport',
    props.session.metadata.namespace,
    grading?.scoreReport ?? '',
  );
  if (!grading) return <p className="muted">Not graded.</p>;
  return (
    <div>
      <p>
        Grading: <PhaseBadge phase={grading.phase} />
        {grading.error && <span className="error"> {grading.error}</span>}
      </p>
      {report && (
        <>
          <p>
            Score: <ScoreLine report={report} />
            {report.spec.reportUrl && (
              <>
                {' '}
                · <a href={report.spec.reportUrl}>full report</a>
              </>
            )}
          </p>
          {report.spec.sections.length > 0 && (
            <table className="table">
              <caption className="visually-hidden">Score by section</caption>
              <thead>
                <tr>
                  <th scope="col">Section</th>
                  <th scope="col">Score</th>
                </tr>
              </thead>
              <tbody>
                {report.spec.sections.map((section) => (
                  <tr key={section.name}>
                    <th scope="row">{section.name}</th>
                    <td>
                      {section.score} / {section.maxScore}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
