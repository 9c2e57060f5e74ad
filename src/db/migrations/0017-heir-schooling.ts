import type { Migration } from '../migrate.js';

/** Where an heir who is a child stands in school, for the scholarship schedule (DOMAIN §3.3). */
export const migration: Migration = {
  id: '0017-heir-schooling',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE heirs
        ADD COLUMN school_level text CHECK (school_level IN ('tk_sd', 'smp', 'sma', 'pt')),
        ADD COLUMN year_in_level int CHECK (year_in_level BETWEEN 1 AND 8),
        ADD COLUMN school_starts_year int CHECK (school_starts_year BETWEEN 2000 AND 2100);
    `);
  },
};
