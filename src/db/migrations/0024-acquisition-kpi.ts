import type { Migration } from '../migrate.js';

/**
 * The BPJS branch's acquisition report (issue 16.6): the months of contributions a worker needs to count
 * fully toward the KPI, as dated reference data (DOMAIN §5.3), and which BPJS branch serves a regency.
 */
export const migration: Migration = {
  id: '0024-acquisition-kpi',
  async up(tx) {
    await tx.exec(`
      INSERT INTO reference_values (key, value, valid_from, legal_basis, note) VALUES
        ('kpi.full_credit_months', 6, '2022-01-01', 'Perdir BPJS Ketenagakerjaan 22/2022, dokumen proses bisnis pekerja rentan (DOMAIN §5.3 [S13])',
         'Pekerja didanai Pemerintah/Desa dihitung penuh pada masa iur ≥ 6 bulan, proporsional di bawahnya; CSR/UMB dan donatur di bawah 6 bulan dihitung 0');

      -- The BPJS Ketenagakerjaan branch office (kantor cabang) that serves a regency; filled by the office.
      CREATE TABLE bpjs_branches (
        regency_code text COLLATE "C" PRIMARY KEY REFERENCES regions (code),
        name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        updated_by   text NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      );
    `);
  },
};
