/**
 * Turns an external system's HTTP failure into an `LcmError`, so no layer above a provider ever
 * looks at a raw status code: 5xx/429/408 → Unavailable, 404 → NotFound, 409 → Conflict,
 * 401 → Unauthorized, 403 → Forbidden, other 4xx → Invalid.
 */
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  UnauthorizedError,
  UnavailableError,
  type LcmError,
} from '../../errors/index.js';

export interface HttpFailure {
  /** The external system, e.g. `CML`, `LDS`, `grading`. */
  system: string;
  /** What the client was doing, e.g. `import lab`. */
  operation: string;
  status: number;
  /** The response body (truncated), for the message. */
  body: string;
}

export function mapHttpError(failure: HttpFailure): LcmError {
  const { system, operation, status } = failure;
  const detail = failure.body.trim().slice(0, 300);
  const message = `${system} ${operation} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`;
  const retryable = status >= 500 || status === 429 || status === 408;
  const details = { system, operation, status, retryable };
  if (status === 404) return new NotFoundError(message, { details });
  if (status === 409) return new ConflictError(message, { details });
  if (status === 401) return new UnauthorizedError(message, { details });
  if (status === 403) return new ForbiddenError(message, { details });
  if (retryable) return new UnavailableError(message, { details });
  return new InvalidError(message, { details });
}
