/**
 * Applies one CloudEvent: finds its session, plans the effect, and commits it with the event's
 * receipt in one transaction through the caller's (audited, authorised) client.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ResourceClient } from '../../client/resource-client.js';
import type { Clock } from '../../clock/index.js';
import { UnavailableError, hasReason, ignoreNotFound } from '../../errors/index.js';
import type { EventReceipt } from '../../resources/kinds/event-receipt.js';
import type { EventEffect, EventHandler } from './event-effect.js';
import { sessionKey } from './event-effect.js';
import { isReceiptCollision, receiptFor, receiptName } from './event-receipt.js';
import { intentOf, type EventIntent } from './event-types.js';
import { findSession, type SessionMatch } from './find-session.js';
import { GRADING_COMPLETED, GRADING_FAILED } from './grading-event-effects.js';
import { LDS_ENDED, LDS_STARTED } from './lds-event-effects.js';
import type { IncomingEvent } from './parse-cloud-event.js';

const HANDLERS: Readonly<Record<EventIntent, EventHandler>> = {
  'lds-started': LDS_STARTED,
  'lds-ended': LDS_ENDED,
  'grading-completed': GRADING_COMPLETED,
  'grading-failed': GRADING_FAILED,
};

/** Attempts when a controller writes the session between our read and our write. */
const CONFLICT_ATTEMPTS = 5;

export interface IngestEventOptions {
  event: IncomingEvent;
  /** The caller's client (an AuthorizedResourceClient): writes are authorised and audited. */
  client: Pick<ResourceClient, 'transact' | 'patch'>;
  /** Reads sessions, definitions, reports and receipts whatever the caller may read. */
  reader: Pick<ResourceClient, 'get' | 'list'>;
  clock: Clock;
  /** Who posted the event, for the phase history. */
  actor: string;
  log: FastifyBaseLogger;
}

/** The response body of `POST /api/events`. */
export interface IngestResult {
  status: 'applied' | 'duplicate' | 'ignored';
  effect: string;
}

/**
 * Applies `event` once. Throws `BadRequestError` for an unknown type or unusable data, and
 * `Unavailable` when the session kept changing under it (the sender retries).
 */
export async function ingestEvent(options: IngestEventOptions): Promise<IngestResult> {
  const { event, reader } = options;
  const handler = HANDLERS[intentOf(event.type)];
  handler.check?.(event);
  const earlier = await ignoreNotFound(reader.get('EventReceipt', receiptName(event)));
  if (earlier) return duplicateOf(earlier as unknown as EventReceipt);
  const match = handler.matchOf(event);
  for (let attempt = 1; ; attempt++) {
    const session = await findSession(reader, match);
    if (!session) return ignore(options, match);
    const now = options.clock.now();
    const effect = await handler.plan({ event, session, now, actor: options.actor, reader });
    try {
      await options.client.transact([
        ...effect.ops,
        { op: 'create', object: receiptFor(event, effect.summary, now) },
      ]);
    } catch (error) {
      if (isReceiptCollision(error)) return duplicateOf(await readReceipt(options));
      // A stale session, or a ScoreReport name taken meanwhile: read again and re-plan.
      const retry = hasReason(error, 'Conflict') || hasReason(error, 'AlreadyExists');
      if (!retry) throw error;
      if (attempt >= CONFLICT_ATTEMPTS)
        throw new UnavailableError(
          `LabletSession ${sessionKey(session)} kept changing while applying event ${event.id}; retry the delivery`,
          { cause: error },
        );
      continue;
    }
    await applyStatusPatch(options, session.metadata, effect);
    return { status: 'applied', effect: effect.summary };
  }
}

function ignore(options: IngestEventOptions, match: SessionMatch): IngestResult {
  const { event } = options;
  const effect = `no LabletSession matches ${match.describe} ${match.ids.join(', ') || '(none given)'}${match.names.length > 0 ? ` or name ${match.names.join(', ')}` : ''}; ignored`;
  options.log.info({ type: event.type, id: event.id, source: event.source }, effect);
  return { status: 'ignored', effect };
}

function duplicateOf(receipt: EventReceipt): IngestResult {
  return { status: 'duplicate', effect: `already applied: ${receipt.spec.effect}` };
}

async function readReceipt(options: IngestEventOptions): Promise<EventReceipt> {
  const receipt = await options.reader.get('EventReceipt', receiptName(options.event));
  return receipt as unknown as EventReceipt;
}

/** The status half of an effect whose spec half is committed; a failure here is logged, not retried. */
async function applyStatusPatch(
  options: IngestEventOptions,
  metadata: { name: string; namespace?: string },
  effect: EventEffect,
): Promise<void> {
  if (!effect.statusPatch) return;
  try {
    await options.client.patch(
      'LabletSession',
      metadata.name,
      { status: effect.statusPatch },
      { subresource: 'status', ...(metadata.namespace ? { namespace: metadata.namespace } : {}) },
    );
  } catch (error) {
    options.log.warn(
      { err: error, type: options.event.type, id: options.event.id, session: metadata.name },
      'event applied, but its status change failed',
    );
  }
}
