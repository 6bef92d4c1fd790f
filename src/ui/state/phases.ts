/** The phase orders the dashboard lists counts in (SPEC.md's state machines). */

export const WORKER_PHASE_ORDER = [
  'Pending',
  'Provisioning',
  'Starting',
  'Running',
  'Draining',
  'Stopping',
  'Stopped',
  'Terminating',
  'Terminated',
  'Failed',
  'Unknown',
] as const;

export const SESSION_PHASE_ORDER = [
  'Pending',
  'Scheduled',
  'Instantiating',
  'Ready',
  'Running',
  'Collecting',
  'Grading',
  'Graded',
  'Stopping',
  'Stopped',
  'Archived',
  'Terminated',
] as const;

export const SESSION_OUTCOMES = ['Completed', 'Expired', 'NoShow', 'Cancelled', 'Failed'] as const;

/** Sessions in these phases have ended or are ending: no lab to open any more. */
export const SESSION_ENDING_PHASES: readonly string[] = [
  'Stopping',
  'Stopped',
  'Archived',
  'Terminated',
];

/** Workers in these phases hold no capacity. */
export const WORKER_GONE_PHASES: readonly string[] = ['Terminating', 'Terminated', 'Failed'];
