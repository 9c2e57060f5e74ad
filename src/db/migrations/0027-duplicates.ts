import type { Migration } from '../migrate.js';

/**
 * Likely duplicates (issue 16.4): pairs of workers that are probably one person under two NIKs, found by a
 * set-based pass over blocking keys and judged by domain/duplicates.ts, kept with the agreements that made
 * them likely, reviewed by an operator (dismissed, or merged into one record with history and audit).
 */
export const migration: Migration = {
  id: '0027-duplicates',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE duplicate_pairs (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        worker_a     bigint NOT NULL,
        worker_b     bigint NOT NULL,
        region_code  text COLLATE "C" NOT NULL,
        score        int NOT NULL,
        agreements   jsonb NOT NULL,
        status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'merged')),
        found_at     timestamptz NOT NULL DEFAULT now(),
        decided_by   text,
        decided_at   timestamptz,
        kept_worker  bigint,
        CHECK (worker_a < worker_b),
        UNIQUE (worker_a, worker_b)
      );
      CREATE INDEX duplicate_pairs_region_idx ON duplicate_pairs (region_code, status);
    `);
  },
};
