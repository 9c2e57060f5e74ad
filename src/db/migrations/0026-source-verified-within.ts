import type { Migration } from '../migrate.js';

/**
 * An eligibility rule of a funding source (issue 16.1): only workers verified in the field within this many
 * months (`workers.verified_on`, set when a verification round is signed off).
 */
export const migration: Migration = {
  id: '0026-source-verified-within',
  async up(tx) {
    await tx.exec(`ALTER TABLE funding_sources ADD COLUMN verified_within_months smallint CHECK (verified_within_months BETWEEN 1 AND 60);`);
  },
};
