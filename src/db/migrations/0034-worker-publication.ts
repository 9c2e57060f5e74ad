import type { Migration } from '../migrate.js';

/**
 * A large import on PGlite without stopping the office (issue 15.2). PGlite is one backend: a merge that is
 * one transaction holds it, and every other request, for as long as the merge runs (70–80 s for 1.5 M rows).
 * The merge now inserts in short transactions, and the rows it has inserted stay invisible until one short
 * final transaction publishes them:
 * - the table is `worker_rows`; `workers` is a view of it without the rows of the import being published.
 *   The view is automatically updatable (one table, a WHERE clause), so every repository reads and writes
 *   `workers` as before; the unique NIK index stays on the table and so still guards the whole registry;
 * - `worker_publication` (one row): the import being published and the id range reserved for its new
 *   workers. The range is read once per statement (an InitPlan) and tested on `id`, a column of every
 *   index, so index-only scans stay index-only; the test is estimated to keep 99.7 % of the rows;
 * - `worker_counts_pending`: the per-village counts of the unpublished rows, added to `worker_counts` when
 *   they are published (the count triggers below leave hidden rows out of `worker_counts`);
 * - `import_dupes` / `import_deferred`: an import's NIKs repeated in its file, and its rows that update
 *   registered workers (applied in the final transaction), kept between the merge's transactions.
 * A column added to `worker_rows` later must be added to the view too (CREATE OR REPLACE VIEW).
 */
export const migration: Migration = {
  id: '0034-worker-publication',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE workers RENAME TO worker_rows;

      CREATE TABLE worker_publication (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        import_id bigint,
        hidden    int8range NOT NULL DEFAULT 'empty',
        CHECK ((import_id IS NULL) = isempty(hidden))
      );
      INSERT INTO worker_publication DEFAULT VALUES;

      -- "Nothing hidden" first: when no import is being published (nearly always) the row test is one
      -- boolean, not a range test (measured +15–30 % on a walk of 62,500 name-index entries).
      CREATE VIEW workers AS
        SELECT * FROM worker_rows
         WHERE (SELECT isempty(hidden) FROM worker_publication) OR NOT ((SELECT hidden FROM worker_publication) @> id);

      CREATE TABLE worker_counts_pending (
        village_code text COLLATE "C" PRIMARY KEY,
        workers      bigint NOT NULL
      );

      CREATE UNLOGGED TABLE import_dupes (
        import_id bigint NOT NULL,
        nik       text COLLATE "C" NOT NULL,
        first_row int NOT NULL,
        PRIMARY KEY (import_id, nik)
      );
      CREATE UNLOGGED TABLE import_deferred (
        import_id bigint NOT NULL,
        row_no    int NOT NULL,
        PRIMARY KEY (import_id, row_no)
      );

      -- Hidden rows count in worker_counts_pending until published; an unpublished import's rows are only
      -- ever inserted, or deleted when it is abandoned (then its pending counts are cleared with them).
      CREATE OR REPLACE FUNCTION worker_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE h int8range := (SELECT hidden FROM worker_publication);
      BEGIN
        INSERT INTO worker_counts AS c (village_code, workers)
        SELECT village_code, count(*) FROM new_rows WHERE NOT h @> id GROUP BY village_code
        ON CONFLICT (village_code) DO UPDATE SET workers = c.workers + excluded.workers;
        IF NOT isempty(h) THEN
          INSERT INTO worker_counts_pending AS c (village_code, workers)
          SELECT village_code, count(*) FROM new_rows WHERE h @> id GROUP BY village_code
          ON CONFLICT (village_code) DO UPDATE SET workers = c.workers + excluded.workers;
        END IF;
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION worker_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE h int8range := (SELECT hidden FROM worker_publication);
      BEGIN
        INSERT INTO worker_counts AS c (village_code, workers)
        SELECT village_code, sum(d) FROM (SELECT village_code, -1 AS d FROM old_rows WHERE NOT h @> id) x GROUP BY village_code HAVING sum(d) <> 0
        ON CONFLICT (village_code) DO UPDATE SET workers = c.workers + excluded.workers;
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION worker_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE h int8range := (SELECT hidden FROM worker_publication);
      BEGIN
        INSERT INTO worker_counts AS c (village_code, workers)
        SELECT village_code, sum(d) FROM (
          SELECT village_code, -1 AS d FROM old_rows WHERE NOT h @> id UNION ALL SELECT village_code, 1 FROM new_rows WHERE NOT h @> id
        ) x GROUP BY village_code HAVING sum(d) <> 0
        ON CONFLICT (village_code) DO UPDATE SET workers = c.workers + excluded.workers;
        RETURN NULL;
      END $$;
    `);
  },
};
