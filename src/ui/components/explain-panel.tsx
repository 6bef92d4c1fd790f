/**
 * Why a session is not placed yet (`GET …/explain`): the scheduler's decision, queue position,
 * the scale-up it waits for with its ETA, and per-worker verdicts. Refetched when the session changes.
 */
import { useEffect, useState } from 'react';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { messageOf } from '../api/api-error';
import { explainSession, type SchedulingExplanation } from '../api/resources-api';
import { formatRelative } from './format';
import { useNow } from './use-now';

export function ExplainPanel(props: { session: LabletSession }) {
  const { session } = props;
  const now = useNow();
  const [explanation, setExplanation] = useState<SchedulingExplanation | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const abort = new AbortController();
    explainSession(session, abort.signal)
      .then((answer) => {
        setExplanation(answer);
        setError(undefined);
      })
      .catch((caught: unknown) => {
        if (!abort.signal.aborted) setError(messageOf(caught));
      });
    return () => abort.abort();
    // A new object (a newer resourceVersion) arrives only when the session changed: ask again.
  }, [session]);
  return (
    <section className="card explain" aria-labelledby="explain-heading">
      <h2 id="explain-heading">Why is it not placed yet?</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!explanation && !error && <p role="status">Asking the scheduler…</p>}
      {explanation && (
        <>
          <p>{explanation.message}</p>
          <dl className="facts">
            {explanation.result && (
              <>
                <dt>Decision</dt>
                <dd>
                  {explanation.result}: {explanation.reason}
                </dd>
              </>
            )}
            {explanation.queuePosition !== undefined && (
              <>
                <dt>Queue position</dt>
                <dd>{explanation.queuePosition}</dd>
              </>
            )}
            {explanation.scaleUp && (
              <>
                <dt>Waiting for</dt>
                <dd>
                  new worker {explanation.scaleUp.worker} ({explanation.scaleUp.template})
                  {explanation.scaleUp.eta
                    ? `, ETA ${formatRelative(explanation.scaleUp.eta, now)}`
                    : ''}
                </dd>
              </>
            )}
          </dl>
          {explanation.workers && explanation.workers.length > 0 && (
            <table className="table">
              <caption>Workers considered</caption>
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">Fits</th>
                  <th scope="col">Why not</th>
                </tr>
              </thead>
              <tbody>
                {explanation.workers.map((verdict) => (
                  <tr key={verdict.name}>
                    <th scope="row">{verdict.name}</th>
                    <td>{verdict.fits ? 'yes' : 'no'}</td>
                    <td>
                      {verdict.fits ? '—' : `${verdict.reason ?? ''} ${verdict.message ?? ''}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
