/**
 * The one error hierarchy of LCM: every error that crosses a layer is an `LcmError`
 * with a machine `reason`, an HTTP `status` and a message a person can act on.
 */

/** Machine-readable reasons; they are API (see docs/errors.md). */
export type ErrorReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'Unauthorized'
  | 'Forbidden'
  | 'Unavailable';

/** Optional structured context: the offending field path and any nested causes. */
export interface ErrorDetails {
  /** Dotted path of the field at fault, e.g. `metadata.name`. */
  field?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  [key: string]: unknown;
}

/** Base of every typed error. Use a subclass; never construct this directly. */
export abstract class LcmError extends Error {
  abstract readonly reason: ErrorReason;
  abstract readonly status: number;
  /** Mutable so a layer can add context (e.g. the failing operation's index) before rethrowing. */
  details: ErrorDetails | undefined;

  constructor(message: string, options: { details?: ErrorDetails; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
  }
}

/** The object does not exist (HTTP 404). */
export class NotFoundError extends LcmError {
  readonly reason = 'NotFound' as const;
  readonly status = 404;
}

/** An object with that name already exists (HTTP 409). */
export class AlreadyExistsError extends LcmError {
  readonly reason = 'AlreadyExists' as const;
  readonly status = 409;
}

/** A precondition (usually resourceVersion) failed; re-read and retry (HTTP 409). */
export class ConflictError extends LcmError {
  readonly reason = 'Conflict' as const;
  readonly status = 409;
}

/** The requested revision is older than the retained event log; relist (HTTP 410). */
export class GoneError extends LcmError {
  readonly reason = 'Gone' as const;
  readonly status = 410;
}

/** The input is invalid; `details.field` names the field (HTTP 422). */
export class InvalidError extends LcmError {
  readonly reason = 'Invalid' as const;
  readonly status = 422;
}

/** No or bad credentials (HTTP 401). */
export class UnauthorizedError extends LcmError {
  readonly reason = 'Unauthorized' as const;
  readonly status = 401;
}

/** Authenticated, but the role may not do this (HTTP 403). */
export class ForbiddenError extends LcmError {
  readonly reason = 'Forbidden' as const;
  readonly status = 403;
}

/** A dependency (database, provider) is unreachable or failing; retry later (HTTP 503). */
export class UnavailableError extends LcmError {
  readonly reason = 'Unavailable' as const;
  readonly status = 503;
}
