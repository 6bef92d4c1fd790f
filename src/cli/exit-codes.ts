/** The `lcm` exit codes (documented in docs/cli.md) and the failure a command raises to pick one. */
import { isLcmError, type ErrorReason } from '../errors/index.js';

export const EXIT_CODES = {
  ok: 0,
  /** Anything else: invalid input or manifest, conflict, server unreachable, wait failed. */
  failure: 1,
  /** Bad arguments or options (commander's own errors). */
  usage: 2,
  /** Not logged in, login expired or credentials refused. */
  unauthorized: 3,
  forbidden: 4,
  notFound: 5,
  /** `lcm wait` gave up before the object got there. */
  timeout: 6,
  /** Ctrl-C while waiting (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

const BY_REASON: Partial<Record<ErrorReason, number>> = {
  Unauthorized: EXIT_CODES.unauthorized,
  Forbidden: EXIT_CODES.forbidden,
  NotFound: EXIT_CODES.notFound,
};

/**
 * A command that ran but did not get what the user asked for (a wait that timed out, an apply
 * with failed documents): its message is printed and the process exits with `exitCode`.
 */
export class CommandFailedError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_CODES.failure) {
    super(message);
    this.name = 'CommandFailedError';
    this.exitCode = exitCode;
  }
}

/** The exit code for a failure a command reports to the user; `undefined` for a bug (rethrown). */
export function exitCodeFor(error: unknown): number | undefined {
  if (error instanceof CommandFailedError) return error.exitCode;
  if (isLcmError(error)) return BY_REASON[error.reason] ?? EXIT_CODES.failure;
  return undefined;
}
