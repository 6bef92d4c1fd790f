/** One page of a list, with the counter row read in the same snapshot. */
import type { LabelSelector } from '../../../resources/index.js';
import type { SqlExecutor, SqlParam } from '../drivers/sql-driver.js';
import { labelSelectorToSql } from './label-selector-sql.js';
import { toRevision, type ResourceRow } from './rows.js';

export interface ListQuery {
  kind: string;
  namespace?: string;
  selector: LabelSelector;
  after?: { namespace: string; name: string };
  limit?: number;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

export interface ListPage {
  rows: ResourceRow[];
  headRevision: number;
  compactedRevision: number;
}

export async function listResources(db: SqlExecutor, query: ListQuery): Promise<ListPage> {
  const params: SqlParam[] = [query.kind];
  const where = ['kind = $1'];
  if (query.namespace) {
    params.push(query.namespace);
    where.push(`namespace = $${params.length}`);
  }
  if (query.after) {
    params.push(query.after.namespace, query.after.name);
    where.push(`(namespace, name) > ($${params.length - 1}, $${params.length})`);
  }
  where.push(...labelSelectorToSql(query.selector, params));
  let limit = '';
  if (query.limit !== undefined) {
    params.push(query.limit + 1);
    limit = `LIMIT $${params.length}`;
  }
  // The counter and the rows come from one statement, hence one snapshot: the list is consistent
  // with the revision it reports.
  // LEFT JOIN: with no matching object the one row carries only the counter, and null columns.
  const rows = await db.query<Nullable<ResourceRow> & { head: string; compacted: string }>(
    `SELECT c.value AS head, c.compacted, r.kind, r.namespace, r.name, r.revision, r.object
       FROM lcm_revision c
       LEFT JOIN LATERAL (
         SELECT kind, namespace, name, revision, object FROM lcm_resources
          WHERE ${where.join(' AND ')}
          ORDER BY namespace, name ${limit}
       ) r ON true`,
    params,
  );
  const first = rows[0];
  return {
    rows: rows.filter(
      (row): row is ResourceRow & { head: string; compacted: string } => row.name !== null,
    ),
    headRevision: toRevision(first?.head),
    compactedRevision: toRevision(first?.compacted),
  };
}
