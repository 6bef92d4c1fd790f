/** Turns a `POST /api/events` request into a validated CloudEvent 1.0 (structured or binary mode). */
import type { IncomingHttpHeaders } from 'node:http';
import { CloudEvent, HTTP, ValidationError, type CloudEventV1 } from 'cloudevents';
import { BadRequestError } from './bad-request-error.js';

/** The attributes ingest uses, with `data` as a JSON object (`{}` when it is anything else). */
export interface IncomingEvent {
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  data: Record<string, unknown>;
}

/**
 * Parses and validates one event with the `cloudevents` SDK. Throws `BadRequestError` for batch
 * mode, anything that is not a CloudEvent, a missing required attribute, or a spec version other
 * than 1.0.
 */
export function parseCloudEvent(message: {
  headers: IncomingHttpHeaders;
  body: string;
}): IncomingEvent {
  if (message.headers['content-type']?.startsWith('application/cloudevents-batch'))
    throw new BadRequestError('batch mode is not supported: send one event per request');
  const parsed = toValidEvent(message);
  // The SDK invents an id when none is given, which would defeat de-duplication.
  if (!hasDeclaredId(message))
    throw new BadRequestError('not a valid CloudEvent: the id attribute is required');
  if (parsed.specversion !== '1.0')
    throw new BadRequestError(
      `CloudEvents specversion ${parsed.specversion} is not supported; send 1.0`,
    );
  const data = parsed.data;
  return {
    id: parsed.id,
    source: parsed.source,
    type: parsed.type,
    ...(parsed.subject === undefined ? {} : { subject: parsed.subject }),
    ...(parsed.time === undefined ? {} : { time: parsed.time }),
    data: isRecord(data) ? data : {},
  };
}

function toValidEvent(message: {
  headers: IncomingHttpHeaders;
  body: string;
}): CloudEventV1<unknown> {
  try {
    const parsed = HTTP.toEvent<unknown>({ headers: message.headers, body: message.body });
    if (Array.isArray(parsed))
      throw new BadRequestError('batch mode is not supported: send one event per request');
    // toEvent does not validate; the constructor does (required attributes, extension names).
    return new CloudEvent<unknown>(parsed);
  } catch (error) {
    if (error instanceof BadRequestError) throw error;
    throw new BadRequestError(`not a valid CloudEvent: ${describe(error)}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the sender gave a non-empty id (`id` of a structured body, else header `ce-id`). */
function hasDeclaredId(message: { headers: IncomingHttpHeaders; body: string }): boolean {
  if (!message.headers['content-type']?.startsWith('application/cloudevents'))
    return isNonEmptyString(message.headers['ce-id']);
  try {
    const body: unknown = JSON.parse(message.body);
    return isRecord(body) && isNonEmptyString(body.id);
  } catch {
    return false;
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function describe(error: unknown): string {
  if (error instanceof ValidationError) {
    const first: unknown = error.errors?.[0];
    if (typeof first === 'string') return first;
    if (isRecord(first) && typeof first.message === 'string')
      return `${typeof first.instancePath === 'string' && first.instancePath ? `${first.instancePath} ` : ''}${first.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
