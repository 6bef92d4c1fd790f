/** The session lifecycle's deadlines, retries and polling (SPEC.md "LabletSession"), in ms. */
import type { SessionsConfig } from '../../config/index.js';

export interface SessionTimings {
  /** Instantiation starts this long before `timeslot.start`. */
  leadTimeMs: number;
  /** A session still Pending this long past its start fails. */
  pendingDeadlineMs: number;
  instantiatingDeadlineMs: number;
  collectingDeadlineMs: number;
  stoppingDeadlineMs: number;
  /** Attempts per step before the session is torn down as Failed. */
  stepAttempts: number;
  /** How often a converging lab is polled. */
  pollIntervalMs: number;
}

const MINUTE = 60_000;

export function sessionTimingsFrom(config: SessionsConfig): SessionTimings {
  return {
    leadTimeMs: config.leadTimeMinutes * MINUTE,
    pendingDeadlineMs: config.pendingDeadlineMinutes * MINUTE,
    instantiatingDeadlineMs: config.instantiatingDeadlineMinutes * MINUTE,
    collectingDeadlineMs: config.collectingDeadlineMinutes * MINUTE,
    stoppingDeadlineMs: config.stoppingDeadlineMinutes * MINUTE,
    stepAttempts: config.stepAttempts,
    pollIntervalMs: config.pollIntervalMs,
  };
}
