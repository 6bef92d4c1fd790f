/** Reads the current rows of a transaction's targets and locks them until commit. */
import type { SqlExecutor } from '../drivers/sql-driver.js';
import type { ObjectRef } from '../../object-validation.js';
import type { ResourceRow } from './rows.js';

export async function readForUpdate(
  tx: SqlExecutor,
  refs: readonly ObjectRef[],
): Promise<ResourceRow[]> {
  if (refs.length === 0) return [];
  // ORDER BY makes every transaction lock rows in the same order, so overlapping ones cannot deadlock.
  return tx.query<ResourceRow>(
    `SELECT r.kind, r.namespace, r.name, r.revision, r.object
       FROM lcm_resources r
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS t(kind, namespace, name)
         ON r.kind = t.kind AND r.namespace = t.namespace AND r.name = t.name
      ORDER BY r.kind, r.namespace, r.name
        FOR UPDATE OF r`,
    [refs.map((r) => r.kind), refs.map((r) => r.namespace), refs.map((r) => r.name)],
  );
}
