import type { Migration } from '../migrate.js';

/**
 * Claims, second part (issue 13): the claim deadline of an incident (the dated benefit rule of its kind;
 * the sources differ), the documents received for it (kept until their retention day, then the content is deleted),
 * submissions to the BPJS branch (file and cover letter), and the scholarship year by year per child with
 * its yearly re-verification, reminder and payment. A daily job expires claims past their deadline and
 * marks the school years whose re-verification is due.
 */
export const migration: Migration = {
  id: '0018-claims-exchange',
  async up(tx) {
    await tx.exec(`
      INSERT INTO reference_values (key, value, valid_from, valid_to, legal_basis, note) VALUES
        ('claim.document_retention_months', 60, '2022-10-17', NULL, 'UU 27/2022 Pasal 43 (dihapus bila tujuan tercapai); jangka menurut JRA daerah',
         'Isi dokumen klaim dihapus sekian bulan setelah klaim selesai (dibayar, ditolak, kedaluwarsa)'),
        ('scholarship.reminder_days', 60, '2019-12-02', NULL, 'PP 82/2019 (beasiswa diklaim setiap tahun)',
         'DOMAIN §3.3: pengingat verifikasi ulang sekian hari sebelum tahun ajaran (1 Juli)');

      -- The JKM claim deadline is unsourced (DOMAIN §3.5): Jaring uses the JKK rule until a branch says otherwise (a new dated row).
      INSERT INTO benefit_amounts (key, program, unit, value, valid_from, valid_to, legal_basis, note) VALUES
        ('jkm.claim_deadline_years', 'JKM', 'years', 5, '2019-12-02', NULL, 'Tidak bersumber (DOMAIN §3.5); disamakan dengan JKK, PP 82/2019',
         'Batas klaim JKM; ubah dengan baris baru bila cabang memakai batas lain'),
        ('jkk.partial_disability_multiple', 'JKK', 'times_income', 80, '2019-12-02', NULL, 'PP 44/2015 Lampiran III jo. PP 82/2019',
         'Cacat sebagian tetap: persentase menurut tabel × 80 × penghasilan; untuk BPU tidak bersumber (DOMAIN §3.2, keyakinan L)'),
        ('jkk.medical_ceiling', 'JKK', 'rupiah', 0, '2019-12-02', NULL, 'PP 44/2015 jo. PP 82/2019',
         'Perawatan sesuai kebutuhan medis sampai sembuh; 0 = tanpa batas biaya (DOMAIN §3.2)');

      ALTER TABLE incidents ADD COLUMN disability_pct int CHECK (disability_pct BETWEEN 1 AND 100);
      ALTER TABLE incidents ADD COLUMN claim_deadline date;
      UPDATE incidents SET claim_deadline = (occurred_on + interval '5 years')::date;
      ALTER TABLE incidents ALTER COLUMN claim_deadline SET NOT NULL;

      -- A document received for an incident's claims: seen on paper, or uploaded (content kept until delete_after).
      CREATE TABLE claim_documents (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id   bigint NOT NULL REFERENCES incidents (id),
        region_code   text COLLATE "C" NOT NULL,
        kind          text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
        received_on   date NOT NULL,
        received_by   text NOT NULL,
        file_name     text CHECK (length(file_name) <= 200),
        content_type  text CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes    int,
        sha256        text,
        content       bytea,
        content_deleted_at timestamptz,
        UNIQUE (incident_id, kind)
      );

      CREATE TABLE claim_submissions (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        region_code     text COLLATE "C" NOT NULL,
        document_number text NOT NULL,
        claim_count     int NOT NULL,
        total_amount    bigint NOT NULL,
        created_by      text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      -- The columns of the claim submission file, per regency office (branches differ).
      CREATE TABLE claim_settings (
        region_code text COLLATE "C" PRIMARY KEY,
        file_layout jsonb NOT NULL,
        updated_by  text NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE claims ADD COLUMN submission_id bigint REFERENCES claim_submissions (id);
      ALTER TABLE claims ADD COLUMN closed_on date;

      -- One school year of one child's scholarship (DOMAIN §3.3): scheduled → verified → paid, or stopped.
      CREATE TABLE scholarship_years (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        claim_id          bigint NOT NULL REFERENCES claims (id),
        heir_id           bigint NOT NULL REFERENCES heirs (id),
        region_code       text COLLATE "C" NOT NULL,
        school_year       int NOT NULL,
        level             text NOT NULL CHECK (level IN ('tk_sd', 'smp', 'sma', 'pt')),
        year_in_level     int NOT NULL,
        amount            bigint NOT NULL CHECK (amount >= 0),
        legal_basis       text NOT NULL,
        status            text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'verified', 'paid', 'stopped')),
        verified_on       date,
        verified_by       text,
        stop_reason       text CHECK (stop_reason IN ('age', 'married', 'working', 'not_enrolled', 'died')),
        paid_amount       bigint CHECK (paid_amount >= 0),
        paid_on           date,
        payment_reference text,
        reminder_due_on   date,
        reminded_on       date,
        UNIQUE (heir_id, school_year)
      );
      CREATE INDEX scholarship_years_region_idx ON scholarship_years (region_code, status);

      INSERT INTO job_schedules (name, kind, every_seconds, at_minute_wib) VALUES ('claims.daily', 'claims.daily', 86400, 75);
    `);
  },
};
