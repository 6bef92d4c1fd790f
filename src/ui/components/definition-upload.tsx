/**
 * Creates a LabletDefinition from a YAML document (uploaded or pasted). YAML syntax errors and the
 * API's validation errors (`details.field`) are shown beside the document, field named.
 */
import { useId, useState, type ChangeEvent, type SyntheticEvent } from 'react';
import { parse } from 'yaml';
import { ApiError, messageOf } from '../api/api-error';
import { createObject } from '../api/resources-api';
import { DEFAULT_NAMESPACE } from '../api/resource-paths';
import { useStore } from '../state/live-context';

interface UploadError {
  field?: string;
  message: string;
}

function toObject(text: string): Record<string, unknown> {
  const document: unknown = parse(text);
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new Error(
      'the document must be a LabletDefinition object (apiVersion, kind, metadata, spec)',
    );
  return document as Record<string, unknown>;
}

export function DefinitionUpload() {
  const store = useStore();
  const errorId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<UploadError | undefined>();
  const [created, setCreated] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  };
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(undefined);
    setCreated(undefined);
    let object: Record<string, unknown>;
    try {
      object = toObject(text);
    } catch (caught) {
      setError({ field: 'YAML', message: messageOf(caught) });
      return;
    }
    setBusy(true);
    try {
      const metadata = (object.metadata ?? {}) as { namespace?: string };
      const answer = await createObject(
        'LabletDefinition',
        object,
        metadata.namespace ?? DEFAULT_NAMESPACE,
      );
      store.applyResponse(answer);
      setCreated(answer.metadata.name);
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? { ...(caught.field ? { field: caught.field } : {}), message: caught.message }
          : { message: messageOf(caught) },
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="upload"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="upload-heading"
    >
      <h2 id="upload-heading">New definition</h2>
      <label>
        YAML file
        <input
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml"
          onChange={(event) => void readFile(event)}
        />
      </label>
      <label>
        Definition (YAML)
        <textarea
          name="definition"
          rows={14}
          spellCheck={false}
          value={text}
          required
          onChange={(event) => setText(event.target.value)}
          aria-invalid={error !== undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      {error && (
        <div id={errorId} className="field-error" role="alert">
          {error.field && <code>{error.field}</code>} {error.message}
        </div>
      )}
      {created && <p role="status">Created definition {created}.</p>}
      <button type="submit" disabled={busy || text.trim() === ''}>
        {busy ? 'Creating…' : 'Create definition'}
      </button>
    </form>
  );
}
