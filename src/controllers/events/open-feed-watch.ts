/**
 * Opens a sink's watch so that the feed knows each object's state as of the sink's cursor: a list
 * seeds every object not written since, and the watch starts up to `replayRevisions` before the
 * cursor so the changes just before it replay into that memory (without being sent). An object
 * the feed then still does not know is one untouched for the whole replay window: see
 * `newHistoryEntries` for the one duplicate that can cause.
 */
import type { ResourceClient, Watch } from '../../client/resource-client.js';
import { hasReason } from '../../errors/index.js';
import { FEED_KINDS } from './derive-feed-events.js';
import { FeedMemory } from './feed-memory.js';

export interface FeedWatch {
  watch: Watch;
  /** The objects' state as of the watch's start; changes up to the cursor only update it. */
  memory: FeedMemory;
}

/**
 * @throws Gone — the log was compacted past `cursor` itself (a gap: `details.compactedRevision`
 * says where it resumes); compaction inside the replay window only shortens the replay.
 */
export async function openFeedWatch(
  client: ResourceClient,
  cursor: number,
  replayRevisions: number,
): Promise<FeedWatch> {
  const memory = new FeedMemory();
  for (const kind of FEED_KINDS) memory.seed((await client.list(kind)).items, cursor);
  try {
    const sinceRevision = Math.max(0, cursor - replayRevisions);
    return { watch: await client.watch(FEED_KINDS, { sinceRevision }), memory };
  } catch (error) {
    const compacted = Number(hasReason(error, 'Gone') ? error.details?.compactedRevision : NaN);
    if (!(compacted <= cursor)) throw error;
    return { watch: await client.watch(FEED_KINDS, { sinceRevision: compacted }), memory };
  }
}
