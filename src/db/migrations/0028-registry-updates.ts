import type { Migration } from '../migrate.js';

/**
 * Quarterly DTSEN updates with an impact preview (issue 16.3). An update file is staged like any import
 * (policy 'dtsen_update'), then compared with the registry: what is new, removed from DTSEN, died, moved
 * (another village or another regency), re-ranked to another decile — kept per worker in
 * `registry_changes` with the fields before and after — and which funded participants gain or lose
 * eligibility for which source from which month, with the Rupiah at stake (`registry_impacts`). Nothing
 * in `workers` changes until an operator applies the preview; the change rows stay as the record of the
 * previous state.
 *
 * `workers.died_on`: the day of death as DTSEN reports it (no eligibility after it). `workers.dtsen_out_on`:
 * the day an update found the worker no longer in DTSEN (the decile is cleared; a later update that lists
 * the worker again clears it).
 */
export const migration: Migration = {
  id: '0028-registry-updates',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE workers ADD COLUMN died_on date, ADD COLUMN dtsen_out_on date;
      ALTER TABLE import_rows ADD COLUMN died_on date;
      ALTER TABLE imports DROP CONSTRAINT imports_status_check;
      ALTER TABLE imports ADD CONSTRAINT imports_status_check
        CHECK (status IN ('created', 'running', 'previewed', 'completed', 'failed', 'cancelled', 'discarded'));
      ALTER TABLE imports DROP CONSTRAINT imports_policy_check;
      ALTER TABLE imports ADD CONSTRAINT imports_policy_check CHECK (policy IN ('insert_only', 'upsert', 'reject_conflicts', 'dtsen_update'));
      ALTER TABLE imports ADD COLUMN effective_month date, ADD COLUMN preview jsonb;

      CREATE TABLE registry_changes (
        import_id     bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        nik           text COLLATE "C" NOT NULL,
        worker_id     bigint,
        version       int,
        village_code  text COLLATE "C" NOT NULL,
        kinds         text[] NOT NULL CHECK (cardinality(kinds) > 0),
        before        jsonb,
        after         jsonb,
        PRIMARY KEY (import_id, nik)
      );
      CREATE INDEX registry_changes_worker_idx ON registry_changes (worker_id);

      CREATE TABLE registry_impacts (
        import_id       bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        worker_id       bigint NOT NULL,
        plan_id         bigint NOT NULL,
        source_id       bigint NOT NULL,
        effect          text NOT NULL CHECK (effect IN ('loses', 'gains')),
        funding         boolean NOT NULL,
        participant_id  bigint,
        from_month      date NOT NULL,
        paid_until      date,
        months          int NOT NULL,
        rupiah          bigint NOT NULL,
        failed_checks   int NOT NULL DEFAULT 0,
        PRIMARY KEY (import_id, worker_id, plan_id, source_id)
      );
      CREATE INDEX registry_impacts_worker_idx ON registry_impacts (worker_id);
    `);
  },
};
