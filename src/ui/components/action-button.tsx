/**
 * A button for one action on an object (`POST {object}/{action}`): shows progress, applies the
 * answer to the cache (merged by resourceVersion, so a newer streamed state wins) and shows the
 * API's refusal beside it. `confirm` asks for a second click before a destructive action.
 */
import { useState } from 'react';
import type { AnyResource } from '../../resources/index.js';
import { messageOf } from '../api/api-error';
import { runAction } from '../api/resources-api';
import { useStore } from '../state/live-context';

export interface ActionButtonProps {
  object: AnyResource;
  action: string;
  label: string;
  body?: unknown;
  confirm?: boolean;
  disabled?: boolean;
}

export function ActionButton(props: ActionButtonProps) {
  const { object, action, label, body, confirm = false, disabled = false } = props;
  const store = useStore();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = async () => {
    setAsking(false);
    setBusy(true);
    setError(undefined);
    try {
      store.applyResponse(await runAction(object, action, body));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  if (asking)
    return (
      <span className="confirm" role="group" aria-label={`Confirm ${label.toLowerCase()}`}>
        <button type="button" className="danger" onClick={() => void run()} autoFocus>
          Confirm {label.toLowerCase()}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          Keep
        </button>
      </span>
    );
  return (
    <span className="action">
      <button
        type="button"
        disabled={disabled || busy}
        aria-busy={busy}
        onClick={() => (confirm ? setAsking(true) : void run())}
      >
        {busy ? `${label}…` : label}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
