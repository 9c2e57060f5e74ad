import type { Migration } from '../migrate.js';

/**
 * The benefits a protected BPU worker's claim pays, as dated reference data with their legal basis
 * (DOMAIN §3): JKM components, JKK multipliers and STMB rates, scholarship amounts per level and year.
 * `unit` says how to read `value`: rupiah, a multiple of the declared income, basis points of the
 * declared income, months, or years. Claims read them for the day of the event, never from code.
 */
export const migration: Migration = {
  id: '0012-benefit-amounts',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE benefit_amounts (
        key         text NOT NULL,
        program     text NOT NULL CHECK (program IN ('JKK', 'JKM', 'BEASISWA')),
        unit        text NOT NULL CHECK (unit IN ('rupiah', 'times_income', 'income_bp', 'months', 'years', 'children')),
        value       bigint NOT NULL CHECK (value >= 0),
        valid_from  date NOT NULL,
        valid_to    date,
        legal_basis text NOT NULL CHECK (legal_basis <> ''),
        note        text NOT NULL DEFAULT '',
        PRIMARY KEY (key, valid_from),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      );
      INSERT INTO benefit_amounts (key, program, unit, value, valid_from, valid_to, legal_basis, note) VALUES
        ('jkm.death_lump_sum',       'JKM', 'rupiah', 20000000, '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019', 'Santunan kematian (DOMAIN §3.1)'),
        ('jkm.periodic_lump_sum',    'JKM', 'rupiah', 12000000, '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019', 'Santunan berkala 24 bulan, dibayar sekaligus (DOMAIN §3.1)'),
        ('jkm.funeral',              'JKM', 'rupiah', 10000000, '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019', 'Biaya pemakaman (DOMAIN §3.1)'),
        ('jkm.min_membership_months','JKM', 'months', 3,        '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019; Permenaker 5/2021', 'Meninggal dalam 3 bulan pertama: hanya biaya pemakaman (DOMAIN §3.1, keyakinan M)'),
        ('jkm.scholarship_min_years','JKM', 'years', 3,         '2019-12-02', NULL, 'PP 82/2019', 'Beasiswa JKM bila masa iur ≥ 3 tahun (DOMAIN §3.1)'),
        ('jkk.death_multiple',       'JKK', 'times_income', 48, '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019', 'Meninggal karena kecelakaan kerja: 48 × penghasilan (DOMAIN §3.2)'),
        ('jkk.total_disability_multiple','JKK','times_income',56,'2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019', 'Cacat total tetap: 56 × penghasilan (DOMAIN §3.2, keyakinan M)'),
        ('jkk.stmb_first_months',    'JKK', 'months', 12,       '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019', 'STMB 100 % selama 12 bulan pertama (DOMAIN §3.2)'),
        ('jkk.stmb_first_bp',        'JKK', 'income_bp', 10000, '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019', 'STMB 100 % penghasilan (DOMAIN §3.2)'),
        ('jkk.stmb_after_bp',        'JKK', 'income_bp', 5000,  '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019', 'STMB 50 % sesudahnya sampai sembuh (DOMAIN §3.2)'),
        ('jkk.claim_deadline_years', 'JKK', 'years', 2,         '2015-07-01', '2019-12-01', 'PP 44/2015 Pasal 26', 'Batas klaim lama (DOMAIN §3.2)'),
        ('jkk.claim_deadline_years', 'JKK', 'years', 5,         '2019-12-02', NULL, 'PP 82/2019; Permenaker 1/2025', 'Batas klaim 5 tahun setelah kecelakaan (DOMAIN §3.2, keyakinan M)'),
        ('beasiswa.children',        'BEASISWA', 'children', 2, '2019-12-02', NULL, 'PP 82/2019', 'Paling banyak 2 anak (DOMAIN §3.3)'),
        ('beasiswa.children',        'BEASISWA', 'children', 1, '2015-07-01', '2019-12-01', 'PP 44/2015', 'Sebelum PP 82/2019: Rp 12 juta untuk satu anak (DOMAIN §3.3)'),
        ('beasiswa.max_age',         'BEASISWA', 'years', 23,   '2019-12-02', NULL, 'PP 82/2019', 'Berakhir pada usia 23, menikah, atau bekerja (DOMAIN §3.3)'),
        ('beasiswa.tk_sd.per_year',  'BEASISWA', 'rupiah', 1500000, '2019-12-02', NULL, 'PP 82/2019', 'TK–SD per anak per tahun (DOMAIN §3.3)'),
        ('beasiswa.tk_sd.max_years', 'BEASISWA', 'years', 8,    '2019-12-02', NULL, 'PP 82/2019', 'TK 2 tahun + SD 6 tahun'),
        ('beasiswa.smp.per_year',    'BEASISWA', 'rupiah', 2000000, '2019-12-02', NULL, 'PP 82/2019', 'SMP/sederajat per anak per tahun'),
        ('beasiswa.smp.max_years',   'BEASISWA', 'years', 3,    '2019-12-02', NULL, 'PP 82/2019', ''),
        ('beasiswa.sma.per_year',    'BEASISWA', 'rupiah', 3000000, '2019-12-02', NULL, 'PP 82/2019', 'SMA/sederajat per anak per tahun'),
        ('beasiswa.sma.max_years',   'BEASISWA', 'years', 3,    '2019-12-02', NULL, 'PP 82/2019', ''),
        ('beasiswa.pt.per_year',     'BEASISWA', 'rupiah', 12000000, '2019-12-02', NULL, 'PP 82/2019', 'Pendidikan tinggi (maks. S1) atau pelatihan per anak per tahun'),
        ('beasiswa.pt.max_years',    'BEASISWA', 'years', 5,    '2019-12-02', NULL, 'PP 82/2019', ''),
        ('beasiswa.one_child_total', 'BEASISWA', 'rupiah', 12000000, '2015-07-01', '2019-12-01', 'PP 44/2015', 'Sebelum PP 82/2019 (DOMAIN §3.3)');
    `);
  },
};
