/**
 * Deletes events beyond the retention (count and age) and records the compaction mark in the
 * same statement, so a reader never sees a hole without also seeing the mark.
 */
import type { SqlExecutor } from '../drivers/sql-driver.js';

export async function compactEvents(
  db: SqlExecutor,
  retention: { maxEvents: number; olderThan: Date },
): Promise<void> {
  await db.query(
    `WITH bound AS (
       SELECT GREATEST(
         (SELECT value FROM lcm_revision) - $1,
         coalesce((SELECT max(revision) FROM lcm_events WHERE created_at < $2), 0)
       ) AS upto
     ), removed AS (
       DELETE FROM lcm_events WHERE revision <= (SELECT upto FROM bound)
     )
     UPDATE lcm_revision SET compacted = GREATEST(compacted, (SELECT upto FROM bound))
      WHERE compacted < (SELECT upto FROM bound)`,
    [retention.maxEvents, retention.olderThan],
  );
}
