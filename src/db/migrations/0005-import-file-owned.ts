import type { Migration } from '../migrate.js';

/**
 * Whether Jaring owns the import's file (an upload it stored) and so must delete it once the import
 * has ended: a worker list is personal data (UU 27/2022) and is not kept longer than needed. Files
 * imported from a path on the command line belong to their owner and are never touched.
 */
export const migration: Migration = {
  id: '0005-import-file-owned',
  async up(tx) {
    await tx.exec(`ALTER TABLE imports ADD COLUMN file_owned boolean NOT NULL DEFAULT false`);
  },
};
