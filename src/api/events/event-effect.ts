/** The contract between ingest and the per-family effect planners (LDS, grading). */
import type { ResourceClient, StoreOp } from '../../client/resource-client.js';
import type { AnyResource } from '../../resources/index.js';
import {
  SESSION_MACHINE,
  type LabletSession,
  type LabletSessionStatus,
  type SessionPhase,
} from '../../resources/kinds/lablet-session.js';
import { canTransition, transitionPhase } from '../../resources/kinds/phase-machine.js';
import type { SessionMatch } from './find-session.js';
import type { IncomingEvent } from './parse-cloud-event.js';

/** What ingest hands a planner: the matched session as read (its resourceVersion is the precondition). */
export interface EffectContext {
  event: IncomingEvent;
  session: LabletSession;
  now: Date;
  /** Who posted the event, for the phase history. */
  actor: string;
  /** Reads related objects (the pinned definition, earlier ScoreReports) whatever the caller may list. */
  reader: Pick<ResourceClient, 'get' | 'list'>;
}

/** What an event does. */
export interface EventEffect {
  /** For the receipt and the response, e.g. `LabletSession default/s1: access Active; Ready → Running`. */
  summary: string;
  /** Writes committed in one transaction with the EventReceipt (possibly none). */
  ops: StoreOp[];
  /**
   * A status merge patch of the session applied after that transaction: an object's spec and its
   * status cannot be written in one transaction, and the spec intent is the part that must not be lost.
   */
  statusPatch?: Partial<LabletSessionStatus>;
}

/** One family of events: how to find their session and what they do to it. */
export interface EventHandler {
  /** Throws `BadRequestError` when the event's data cannot be acted on. */
  check?(event: IncomingEvent): void;
  matchOf(event: IncomingEvent): SessionMatch;
  plan(context: EffectContext): Promise<EventEffect>;
}

/** `namespace/name` of a session, for summaries and logs. */
export function sessionKey(session: LabletSession): string {
  return `${session.metadata.namespace ?? 'default'}/${session.metadata.name}`;
}

/** An `updateStatus` of the session as read, with `status` replaced. */
export function statusWrite(session: LabletSession, status: LabletSessionStatus): StoreOp {
  return { op: 'updateStatus', object: { ...session, status } as unknown as AnyResource };
}

/** An `update` of the session as read, with `spec` fields replaced. */
export function specWrite(session: LabletSession, spec: Partial<LabletSession['spec']>): StoreOp {
  return {
    op: 'update',
    object: { ...session, spec: { ...session.spec, ...spec } } as unknown as AnyResource,
  };
}

/**
 * `status` moved to phase `to` (history appended; the old phase's `deadline` dropped, since the
 * controller owning `to` sets its own), or `undefined` when the session machine forbids the move.
 */
export function movedTo(
  status: LabletSessionStatus,
  to: SessionPhase,
  context: EffectContext,
  reason: string,
): LabletSessionStatus | undefined {
  const from = status.phase ?? 'Pending';
  if (from === to || !canTransition(SESSION_MACHINE, from, to)) return undefined;
  const { deadline: _deadline, ...rest } = status;
  return transitionPhase(SESSION_MACHINE, rest, to, {
    at: context.now,
    reason,
    actor: context.actor,
  });
}
