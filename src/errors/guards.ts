/** Type guards and small helpers around `LcmError`. */
import { LcmError, type ErrorReason } from './lcm-error.js';

export function isLcmError(error: unknown): error is LcmError {
  return error instanceof LcmError;
}

/** True when `error` is an `LcmError` with the given reason. */
export function hasReason(error: unknown, reason: ErrorReason): error is LcmError {
  return isLcmError(error) && error.reason === reason;
}

/** Resolves to `undefined` instead of rejecting when the object is not found. */
export async function ignoreNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (hasReason(error, 'NotFound')) return undefined;
    throw error;
  }
}

/** Normalises anything thrown at a boundary into an `Error`. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}

/** The HTTP body for an error: `{ code, reason, message, details? }` (SPEC "API contract details"). */
export function toStatusBody(error: LcmError): {
  code: number;
  reason: ErrorReason;
  message: string;
  details?: Record<string, unknown>;
} {
  return {
    code: error.status,
    reason: error.reason,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  };
}
