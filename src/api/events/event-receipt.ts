/**
 * EventReceipts: one per applied CloudEvent (`source` + `id`), written in the same transaction as
 * the event's effect, so a redelivery collides with it and is recognised as a duplicate.
 */
import { createHash } from 'node:crypto';
import { hasReason } from '../../errors/index.js';
import { API_VERSION, type AnyResource } from '../../resources/index.js';
import type { IncomingEvent } from './parse-cloud-event.js';

/** `ev-` and the first 40 hex digits of sha256(source + '\n' + id): a valid, fixed-length name. */
export function receiptName(event: Pick<IncomingEvent, 'source' | 'id'>): string {
  const digest = createHash('sha256').update(`${event.source}\n${event.id}`, 'utf8').digest('hex');
  return `ev-${digest.slice(0, 40)}`;
}

export function receiptFor(event: IncomingEvent, effect: string, receivedAt: Date): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'EventReceipt',
    metadata: { name: receiptName(event) },
    spec: {
      source: event.source,
      id: event.id,
      type: event.type,
      receivedAt: receivedAt.toISOString(),
      effect,
    },
  };
}

/** True when a write failed because the event's receipt exists: another delivery applied it. */
export function isReceiptCollision(error: unknown): boolean {
  return hasReason(error, 'AlreadyExists') && error.details?.kind === 'EventReceipt';
}
