/**
 * Creates the sessions of a confirmed reservation's seats that do not exist yet, 100 to a
 * transaction. Names are deterministic, so a session that exists already (a stale cache, a crash
 * between writes) is skipped, never made twice. A session admission refuses (e.g. the definition
 * is no longer Active) is reported, not retried: nothing changes until the reservation or the
 * definition does, and both are watched.
 */
import type { ResourceClient, StoreOp } from '../../../client/resource-client.js';
import { hasReason, type LcmError } from '../../../errors/index.js';
import type { AnyResource } from '../../../resources/index.js';
import type { LabletDefinition } from '../../../resources/kinds/lablet-definition.js';
import type { Reservation } from '../../../resources/kinds/reservation.js';
import { seatSession, seatsOf } from '../seat-sessions.js';

/** Creates per transaction: large enough to make 10,000 seats quick, small enough to stay cheap. */
const BATCH = 100;

export interface CreateSeatSessionsInput {
  client: ResourceClient;
  reservation: Reservation;
  definition: LabletDefinition | undefined;
  /** Names of its sessions in the cache. */
  existing: ReadonlySet<string>;
}

export interface CreateSeatSessionsResult {
  /** The highest store revision written, when sessions were created. */
  writtenRevision?: number;
  /** Why (some) seats have no session: admission refused it. */
  issue?: LcmError;
}

export async function createSeatSessions(
  input: CreateSeatSessionsInput,
): Promise<CreateSeatSessionsResult> {
  const missing = seatsOf(input.reservation)
    .filter((seat) => !input.existing.has(seat.name))
    .map((seat) => seatSession(input.reservation, seat, input.definition));
  const result: CreateSeatSessionsResult = {};
  for (let at = 0; at < missing.length; at += BATCH) {
    const batch = missing.slice(at, at + BATCH);
    try {
      const revision = await createBatch(
        input.client,
        batch.map((object): StoreOp => ({ op: 'create', object })),
      );
      result.writtenRevision = Math.max(result.writtenRevision ?? 0, revision);
    } catch (error) {
      if (!hasReason(error, 'Invalid')) throw error;
      result.issue = error;
      break;
    }
  }
  return result;
}

/**
 * All at once; when one exists already, one by one, skipping those that exist. Returns the highest
 * revision written (0 when every one existed).
 */
async function createBatch(client: ResourceClient, ops: StoreOp[]): Promise<number> {
  try {
    return highestRevision(await client.transact(ops));
  } catch (error) {
    if (!hasReason(error, 'AlreadyExists')) throw error;
  }
  let revision = 0;
  for (const op of ops) {
    if (op.op !== 'create') continue;
    try {
      revision = Math.max(revision, highestRevision([await client.create(op.object)]));
    } catch (error) {
      if (!hasReason(error, 'AlreadyExists')) throw error;
    }
  }
  return revision;
}

function highestRevision(objects: readonly AnyResource[]): number {
  return Math.max(0, ...objects.map((object) => Number(object.metadata.resourceVersion ?? 0)));
}
