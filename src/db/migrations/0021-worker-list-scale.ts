import type { Migration } from '../migrate.js';

/**
 * The worker list at regency scale (1.5 million workers):
 * - an index on (lower(full_name) COLLATE "C", id): the name order (case-insensitive, code-point order on both
 *   databases) and its keyset pages read 25 index entries, not the table; a name search's *prefix* part
 *   ("siti" in "Siti Aminah") is a range of this index in that same order;
 * - a trigram index (pg_trgm; PGlite loads it as an extension) on the name *after its first letter*, for the
 *   other part of a contains-search ("siti" in "Nur Siti"). Split this way, a common first name does not send
 *   the planner walking the whole name order for matches that all sort near its end (measured 2.3 s for
 *   "siti" at 1.5 M with one trigram index on the whole name);
 * - worker_counts: the number of workers per village, kept by statement-level triggers over the transition
 *   tables (one grouped statement per INSERT/UPDATE/DELETE, never a trigger per row), so the list's total
 *   for a region is a sum over its villages instead of a count over the registry.
 */
export const migration: Migration = {
  id: '0021-worker-list-scale',
  async up(tx) {
    await tx.exec(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX workers_name_order_idx ON workers ((lower(full_name) COLLATE "C"), id);
      CREATE INDEX workers_name_trgm_idx ON workers USING gin (substr(lower(full_name), 2) gin_trgm_ops);

      CREATE TABLE worker_counts (
        village_code text COLLATE "C" PRIMARY KEY,
        -- No CHECK (workers >= 0): ON CONFLICT checks the proposed row (a negative delta) before it merges.
        workers      bigint NOT NULL
      );
      INSERT INTO worker_counts (village_code, workers) SELECT village_code, count(*) FROM workers GROUP BY village_code;

      -- The transition tables are visible only in the trigger's own function: one function per event.
      CREATE FUNCTION worker_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO worker_counts AS c (village_code, workers)
        SELECT village_code, sum(d) FROM (SELECT village_code, 1 AS d FROM new_rows) x GROUP BY village_code HAVING sum(d) <> 0
        ON CONFLICT (village_code) DO UPDATE SET workers = c.workers + excluded.workers;
        RETURN NULL;
      END $$;
      CREATE FUNCTION worker_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO worker_counts AS c (village_code, workers)
        SELECT village_code, sum(d) FROM (SELECT village_code, -1 AS d FROM old_rows) x GROUP BY village_code HAVING sum(d) <> 0
        ON CONFLICT (village_code) DO UPDATE SET workers = c.workers + excluded.workers;
        RETURN NULL;
      END $$;
      CREATE FUNCTION worker_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Only moves between villages change a count: the old side minus, the new side plus, netted per village.
        INSERT INTO worker_counts AS c (village_code, workers)
        SELECT village_code, sum(d) FROM (SELECT village_code, -1 AS d FROM old_rows UNION ALL SELECT village_code, 1 FROM new_rows) x GROUP BY village_code HAVING sum(d) <> 0
        ON CONFLICT (village_code) DO UPDATE SET workers = c.workers + excluded.workers;
        RETURN NULL;
      END $$;
      CREATE TRIGGER workers_counts_insert AFTER INSERT ON workers
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION worker_counts_insert();
      CREATE TRIGGER workers_counts_delete AFTER DELETE ON workers
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION worker_counts_delete();
      CREATE TRIGGER workers_counts_update AFTER UPDATE ON workers
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION worker_counts_update();
    `);
  },
};
