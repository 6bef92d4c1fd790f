/** Extends a session's timeslot (`POST …/extend {end}`), up to the definition's maximum. */
import { useState, type SyntheticEvent } from 'react';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { messageOf } from '../api/api-error';
import { runAction } from '../api/resources-api';
import { useStore } from '../state/live-context';
import { toLocalInput } from './format';

export function ExtendForm(props: { session: LabletSession }) {
  const { session } = props;
  const store = useStore();
  const currentEnd = Date.parse(session.spec.timeslot?.end ?? new Date().toISOString());
  const [end, setEnd] = useState(() => toLocalInput(currentEnd + 15 * 60_000));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      store.applyResponse(await runAction(session, 'extend', { end: new Date(end).toISOString() }));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)}>
      <label>
        New end
        <input
          type="datetime-local"
          value={end}
          required
          onChange={(event) => setEnd(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        Extend
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
