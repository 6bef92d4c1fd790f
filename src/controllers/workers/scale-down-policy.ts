/**
 * The scale-down policy (SPEC.md "Auto-scaling"), pure: given one worker and a snapshot of its
 * region, decide whether to drain and stop it, or why to keep it. docs/autoscaling.md explains it.
 */
import type { AutoscalingConfig } from '../../config/index.js';
import { findCondition, formatObjectKey } from '../../resources/index.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { SCALE_UP_LABEL } from '../scheduler/scale-up-plan.js';
import { computeAllocations, idleSince } from './idle-detection.js';

/** The policy's settings, resolved from the `autoscaling` config (`scaleDownSettingsFrom`). */
export interface ScaleDownSettings {
  enabled: boolean;
  idleTimeoutMs: number;
  minWorkersPerRegion: number;
  cooldownMs: number;
  action: 'Stop' | 'Terminate';
}

/** What the policy looks at; the controller reads it from its informer caches. */
export interface ScaleDownInput {
  worker: Worker;
  /** The worker's template, for `startupSeconds` (SPEC default 1200 when absent). */
  template: WorkerTemplate | undefined;
  /** Workers of the worker's region in any phase (workers of other regions are ignored). */
  regionWorkers: readonly Worker[];
  reservations: readonly Reservation[];
  sessions: readonly LabletSession[];
  now: Date;
  settings: ScaleDownSettings;
}

/** Why a worker is kept, in guard order (`Disabled` first: the policy is off). */
export type ScaleDownSkipReason =
  | 'Disabled'
  | 'NotEligible'
  | 'HasAllocations'
  | 'NotIdleLongEnough'
  | 'NeededSoon'
  | 'MinWorkers'
  | 'Cooldown';

/**
 * The verdict for one worker. `ScaleDown`: drain, then stop (or terminate, per `action`); its
 * `reason` is always `IdleTimeout`. `Keep`: the first guard that failed, with a message naming the
 * fact behind it (absolute times, so it does not change from one evaluation to the next).
 */
export type ScaleDownDecision =
  | { decision: 'ScaleDown'; action: 'Stop' | 'Terminate'; reason: string; idleSince: Date }
  | { decision: 'Keep'; reason: ScaleDownSkipReason; message: string; idleSince?: Date };

/** The Worker condition recording the last scale-down decision (see scale-down-condition.ts). */
export const SCALE_DOWN_CONDITION = 'ScaleDown';

const DEFAULT_STARTUP_SECONDS = 1200;
const MINUTE_MS = 60_000;

type Skip = { reason: ScaleDownSkipReason; message: string };
type Facts = ScaleDownInput & { idleSince: Date | undefined };
type Guard = (facts: Facts) => Skip | undefined;

/** The `autoscaling` config as policy settings. */
export function scaleDownSettingsFrom(config: AutoscalingConfig): ScaleDownSettings {
  return {
    enabled: config.scaleDownEnabled,
    idleTimeoutMs: config.idleTimeoutMinutes * MINUTE_MS,
    minWorkersPerRegion: config.minWorkersPerRegion,
    cooldownMs: config.scaleDownCooldownMinutes * MINUTE_MS,
    action: config.scaleDownAction,
  };
}

/**
 * Runs the guards in order and returns the first that fails as `Keep`, or `ScaleDown` when all
 * hold. Pure: the same input always gives the same decision.
 */
export function evaluateScaleDown(input: ScaleDownInput): ScaleDownDecision {
  const since = idleSince(input.worker);
  const facts: Facts = { ...input, idleSince: since };
  for (const guard of GUARDS) {
    const skip = guard(facts);
    if (skip) return { decision: 'Keep', ...skip, ...(since ? { idleSince: since } : {}) };
  }
  return {
    decision: 'ScaleDown',
    action: input.settings.action,
    reason: 'IdleTimeout',
    idleSince: since ?? input.now,
  };
}

const GUARDS: readonly Guard[] = [
  checkEnabled,
  checkEligible,
  checkAllocations,
  checkIdleLongEnough,
  checkNotNeededSoon,
  checkMinWorkers,
  checkCooldown,
];

function checkEnabled({ settings }: Facts): Skip | undefined {
  if (settings.enabled) return undefined;
  return { reason: 'Disabled', message: 'scale-down is off (autoscaling.scaleDownEnabled)' };
}

function checkEligible({ worker }: Facts): Skip | undefined {
  const why = !worker.spec.idleDetection
    ? 'idle detection is off (spec.idleDetection)'
    : whyNotStayingUp(worker);
  return why ? { reason: 'NotEligible', message: why } : undefined;
}

/** Why the worker is not a Running worker meant to stay up; undefined when it is one. */
function whyNotStayingUp(worker: Worker): string | undefined {
  const phase = worker.status?.phase;
  if (worker.metadata.deletionTimestamp) return 'the worker is being deleted';
  if (phase !== 'Running') return `the worker is ${phase ?? 'not observed yet'}, not Running`;
  if (worker.spec.desiredState !== 'Running')
    return `spec.desiredState is already ${worker.spec.desiredState}`;
  if (worker.spec.drain) return 'an operator asked to drain it (spec.drain)';
  return undefined;
}

function checkAllocations({ worker }: Facts): Skip | undefined {
  const held = computeAllocations(worker);
  const first = held[0];
  if (!first) return undefined;
  const holder = [first.holder.kind, first.holder.namespace, first.holder.name]
    .filter(Boolean)
    .join('/');
  return {
    reason: 'HasAllocations',
    message: `${held.length} allocation(s) hold compute (first: ${holder})`,
  };
}

function checkIdleLongEnough({ idleSince: since, settings, now }: Facts): Skip | undefined {
  if (!since)
    return { reason: 'NotIdleLongEnough', message: 'no activity, start or creation time recorded' };
  const eligibleAt = since.getTime() + settings.idleTimeoutMs;
  if (now.getTime() >= eligibleAt) return undefined;
  return {
    reason: 'NotIdleLongEnough',
    message: `idle since ${since.toISOString()}; idle long enough at ${new Date(eligibleAt).toISOString()}`,
  };
}

function checkNotNeededSoon(facts: Facts): Skip | undefined {
  const startupMs = (facts.template?.spec.startupSeconds ?? DEFAULT_STARTUP_SECONDS) * 1000;
  const horizon = facts.now.getTime() + startupMs;
  const need = reservationNeed(facts, horizon) ?? sessionNeed(facts, horizon);
  if (!need) return undefined;
  return { reason: 'NeededSoon', message: `${need} (startupSeconds ${startupMs / 1000})` };
}

/** A Confirmed, not finished reservation whose window overlaps [now, now + startupSeconds]. */
function reservationNeed({ reservations, now }: Facts, horizon: number): string | undefined {
  const needing = reservations.find((reservation) => {
    const phase = reservation.status?.phase;
    return (
      reservation.spec.state === 'Confirmed' &&
      phase !== 'Completed' &&
      phase !== 'Cancelled' &&
      !reservation.metadata.deletionTimestamp &&
      Date.parse(reservation.spec.start) <= horizon &&
      Date.parse(reservation.spec.end) > now.getTime()
    );
  });
  if (!needing) return undefined;
  return `reservation ${formatObjectKey(needing.metadata)} starts ${needing.spec.start}`;
}

/**
 * A Pending or Scheduled session still wanted that is bound to this worker (any start), or unplaced
 * and starting by `horizon`. Sessions carry no region until placed, so an unplaced one counts for
 * every region; sessions bound to other workers do not need this one.
 */
function sessionNeed({ sessions, worker, now }: Facts, horizon: number): string | undefined {
  const needing = sessions.find((session) => {
    const phase = session.status?.phase ?? 'Pending';
    if (phase !== 'Pending' && phase !== 'Scheduled') return false;
    if (session.metadata.deletionTimestamp || session.spec.desiredState === 'Stopped') return false;
    const bound = session.status?.worker;
    if (bound) return bound === worker.metadata.name;
    return sessionStart(session, now) <= horizon;
  });
  if (!needing) return undefined;
  const where = needing.status?.worker ? 'bound to this worker' : 'unplaced';
  return `session ${formatObjectKey(needing.metadata)} (${where}) starts ${new Date(sessionStart(needing, now)).toISOString()}`;
}

function sessionStart(session: LabletSession, now: Date): number {
  const start = session.spec.timeslot?.start ?? session.metadata.creationTimestamp;
  return start === undefined ? now.getTime() : Date.parse(start);
}

function checkMinWorkers({ worker, regionWorkers, settings }: Facts): Skip | undefined {
  const staying = regionWorkers.filter(
    (other) =>
      other.metadata.name !== worker.metadata.name &&
      other.spec.region === worker.spec.region &&
      whyNotStayingUp(other) === undefined,
  ).length;
  if (staying >= settings.minWorkersPerRegion) return undefined;
  return {
    reason: 'MinWorkers',
    message: `region ${worker.spec.region} would keep ${staying} Running worker(s); minimum ${settings.minWorkersPerRegion}`,
  };
}

function checkCooldown({ worker, regionWorkers, settings, now }: Facts): Skip | undefined {
  const last = lastRegionScaleEvent(worker, regionWorkers);
  if (!last) return undefined;
  const endsAt = last.at + settings.cooldownMs;
  if (now.getTime() >= endsAt) return undefined;
  return {
    reason: 'Cooldown',
    message: `last scale event in ${worker.spec.region}: ${last.what} at ${new Date(last.at).toISOString()}; cooldown ends ${new Date(endsAt).toISOString()}`,
  };
}

/**
 * The region's newest scale event: the creation of a Worker labelled `lcm.io/scale-up: 'true'`
 * (a scale-up; the worker itself included), or the `lastTransitionTime` of a `ScaleDown` condition
 * with status `True` on another worker of the region (a scale-down decision). The worker's own
 * `ScaleDown` does not count: a decision recorded but not yet acted on must not block itself.
 */
function lastRegionScaleEvent(
  worker: Worker,
  regionWorkers: readonly Worker[],
): ScaleEvent | undefined {
  const others = regionWorkers.filter(
    (other) =>
      other.metadata.name !== worker.metadata.name && other.spec.region === worker.spec.region,
  );
  const events = [
    ...scaleUpOf(worker),
    ...others.flatMap((other) => [...scaleUpOf(other), ...scaleDownOf(other)]),
  ];
  let newest: ScaleEvent | undefined;
  for (const event of events)
    if (!Number.isNaN(event.at) && (!newest || event.at > newest.at)) newest = event;
  return newest;
}

type ScaleEvent = { at: number; what: string };

function scaleUpOf(worker: Worker): ScaleEvent[] {
  const created = worker.metadata.creationTimestamp;
  if (worker.metadata.labels?.[SCALE_UP_LABEL] !== 'true' || !created) return [];
  return [{ at: Date.parse(created), what: `scale-up of ${worker.metadata.name}` }];
}

function scaleDownOf(worker: Worker): ScaleEvent[] {
  const condition = findCondition(worker.status?.conditions, SCALE_DOWN_CONDITION);
  if (condition?.status !== 'True') return [];
  return [
    { at: Date.parse(condition.lastTransitionTime), what: `scale-down of ${worker.metadata.name}` },
  ];
}
