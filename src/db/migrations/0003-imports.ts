import type { Migration } from '../migrate.js';

/**
 * Bulk imports of worker lists. An import is a row with a state machine; its rows are staged in
 * `import_rows` (UNLOGGED: scratch data that COPY fills fast; after a server crash the staging of a
 * finished import may be gone, never the registry or the import's record and counts).
 */
export const migration: Migration = {
  id: '0003-imports',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE imports (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        status           text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'running', 'completed', 'failed', 'cancelled')),
        cancel_requested boolean NOT NULL DEFAULT false,
        file_name        text NOT NULL,
        file_path        text NOT NULL,
        file_bytes       bigint NOT NULL,
        format           text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        sheets           jsonb NOT NULL DEFAULT '[]',
        sheet            text,
        headers          jsonb NOT NULL DEFAULT '[]',
        sample           jsonb NOT NULL DEFAULT '[]',
        mapping          jsonb NOT NULL DEFAULT '{}',
        policy           text NOT NULL DEFAULT 'upsert' CHECK (policy IN ('insert_only', 'upsert', 'reject_conflicts')),
        actor_id         bigint REFERENCES users (id),
        actor_username   text NOT NULL,
        actor_role       text NOT NULL,
        actor_scope      text COLLATE "C",
        bytes_done       bigint NOT NULL DEFAULT 0,
        rows_total       int NOT NULL DEFAULT 0,
        rows_invalid     int NOT NULL DEFAULT 0,
        rows_inserted    int NOT NULL DEFAULT 0,
        rows_updated     int NOT NULL DEFAULT 0,
        rows_unchanged   int NOT NULL DEFAULT 0,
        rows_skipped     int NOT NULL DEFAULT 0,
        message_id       text,
        message_en       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        started_at       timestamptz,
        finished_at      timestamptz,
        heartbeat_at     timestamptz
      );
      CREATE INDEX imports_scope_idx ON imports (actor_scope, id);

      CREATE UNLOGGED TABLE import_rows (
        import_id      bigint NOT NULL,
        row_no         int NOT NULL,
        nik            text COLLATE "C",
        full_name      text,
        birth_date     date,
        sex            text,
        address        text,
        village_code   text COLLATE "C",
        sector_code    text,
        occupation     text,
        welfare_decile smallint,
        monthly_income bigint,
        phone          text,
        is_wage_earner boolean,
        errors         jsonb,
        raw            text NOT NULL,
        PRIMARY KEY (import_id, row_no)
      );

      ALTER TABLE workers ADD COLUMN source_import_id bigint REFERENCES imports (id);
    `);
  },
};
