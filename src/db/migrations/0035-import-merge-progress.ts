import type { Migration } from '../migrate.js';

/**
 * A chunked merge (0034) takes a minute for a regency's 1.5 M rows: the import shows how many staged rows
 * it has merged so far, after the bar for reading the file has reached its end.
 */
export const migration: Migration = {
  id: '0035-import-merge-progress',
  async up(tx) {
    await tx.exec(`ALTER TABLE imports ADD COLUMN rows_merged int NOT NULL DEFAULT 0`);
  },
};
