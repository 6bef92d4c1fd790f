/** Reads one object by kind, namespace and name. */
import type { SqlExecutor } from '../drivers/sql-driver.js';
import type { ObjectRef } from '../../object-validation.js';
import type { ResourceRow } from './rows.js';

export async function getResource(
  db: SqlExecutor,
  ref: ObjectRef,
): Promise<ResourceRow | undefined> {
  const rows = await db.query<ResourceRow>(
    `SELECT kind, namespace, name, revision, object FROM lcm_resources
      WHERE kind = $1 AND namespace = $2 AND name = $3`,
    [ref.kind, ref.namespace, ref.name],
    { name: 'lcm_get' },
  );
  return rows[0];
}
