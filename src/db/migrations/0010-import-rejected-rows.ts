import type { Migration } from '../migrate.js';

/**
 * The rows an import rejected, kept for its report in a logged table: `import_rows` is UNLOGGED
 * scratch space, which PostgreSQL (and PGlite) empty after a crash, so a finished import's report
 * must not live there. Kept for JARING_REJECTED_ROWS_DAYS, then deleted by housekeeping.
 */
export const migration: Migration = {
  id: '0010-import-rejected-rows',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE import_rejected_rows (
        import_id bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        row_no    int NOT NULL,
        errors    jsonb NOT NULL,
        raw       text NOT NULL,
        PRIMARY KEY (import_id, row_no)
      );
      INSERT INTO import_rejected_rows (import_id, row_no, errors, raw)
        SELECT r.import_id, r.row_no, r.errors, r.raw FROM import_rows r JOIN imports i ON i.id = r.import_id
         WHERE i.status = 'completed' AND r.errors IS NOT NULL;
      DELETE FROM import_rows r USING imports i WHERE i.id = r.import_id AND i.status <> 'running' AND i.status <> 'created';
    `);
  },
};
