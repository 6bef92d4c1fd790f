/** Reads a batch of the event log after a revision, with the head and compaction marks. */
import type { LogEvent } from '../../log-watch.js';
import type { ChangeType } from '../../resource-store.js';
import type { AnyResource } from '../../../resources/index.js';
import type { SqlExecutor, SqlParam } from '../drivers/sql-driver.js';
import { toRevision } from './rows.js';

export interface EventsQuery {
  /** One or more kinds, read as one revision-ordered stream. */
  kinds: readonly string[];
  namespace?: string;
  sinceRevision: number;
  limit: number;
}

export interface EventsBatch {
  events: LogEvent[];
  headRevision: number;
  compactedRevision: number;
}

interface EventRow {
  head: string;
  compacted: string;
  revision: string | null;
  type: ChangeType | null;
  object: AnyResource | null;
}

export async function readEvents(db: SqlExecutor, query: EventsQuery): Promise<EventsBatch> {
  const params: SqlParam[] = [query.kinds, query.sinceRevision, query.limit];
  const namespaceFilter = query.namespace ? 'AND namespace = $4' : '';
  if (query.namespace) params.push(query.namespace);
  // One statement for one kind or several: with `= ANY` the planner still uses
  // lcm_events_kind_revision for a rare kind (bitmap scan + top-N sort) and otherwise the primary
  // key's revision range with a kind filter — the same plans `kind = $1` got, so no new index.
  const rows = await db.query<EventRow>(
    `SELECT c.value AS head, c.compacted, e.revision, e.type, e.object
       FROM lcm_revision c
       LEFT JOIN LATERAL (
         SELECT revision, type, object FROM lcm_events
          WHERE kind = ANY($1::text[]) AND revision > $2 ${namespaceFilter}
          ORDER BY revision LIMIT $3
       ) e ON true`,
    params,
    { name: query.namespace ? 'lcm_read_events_ns' : 'lcm_read_events' },
  );
  const events: LogEvent[] = [];
  for (const row of rows) {
    if (row.revision === null || row.type === null || row.object === null) continue;
    const revision = toRevision(row.revision);
    const object = {
      ...row.object,
      metadata: { ...row.object.metadata, resourceVersion: String(revision) },
    };
    events.push({ type: row.type, revision, object });
  }
  return {
    events,
    headRevision: toRevision(rows[0]?.head),
    compactedRevision: toRevision(rows[0]?.compacted),
  };
}
