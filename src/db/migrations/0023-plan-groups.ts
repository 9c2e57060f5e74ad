import type { Migration } from '../migrate.js';

/**
 * A plan run keeps its funded workers as rows and everyone else as counts (the summary): 1.5 million
 * candidates no longer write 1.4 million "out of budget" or "ineligible" rows per draft. `rules` is the
 * snapshot of the sources' eligibility rules the run judged by, so the unfunded candidates can be listed
 * on demand; it is NULL for plans made before, which keep every candidate as a row.
 */
export const migration: Migration = {
  id: '0023-plan-groups',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE plans ADD COLUMN rules jsonb;
      COMMENT ON COLUMN plans.rules IS 'Eligibility rules of the run (plans/candidates.repository CandidateScope); NULL: every candidate stored in plan_candidates';
    `);
  },
};
