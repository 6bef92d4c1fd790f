/** Reads the current rows of a write's targets (no locks: the write statement re-checks them). */
import type { SqlExecutor } from '../drivers/sql-driver.js';
import type { ObjectRef } from '../../object-validation.js';
import type { ResourceRow } from './rows.js';

export async function readCurrent(
  db: SqlExecutor,
  refs: readonly ObjectRef[],
): Promise<ResourceRow[]> {
  const [only] = refs;
  if (!only) return [];
  // Most writes touch one object: a plain primary-key lookup plans and runs fastest.
  if (refs.length === 1)
    return db.query<ResourceRow>(
      `SELECT kind, namespace, name, revision, object FROM lcm_resources
        WHERE kind = $1 AND namespace = $2 AND name = $3`,
      [only.kind, only.namespace, only.name],
      { name: 'lcm_read_one' },
    );
  return db.query<ResourceRow>(
    `SELECT r.kind, r.namespace, r.name, r.revision, r.object
       FROM lcm_resources r
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS t(kind, namespace, name)
         ON r.kind = t.kind AND r.namespace = t.namespace AND r.name = t.name`,
    [refs.map((r) => r.kind), refs.map((r) => r.namespace), refs.map((r) => r.name)],
    { name: 'lcm_read_many' },
  );
}
