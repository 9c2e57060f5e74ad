import type { Migration } from '../migrate.js';

/**
 * Donors (issue 14; DOMAIN §7): civil servants, citizens and companies who pay JKK + JKM for workers around
 * them ("Sertakan Cinta", GN Lingkaran). A donor signs in as a user of role `donor` bound to one donor row;
 * the access model scopes such a user to their own rows. Each donor becomes one funding source (BPJS type SL
 * for a person, SC for a company's CSR) of the regency's donor program, so a sponsorship is funded, checked,
 * enrolled and billed like any other plan. Money moves through donations with a payment code, confirmed by an
 * operator or by a bank statement line.
 */
export const migration: Migration = {
  id: '0020-donors',
  async up(tx) {
    await tx.exec(`
      -- The regency's program that donors' sources belong to (made on the first donor of the regency).
      CREATE TABLE donor_programs (
        region_code text COLLATE "C" PRIMARY KEY REFERENCES regions (code),
        program_id  bigint NOT NULL UNIQUE REFERENCES programs (id)
      );

      CREATE TABLE donors (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind            text NOT NULL CHECK (kind IN ('civil_servant', 'citizen', 'company')),
        name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
        nip             text CHECK (nip ~ '^[0-9]{18}$'),
        npwp            text CHECK (npwp ~ '^[0-9]{15,16}$'),
        contact_name    text,
        email           text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        phone           text,
        region_code     text COLLATE "C" NOT NULL REFERENCES regions (code),
        source_id       bigint REFERENCES funding_sources (id),
        email_verified_at timestamptz,
        created_by      text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'civil_servant' OR nip IS NOT NULL),
        CHECK (kind <> 'company' OR npwp IS NOT NULL)
      );
      CREATE INDEX donors_region_idx ON donors (region_code);

      -- A donor signs in as a user bound to the donor row; the e-mail address is the user name.
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('super_admin', 'province_admin', 'regency_operator',
        'village_operator', 'bpjs_officer', 'auditor', 'donor'));
      ALTER TABLE users DROP CONSTRAINT users_username_check;
      ALTER TABLE users ADD CONSTRAINT users_username_check CHECK (username ~ '^[a-z0-9._@+-]{3,100}$');
      ALTER TABLE users ADD COLUMN donor_id bigint UNIQUE REFERENCES donors (id);
      ALTER TABLE users ADD CONSTRAINT users_donor_check CHECK ((role = 'donor') = (donor_id IS NOT NULL));

      -- One-use links sent by e-mail: verify an address, reset a password. Only the SHA-256 is kept.
      CREATE TABLE donor_tokens (
        token_hash  text PRIMARY KEY,
        donor_id    bigint NOT NULL REFERENCES donors (id) ON DELETE CASCADE,
        purpose     text NOT NULL CHECK (purpose IN ('verify', 'reset')),
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz
      );

      -- A named sponsorship pays for one worker the donor knows; a pool pays for workers the regency assigns.
      CREATE TABLE sponsorships (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        donor_id        bigint NOT NULL REFERENCES donors (id),
        region_code     text COLLATE "C" NOT NULL REFERENCES regions (code),
        kind            text NOT NULL CHECK (kind IN ('named', 'pool')),
        worker_id       bigint REFERENCES workers (id),
        area_code       text COLLATE "C" REFERENCES regions (code),
        workers_wanted  int CHECK (workers_wanted BETWEEN 1 AND 10000),
        months          int NOT NULL CHECK (months IN (3, 6, 12)),
        month_from      date NOT NULL,
        amount          bigint NOT NULL CHECK (amount > 0),
        price           jsonb NOT NULL,
        status          text NOT NULL CHECK (status IN ('awaiting_payment', 'awaiting_assignment', 'active', 'refund_due', 'refunded', 'cancelled')),
        status_note     text NOT NULL DEFAULT '',
        consent_by      text,
        consent_method  text CHECK (consent_method IN ('in_person', 'phone', 'written', 'message')),
        consent_at      timestamptz,
        consent_note    text,
        renewed_from    bigint REFERENCES sponsorships (id),
        reminded_at     timestamptz,
        created_by      text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'named' OR (worker_id IS NOT NULL AND consent_by IS NOT NULL AND consent_method IS NOT NULL AND consent_at IS NOT NULL)),
        CHECK (kind <> 'pool' OR workers_wanted IS NOT NULL)
      );
      CREATE INDEX sponsorships_donor_idx ON sponsorships (donor_id);
      CREATE INDEX sponsorships_region_idx ON sponsorships (region_code, status);

      -- Workers a sponsorship pays for (one for a named sponsorship, many for a pool), with the plan that funds them.
      CREATE TABLE sponsored_workers (
        sponsorship_id  bigint NOT NULL REFERENCES sponsorships (id),
        worker_id       bigint NOT NULL REFERENCES workers (id),
        region_code     text COLLATE "C" NOT NULL,
        month_from      date NOT NULL,
        month_to        date NOT NULL,
        amount          bigint NOT NULL CHECK (amount >= 0),
        plan_id         bigint REFERENCES plans (id),
        assigned_by     text NOT NULL,
        assigned_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sponsorship_id, worker_id)
      );
      CREATE INDEX sponsored_workers_worker_idx ON sponsored_workers (worker_id);

      -- Money expected from a donor, with the code they pay with; paid when an operator or a statement line confirms it.
      CREATE TABLE donations (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        donor_id        bigint NOT NULL REFERENCES donors (id),
        sponsorship_id  bigint NOT NULL REFERENCES sponsorships (id),
        region_code     text COLLATE "C" NOT NULL,
        amount          bigint NOT NULL CHECK (amount > 0),
        payment_code    text NOT NULL UNIQUE CHECK (payment_code ~ '^[0-9]{16}$'),
        status          text NOT NULL DEFAULT 'expected' CHECK (status IN ('expected', 'paid', 'refunded', 'cancelled')),
        paid_on         date,
        paid_amount     bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
        paid_reference  text,
        confirmed_by    text,
        refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
        refund_reference text,
        receipt_number  text,
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX donations_donor_idx ON donations (donor_id);
      CREATE INDEX donations_region_idx ON donations (region_code, status);

      CREATE TABLE bank_statements (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        region_code text COLLATE "C" NOT NULL,
        format      text NOT NULL CHECK (format IN ('csv', 'mt940')),
        file_name   text NOT NULL,
        lines       int NOT NULL DEFAULT 0,
        matched     int NOT NULL DEFAULT 0,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE bank_statement_lines (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        statement_id  bigint NOT NULL REFERENCES bank_statements (id),
        region_code   text COLLATE "C" NOT NULL,
        line_no       int NOT NULL,
        booked_on     date NOT NULL,
        amount        bigint NOT NULL,
        reference     text NOT NULL DEFAULT '',
        description   text NOT NULL DEFAULT '',
        status        text NOT NULL CHECK (status IN ('matched', 'partial', 'unmatched', 'ignored', 'decided')),
        donation_id   bigint REFERENCES donations (id),
        decided_by    text,
        note          text NOT NULL DEFAULT '',
        UNIQUE (statement_id, line_no)
      );
      CREATE INDEX bank_statement_lines_open_idx ON bank_statement_lines (region_code) WHERE status IN ('partial', 'unmatched');

      -- How long before a sponsorship ends its donor is reminded (dated reference data, the regency's practice).
      INSERT INTO reference_values (key, value, valid_from, legal_basis, note) VALUES
        ('donor.reminder_days', 30, '2016-01-01', 'Praktik Disnaker (bukan aturan hukum)', 'Pengingat kepada donatur sebelum masa sponsor berakhir'),
        ('donor.payment_days', 14, '2016-01-01', 'Praktik Disnaker (bukan aturan hukum)', 'Batas waktu pembayaran kode bayar donasi');
      INSERT INTO job_schedules (name, kind, every_seconds, at_minute_wib) VALUES ('donors.daily', 'donors.daily', 86400, 7 * 60 + 15);
    `);
  },
};
