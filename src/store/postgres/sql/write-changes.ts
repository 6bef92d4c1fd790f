/**
 * Persists a planned write in ONE statement (so it is atomic without an explicit transaction):
 * takes the next revisions from the counter row, whose lock serialises writers and so makes
 * revision order commit order; writes resources and events; checks that every updated or deleted
 * row still has the revision the plan was made from (else `lcm_assert_applied` aborts everything
 * with SQLSTATE LCM01 and the store re-reads and re-plans); and sends one NOTIFY.
 */
import type { SqlExecutor } from '../drivers/sql-driver.js';
import type { ChangeType } from '../../resource-store.js';
import type { ObjectRef } from '../../object-validation.js';
import type { AnyResource } from '../../../resources/index.js';
import { toRevision } from './rows.js';

export const EVENTS_CHANNEL = 'lcm_events';
/** SQLSTATE raised when a row changed between read and write. */
export const STALE_READ_CODE = 'LCM01';

/** A planned write; `CHECK` writes nothing but asserts the row still has `expectedRevision`. */
export interface ChangeToWrite {
  ref: ObjectRef;
  type: ChangeType | 'CHECK';
  object: AnyResource;
  /** The revision the plan read; absent for creates. */
  expectedRevision?: number;
}

/**
 * Writes `changes` and returns the revision of the first real change (the others follow
 * consecutively, in order). CHECK entries get no revision.
 */
export async function writeChanges(
  db: SqlExecutor,
  changes: readonly ChangeToWrite[],
  now: Date,
): Promise<number> {
  let position = 0;
  const positions = changes.map((c) => (c.type === 'CHECK' ? null : ++position));
  const rows = await db.query<{ base: string | number }>(
    `WITH rev AS (
       UPDATE lcm_revision SET value = value + $1 RETURNING value - $1 AS base
     ), ops AS MATERIALIZED (
       -- Reading rev here makes every row lock below wait for the counter lock first: one lock order.
       SELECT o.kind, o.namespace, o.name, o.type, o.object::jsonb AS object, o.uid, o.expected,
              rev.base + o.position AS revision
         FROM rev, unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::bigint[], $11::bigint[])
              AS o(kind, namespace, name, type, object, uid, expected, position)
     ), events AS (
       INSERT INTO lcm_events (revision, kind, namespace, name, type, object, created_at)
       SELECT revision, kind, namespace, name, type, object, $9 FROM ops WHERE type <> 'CHECK'
     ), checked AS (
       -- FOR UPDATE re-reads the latest row version, not the statement's older snapshot.
       SELECT 1 FROM lcm_resources r JOIN ops
           ON ops.type = 'CHECK' AND r.kind = ops.kind AND r.namespace = ops.namespace
          AND r.name = ops.name AND r.revision = ops.expected
          FOR UPDATE OF r
     ), created AS (
       INSERT INTO lcm_resources (kind, namespace, name, uid, revision, object)
       SELECT kind, namespace, name, uid::uuid, revision, object FROM ops WHERE type = 'ADDED'
     ), updated AS (
       UPDATE lcm_resources r SET revision = ops.revision, object = ops.object
         FROM ops
        WHERE ops.type = 'MODIFIED' AND r.kind = ops.kind AND r.namespace = ops.namespace
          AND r.name = ops.name AND r.revision = ops.expected
       RETURNING 1
     ), deleted AS (
       DELETE FROM lcm_resources r USING ops
        WHERE ops.type = 'DELETED' AND r.kind = ops.kind AND r.namespace = ops.namespace
          AND r.name = ops.name AND r.revision = ops.expected
       RETURNING 1
     )
     SELECT base,
            lcm_assert_applied(
              (SELECT count(*) FROM updated) + (SELECT count(*) FROM deleted)
                + (SELECT count(*) FROM checked),
              $10),
            pg_notify('${EVENTS_CHANNEL}', (base + $1)::text)
       FROM rev`,
    [
      position,
      changes.map((c) => c.ref.kind),
      changes.map((c) => c.ref.namespace),
      changes.map((c) => c.ref.name),
      changes.map((c) => c.type),
      changes.map((c) => JSON.stringify(c.object)),
      changes.map((c) => c.object.metadata.uid ?? ''),
      changes.map((c) => c.expectedRevision ?? null),
      now,
      changes.filter((c) => c.type !== 'ADDED').length,
      positions,
    ],
    { name: 'lcm_write_changes' },
  );
  return toRevision(rows[0]?.base) + 1;
}
