import type { Migration } from '../migrate.js';

/**
 * Funding: dated tariff reference data with its legal basis, programs and their funding sources
 * (with eligibility rules and budget revisions), and plans — the optimizer's decisions, reviewed by
 * a second person before enrolment starts from them.
 */
export const migration: Migration = {
  id: '0006-funding',
  async up(tx) {
    await tx.exec(`
      -- Contribution rates per programme. A rate is either a share of the declared income in basis
      -- points (100 = 1 %) or a flat Rupiah amount per month. valid_to is inclusive; NULL = open.
      CREATE TABLE tariff_rates (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        program     text NOT NULL CHECK (program IN ('JKK', 'JKM', 'JHT')),
        rate_bp     int CHECK (rate_bp BETWEEN 0 AND 10000),
        amount      bigint CHECK (amount >= 0),
        valid_from  date NOT NULL,
        valid_to    date,
        legal_basis text NOT NULL CHECK (legal_basis <> ''),
        note        text NOT NULL DEFAULT '',
        CHECK ((rate_bp IS NULL) <> (amount IS NULL)),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      );

      -- Declared-income bands BPU participants choose from (PP 44/2015 Lampiran II). Only the lowest
      -- band is sourced; the others are entered by an administrator from the official annex.
      CREATE TABLE income_bands (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        declared_income bigint NOT NULL CHECK (declared_income > 0),
        valid_from      date NOT NULL,
        valid_to        date,
        legal_basis     text NOT NULL CHECK (legal_basis <> ''),
        note            text NOT NULL DEFAULT ''
      );

      -- Time-boxed reductions of some programmes' contributions, by sector and funding type.
      -- sector_codes NULL = every sector; excluded_funding_types = payers the reduction does not reach.
      CREATE TABLE tariff_discounts (
        id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name                   text NOT NULL,
        programs               text[] NOT NULL,
        discount_bp            int NOT NULL CHECK (discount_bp BETWEEN 1 AND 10000),
        sector_codes           text[],
        excluded_funding_types text[] NOT NULL DEFAULT '{}',
        valid_from             date NOT NULL,
        valid_to               date NOT NULL,
        legal_basis            text NOT NULL CHECK (legal_basis <> ''),
        note                   text NOT NULL DEFAULT '',
        CHECK (valid_to >= valid_from)
      );

      -- Other dated limits (age at enrolment) with their basis.
      CREATE TABLE reference_values (
        key         text NOT NULL,
        value       bigint NOT NULL,
        valid_from  date NOT NULL,
        valid_to    date,
        legal_basis text NOT NULL CHECK (legal_basis <> ''),
        note        text NOT NULL DEFAULT '',
        PRIMARY KEY (key, valid_from)
      );

      CREATE TABLE programs (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        region_code     text COLLATE "C" NOT NULL REFERENCES regions (code),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description     text NOT NULL DEFAULT '',
        declared_income bigint NOT NULL DEFAULT 1000000 CHECK (declared_income > 0),
        include_jht     boolean NOT NULL DEFAULT false,
        created_by      text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (region_code, name)
      );

      -- A funding source and its eligibility rules. NULL limits fall back to the dated defaults.
      CREATE TABLE funding_sources (
        id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        program_id               bigint NOT NULL REFERENCES programs (id),
        name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind                     text NOT NULL CHECK (kind IN ('DBHCHT', 'APBD', 'APBDES', 'DANA_DESA', 'DBH_SAWIT', 'CSR', 'BANK', 'DONOR')),
        funding_type             text NOT NULL CHECK (funding_type IN ('SC', 'SB', 'SG', 'SD', 'SA', 'SL')),
        domicile_code            text COLLATE "C" NOT NULL REFERENCES regions (code),
        max_decile               smallint CHECK (max_decile BETWEEN 1 AND 10),
        min_age                  smallint CHECK (min_age BETWEEN 0 AND 120),
        max_age                  smallint CHECK (max_age BETWEEN 0 AND 120),
        exclude_wage_earners     boolean NOT NULL DEFAULT true,
        exclude_funded_elsewhere boolean NOT NULL DEFAULT true,
        version                  int NOT NULL DEFAULT 1,
        created_at               timestamptz NOT NULL DEFAULT now(),
        UNIQUE (program_id, name)
      );

      -- Allowed sectors with their priority tier (1 = first). No rows = every sector, tier 1.
      CREATE TABLE source_sectors (
        source_id   bigint NOT NULL REFERENCES funding_sources (id) ON DELETE CASCADE,
        sector_code text NOT NULL REFERENCES sectors (code),
        tier        smallint NOT NULL CHECK (tier BETWEEN 1 AND 9),
        PRIMARY KEY (source_id, sector_code)
      );

      -- Allocation history: the original budget, then each revision (PAK). The latest seq counts.
      CREATE TABLE source_budgets (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_id   bigint NOT NULL REFERENCES funding_sources (id),
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2014 AND 2100),
        seq         int NOT NULL CHECK (seq >= 1),
        stage       text NOT NULL CHECK (stage IN ('original', 'revision')),
        amount      bigint NOT NULL CHECK (amount >= 0),
        decided_on  date,
        reference   text NOT NULL DEFAULT '',
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source_id, fiscal_year, seq)
      );

      CREATE TABLE plans (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        program_id   bigint NOT NULL REFERENCES programs (id),
        region_code  text COLLATE "C" NOT NULL,
        fiscal_year  int NOT NULL,
        month_from   date NOT NULL,
        month_to     date NOT NULL,
        months       int NOT NULL CHECK (months BETWEEN 1 AND 12),
        name         text NOT NULL,
        status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
        priorities   text[] NOT NULL DEFAULT '{}',
        engine       text NOT NULL,
        summary      jsonb NOT NULL,
        created_by   text NOT NULL,
        created_by_id bigint,
        created_at   timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        reviewed_by  text,
        reviewed_at  timestamptz,
        review_note  text NOT NULL DEFAULT '',
        version      int NOT NULL DEFAULT 1,
        CHECK (month_to >= month_from)
      );
      CREATE INDEX plans_program_idx ON plans (program_id, fiscal_year);

      CREATE TABLE plan_sources (
        plan_id      bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        source_id    bigint NOT NULL REFERENCES funding_sources (id),
        budget       bigint NOT NULL,
        committed    bigint NOT NULL,
        workers      int NOT NULL,
        rupiah_used  bigint NOT NULL,
        PRIMARY KEY (plan_id, source_id)
      );

      -- Every candidate of a plan run: funded by a source, out of budget, or ineligible. failed_checks
      -- is a bit set of the rules the sources turned an ineligible worker away for.
      CREATE TABLE plan_candidates (
        plan_id       bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
        worker_id     bigint NOT NULL,
        source_id     bigint,
        outcome       text NOT NULL CHECK (outcome IN ('funded', 'out_of_budget', 'ineligible')),
        failed_checks int NOT NULL DEFAULT 0,
        amount        bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (plan_id, worker_id)
      );
      CREATE INDEX plan_candidates_funded_idx ON plan_candidates (worker_id) WHERE outcome = 'funded';

      -- Reference data as known on 2026-11 (shared/DOMAIN.md §1, §2). Editable by administrators.
      INSERT INTO tariff_rates (program, rate_bp, amount, valid_from, legal_basis, note) VALUES
        ('JKK', 100, NULL, '2015-07-01', 'PP 44/2015 (diubah PP 82/2019), Permenaker 5/2021', 'BPU: 1 % dari penghasilan yang dilaporkan'),
        ('JKM', NULL, 6800, '2015-07-01', 'PP 44/2015 (diubah PP 82/2019), Permenaker 5/2021', 'BPU: Rp 6.800 per bulan'),
        ('JHT', 200, NULL, '2015-07-01', 'PP 46/2015, Permenaker 5/2021', 'BPU, opsional: 2 % dari penghasilan yang dilaporkan');
      INSERT INTO income_bands (declared_income, valid_from, legal_basis, note) VALUES
        (1000000, '2015-07-01', 'PP 44/2015 Lampiran II', 'Pita terendah; pita lain belum bersumber (DOMAIN §1.2)');
      INSERT INTO tariff_discounts (name, programs, discount_bp, sector_codes, excluded_funding_types, valid_from, valid_to, legal_basis, note) VALUES
        ('Relaksasi COVID-19', '{JKK,JKM}', 9900, NULL, '{}', '2020-08-01', '2021-01-31', 'PP 49/2020', 'Iuran JKK dan JKM 1 % dari normal'),
        ('Penyesuaian iuran sektor transportasi', '{JKK,JKM}', 5000, '{driver_ojek}', '{SG,SA}', '2026-01-01', '2027-03-31', 'PP 50/2025',
         'Tidak berlaku bagi BPU yang iurannya dibayar APBN/APBD; berlaku untuk APBDes dan donatur belum pasti (DOMAIN §10.3)'),
        ('Penyesuaian iuran sektor lain', '{JKK,JKM}', 5000, NULL, '{SG,SA}', '2026-04-01', '2026-12-31', 'PP 50/2025',
         'Tidak berlaku bagi BPU yang iurannya dibayar APBN/APBD; berlaku untuk APBDes dan donatur belum pasti (DOMAIN §10.3)');
      INSERT INTO reference_values (key, value, valid_from, legal_basis, note) VALUES
        ('enrolment.min_age', 18, '2015-07-01', 'Praktik Pemda (Perbup Penajam Paser Utara) — bukan aturan BPJS', 'DOMAIN §2.1; dapat diubah per sumber dana'),
        ('enrolment.max_age', 65, '2015-07-01', 'Praktik Pemda (Penajam Paser Utara, Kudus) — bukan aturan BPJS', 'DOMAIN §2.1; dapat diubah per sumber dana');
    `);
  },
};
