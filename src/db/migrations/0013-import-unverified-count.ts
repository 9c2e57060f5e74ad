import type { Migration } from '../migrate.js';

/** How many of an import's new workers carry a NIK whose district code needs verification (said with the result). */
export const migration: Migration = {
  id: '0013-import-unverified-count',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE imports ADD COLUMN rows_nik_unverified int NOT NULL DEFAULT 0;
      UPDATE imports i SET rows_nik_unverified = (SELECT count(*) FROM workers w WHERE w.source_import_id = i.id AND w.nik_needs_verification)
       WHERE i.status = 'completed';
    `);
  },
};
