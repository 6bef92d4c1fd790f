/**
 * Persists a planned transaction in one statement: takes the next revisions from the counter row
 * (whose lock serialises commits), writes the resources and the events, and sends one NOTIFY.
 */
import type { SqlExecutor } from '../drivers/sql-driver.js';
import type { ChangeType } from '../../resource-store.js';
import type { ObjectRef } from '../../object-validation.js';
import type { AnyResource } from '../../../resources/index.js';
import { toRevision } from './rows.js';

export const EVENTS_CHANNEL = 'lcm_events';

export interface ChangeToWrite {
  ref: ObjectRef;
  type: ChangeType;
  object: AnyResource;
}

/** Writes `changes` and returns the revision of the first one (the rest follow consecutively). */
export async function writeChanges(
  tx: SqlExecutor,
  changes: readonly ChangeToWrite[],
  now: Date,
): Promise<number> {
  const rows = await tx.query<{ base: string | number }>(
    `WITH rev AS (
       UPDATE lcm_revision SET value = value + $1 RETURNING value - $1 AS base
     ), ops AS (
       SELECT o.kind, o.namespace, o.name, o.type, o.object::jsonb AS object, o.uid, rev.base + o.ord AS revision
         FROM rev, unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
              WITH ORDINALITY AS o(kind, namespace, name, type, object, uid, ord)
     ), events AS (
       INSERT INTO lcm_events (revision, kind, namespace, name, type, object, created_at)
       SELECT revision, kind, namespace, name, type, object, $8 FROM ops
     ), created AS (
       INSERT INTO lcm_resources (kind, namespace, name, uid, revision, object)
       SELECT kind, namespace, name, uid::uuid, revision, object FROM ops WHERE type = 'ADDED'
     ), updated AS (
       UPDATE lcm_resources r SET revision = ops.revision, object = ops.object
         FROM ops
        WHERE ops.type = 'MODIFIED' AND r.kind = ops.kind AND r.namespace = ops.namespace AND r.name = ops.name
     ), deleted AS (
       DELETE FROM lcm_resources r USING ops
        WHERE ops.type = 'DELETED' AND r.kind = ops.kind AND r.namespace = ops.namespace AND r.name = ops.name
     )
     SELECT base, pg_notify('${EVENTS_CHANNEL}', (base + $1)::text) FROM rev`,
    [
      changes.length,
      changes.map((c) => c.ref.kind),
      changes.map((c) => c.ref.namespace),
      changes.map((c) => c.ref.name),
      changes.map((c) => c.type),
      changes.map((c) => JSON.stringify(c.object)),
      changes.map((c) => c.object.metadata.uid ?? ''),
      now,
    ],
  );
  return toRevision(rows[0]?.base) + 1;
}
