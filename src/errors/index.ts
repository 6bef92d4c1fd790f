/** The error kernel: the `LcmError` hierarchy and its helpers. */
export {
  LcmError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
  GoneError,
  InvalidError,
  UnauthorizedError,
  ForbiddenError,
  UnavailableError,
  type ErrorReason,
  type ErrorDetails,
} from './lcm-error.js';
export { isLcmError, hasReason, ignoreNotFound, toError, toStatusBody } from './guards.js';
export { mapStatusError } from './map-status-error.js';
