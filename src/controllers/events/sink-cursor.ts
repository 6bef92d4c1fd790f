/**
 * Reads and writes a sink's EventSinkCursor: the last store revision whose events the sink has
 * (at least once) received. The event feed is its only writer.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { hasReason, ignoreNotFound } from '../../errors/index.js';
import { API_VERSION } from '../../resources/index.js';
import type { EventSinkCursor } from '../../resources/kinds/event-sink-cursor.js';

const KIND = 'EventSinkCursor';

/** The store's newest revision (a one-item list reports it): where a new cursor starts. */
export async function readHeadRevision(client: ResourceClient): Promise<number> {
  const { revision } = await client.list('LabletSession', { limit: 1 });
  return revision;
}

/** The sink's persisted revision; undefined for a sink that has none yet (a new sink). */
export async function readSinkCursor(
  client: ResourceClient,
  sink: string,
): Promise<number | undefined> {
  const cursor = (await ignoreNotFound(client.get(KIND, sink))) as EventSinkCursor | undefined;
  return cursor?.spec.revision;
}

/** Stores `revision` as the sink's cursor, creating the cursor on first use. */
export async function writeSinkCursor(
  client: ResourceClient,
  clock: Clock,
  sink: string,
  revision: number,
): Promise<void> {
  const spec = { revision, updatedAt: clock.now().toISOString() };
  try {
    await client.patch(KIND, sink, { spec });
  } catch (error) {
    if (!hasReason(error, 'NotFound')) throw error;
    await client.create({ apiVersion: API_VERSION, kind: KIND, metadata: { name: sink }, spec });
  }
}
