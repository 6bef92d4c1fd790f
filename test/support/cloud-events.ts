/**
 * Helpers for `POST /api/events` tests: a LabletSession walked into a phase through its machine,
 * and CloudEvents posted in structured or binary mode.
 */
import { CloudEvent, HTTP } from 'cloudevents';
import type { SessionPhase } from '../../src/resources/kinds/lablet-session.js';
import type { AnyResource } from '../../src/resources/index.js';
import type { ApiResponse, ApiWorld, ROLE_USERS } from './api-world.js';
import { aSession } from './builders.js';

const TO_READY: SessionPhase[] = ['Scheduled', 'Instantiating', 'Ready'];

/** The phases a new session passes through to reach each phase (SESSION_MACHINE). */
const PATHS: Partial<Record<SessionPhase, SessionPhase[]>> = {
  Pending: [],
  Instantiating: ['Scheduled', 'Instantiating'],
  Ready: TO_READY,
  Running: [...TO_READY, 'Running'],
  Collecting: [...TO_READY, 'Collecting'],
  Grading: [...TO_READY, 'Collecting', 'Grading'],
  Graded: [...TO_READY, 'Collecting', 'Grading', 'Graded'],
  Stopping: [...TO_READY, 'Stopping'],
  Stopped: [...TO_READY, 'Stopping', 'Stopped'],
};

/**
 * Creates session `name` (definition `ccna-1`, which must exist and be Active) and moves it to
 * `phase`, then merges `status` into its status.
 */
export async function aSessionInPhase(
  world: ApiWorld,
  name: string,
  phase: SessionPhase,
  status: Record<string, unknown> = {},
  namespace = 'default',
): Promise<AnyResource> {
  let session = await world.local.create(aSession(name, {}, namespace));
  for (const next of PATHS[phase] ?? [])
    session = await world.local.updateStatus({
      ...session,
      status: { ...session.status, phase: next },
    });
  return world.local.updateStatus({ ...session, status: { ...session.status, ...status } });
}

/** A CloudEvent of `type` from `source` (default `/tests`) with a fresh id unless one is given. */
export function anEvent(
  type: string,
  data: Record<string, unknown>,
  attributes: { id?: string; source?: string; subject?: string } = {},
): CloudEvent<Record<string, unknown>> {
  return new CloudEvent({ type, source: '/tests', ...attributes, data });
}

export interface PostEventOptions {
  /** A role's token (default `controller`), or `anonymous` with `headers` for API keys. */
  as?: (typeof ROLE_USERS)[number] | 'anonymous';
  mode?: 'structured' | 'binary';
  headers?: Record<string, string>;
}

export async function postEvent(
  world: ApiWorld,
  event: CloudEvent<unknown>,
  options: PostEventOptions = {},
): Promise<ApiResponse> {
  const message = options.mode === 'binary' ? HTTP.binary(event) : HTTP.structured(event);
  const headers: Record<string, string> = {};
  for (const [header, value] of Object.entries(message.headers))
    if (typeof value === 'string') headers[header] = value;
  return world.request(
    options.as ?? 'controller',
    'POST',
    '/api/events',
    typeof message.body === 'string' ? message.body : '',
    { ...headers, ...options.headers },
  );
}
