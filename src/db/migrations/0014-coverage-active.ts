import type { Migration } from '../migrate.js';

/**
 * Jaring's subsidised participants as BPJS reports them: active through the arrears window after the
 * last paid month (Perdir BPJS Ketenagakerjaan 22/PERDIR.02/072022, DOMAIN §1.3), kept beside the count
 * of participants paid for the month itself. Filled by the next coverage refresh.
 */
export const migration: Migration = {
  id: '0014-coverage-active',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE coverage_subsidised ADD COLUMN active int NOT NULL DEFAULT 0;
      COMMENT ON COLUMN coverage_subsidised.participants IS 'participants with this month paid';
      COMMENT ON COLUMN coverage_subsidised.active IS 'participants active in BPJS terms this month: a paid month no more than the arrears limit before, membership not ended';
    `);
  },
};
