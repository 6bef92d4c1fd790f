/**
 * Turns an HTTP error answer (`{ code, reason, message, details }`, SPEC.md "API contract details")
 * back into the `LcmError` the server threw, so remote callers branch on `reason` as local ones do.
 */
import {
  AlreadyExistsError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidError,
  NotFoundError,
  UnauthorizedError,
  UnavailableError,
  type ErrorDetails,
  type ErrorReason,
  type LcmError,
} from './lcm-error.js';

type LcmErrorClass = new (
  message: string,
  options?: { details?: ErrorDetails; cause?: unknown },
) => LcmError;

const BY_REASON: Record<ErrorReason, LcmErrorClass> = {
  NotFound: NotFoundError,
  AlreadyExists: AlreadyExistsError,
  Conflict: ConflictError,
  Gone: GoneError,
  Invalid: InvalidError,
  Unauthorized: UnauthorizedError,
  Forbidden: ForbiddenError,
  Unavailable: UnavailableError,
};

/** For bodies with a reason of their own (BadRequest, MethodNotAllowed, …) or none at all. */
const BY_STATUS: Record<number, LcmErrorClass> = {
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
};

/**
 * The error for a failed answer with HTTP `status` and `body` (parsed JSON or raw text). 429 and
 * 5xx are `Unavailable` whatever the body says (retry later); other statuses keep the server's
 * reason and `details`; a body without a known reason is mapped from the status, other 4xx →
 * `Invalid`.
 */
export function mapStatusError(status: number, body: unknown): LcmError {
  const parsed = isRecord(body) ? body : {};
  const message =
    typeof parsed.message === 'string'
      ? parsed.message
      : `the API answered HTTP ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`;
  const details = isRecord(parsed.details) ? (parsed.details as ErrorDetails) : undefined;
  const options = details ? { details } : {};
  if (status === 429 || status >= 500) return new UnavailableError(message, options);
  const reason = typeof parsed.reason === 'string' ? parsed.reason : '';
  const ErrorClass =
    (Object.hasOwn(BY_REASON, reason) ? BY_REASON[reason as ErrorReason] : undefined) ??
    BY_STATUS[status] ??
    InvalidError;
  return new ErrorClass(message, options);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
