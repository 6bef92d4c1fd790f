/** Migration 1: the resources table, the event log and the revision counter. */
export const migration0001 = {
  version: 1,
  name: 'initial',
  sql: `
    -- One row: the last committed revision and the revision the log is compacted through.
    -- Revisions come from this row, not a sequence: taking its row lock serialises commits, so
    -- revision order is commit order and a watcher reading "revision > n" never skips a late commit
    -- (docs/decisions/001-revision-counter.md).
    CREATE TABLE lcm_revision (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      value bigint NOT NULL,
      compacted bigint NOT NULL
    );
    INSERT INTO lcm_revision (id, value, compacted) VALUES (true, 0, 0);

    CREATE TABLE lcm_resources (
      kind text NOT NULL,
      namespace text NOT NULL,
      name text NOT NULL,
      uid uuid NOT NULL,
      revision bigint NOT NULL,
      object jsonb NOT NULL,
      PRIMARY KEY (kind, namespace, name)
    );
    CREATE INDEX lcm_resources_labels ON lcm_resources USING gin ((object -> 'metadata' -> 'labels'));

    CREATE TABLE lcm_events (
      revision bigint PRIMARY KEY,
      kind text NOT NULL,
      namespace text NOT NULL,
      name text NOT NULL,
      type text NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
      object jsonb NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX lcm_events_kind_revision ON lcm_events (kind, revision);

    -- Aborts the whole write statement when a row changed between the store's read and its write.
    CREATE FUNCTION lcm_assert_applied(applied bigint, expected bigint) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      IF applied <> expected THEN
        RAISE EXCEPTION 'a row changed since it was read' USING ERRCODE = 'LCM01';
      END IF;
    END $$;
  `,
};
