import type { Migration } from '../migrate.js';

/**
 * Enrolment with BPJS Ketenagakerjaan: batches sent to the branch, participants with their dated
 * lifecycle, protection periods per funding source, invoices with one line per participant-month,
 * payments, and reconciliations against BPJS's own participant statements.
 * Months are stored as the first day of the month (date); money is integer Rupiah (bigint).
 */
export const migration: Migration = {
  id: '0007-enrolment',
  async up(tx) {
    await tx.exec(`
      -- How a source is invoiced: every month, every quarter, or one block for its fiscal year.
      ALTER TABLE funding_sources ADD COLUMN billing_cycle text NOT NULL DEFAULT 'monthly'
        CHECK (billing_cycle IN ('monthly', 'quarterly', 'yearly'));
      -- The registration file's columns, because branches differ: [{ header, field }].
      ALTER TABLE programs ADD COLUMN enrolment_layout jsonb;

      CREATE TABLE enrolment_batches (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plan_id      bigint NOT NULL REFERENCES plans (id),
        program_id   bigint NOT NULL REFERENCES programs (id),
        region_code  text COLLATE "C" NOT NULL,
        status       text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'answered')),
        submitted    int NOT NULL DEFAULT 0,
        continuing   int NOT NULL DEFAULT 0,
        accepted     int NOT NULL DEFAULT 0,
        rejected     int NOT NULL DEFAULT 0,
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        answered_by  text,
        answered_at  timestamptz
      );
      CREATE INDEX enrolment_batches_plan_idx ON enrolment_batches (plan_id);

      -- One BPJS membership per worker. region_code is the worker's village when enrolled (scope).
      CREATE TABLE participants (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        worker_id    bigint NOT NULL UNIQUE REFERENCES workers (id),
        program_id   bigint NOT NULL REFERENCES programs (id),
        region_code  text COLLATE "C" NOT NULL,
        kpj          text UNIQUE CHECK (kpj ~ '^[0-9]{11}$'),
        status       text NOT NULL CHECK (status IN ('candidate', 'submitted', 'active', 'lapsed', 'ended')),
        status_since date NOT NULL,
        end_reason   text CHECK (end_reason IN ('died', 'moved', 'wage_earner', 'left_program')),
        batch_id     bigint REFERENCES enrolment_batches (id),
        rejection    text,
        version      int NOT NULL DEFAULT 1,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX participants_region_idx ON participants (region_code);
      CREATE INDEX participants_program_idx ON participants (program_id, status);
      CREATE INDEX participants_batch_idx ON participants (batch_id);

      -- The participant's timeline: every transition, dated, with its reason and who recorded it.
      CREATE TABLE participant_events (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id bigint NOT NULL REFERENCES participants (id),
        at             date NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        from_status    text,
        to_status      text NOT NULL,
        reason         text NOT NULL,
        detail         text NOT NULL DEFAULT '',
        actor          text NOT NULL
      );
      CREATE INDEX participant_events_idx ON participant_events (participant_id, id);

      -- Months a source pays for a participant. 'plan' periods are committed by their approved plan;
      -- extensions and renewals commit their own Rupiah (committed); replacements reuse a leaver's months.
      CREATE TABLE protection_periods (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id bigint NOT NULL REFERENCES participants (id),
        source_id      bigint NOT NULL REFERENCES funding_sources (id),
        plan_id        bigint REFERENCES plans (id),
        fiscal_year    int NOT NULL,
        month_from     date NOT NULL,
        month_to       date NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('plan', 'extension', 'renewal', 'replacement')),
        committed      bigint NOT NULL DEFAULT 0 CHECK (committed >= 0),
        created_by     text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (month_to >= month_from)
      );
      CREATE INDEX protection_periods_participant_idx ON protection_periods (participant_id, month_from);
      CREATE INDEX protection_periods_source_idx ON protection_periods (source_id, month_from, month_to);

      -- Invoices per source and billing block; seq > 1 are supplements for participants activated
      -- after the first run. total always equals the sum of the lines (written in the same statement).
      CREATE TABLE invoices (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_id    bigint NOT NULL REFERENCES funding_sources (id),
        program_id   bigint NOT NULL REFERENCES programs (id),
        region_code  text COLLATE "C" NOT NULL,
        period_from  date NOT NULL,
        period_to    date NOT NULL,
        seq          int NOT NULL DEFAULT 1,
        lines        int NOT NULL DEFAULT 0,
        total        bigint NOT NULL DEFAULT 0 CHECK (total >= 0),
        paid         bigint NOT NULL DEFAULT 0 CHECK (paid >= 0),
        status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'partial', 'paid')),
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source_id, period_from, seq),
        CHECK (paid <= total)
      );
      CREATE INDEX invoices_program_idx ON invoices (program_id, period_from);

      -- A participant-month is billed once, whichever run or source: the primary key is the guard.
      CREATE TABLE invoice_lines (
        participant_id bigint NOT NULL,
        month          date NOT NULL,
        invoice_id     bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
        amount         bigint NOT NULL CHECK (amount >= 0),
        paid           boolean NOT NULL DEFAULT false,
        PRIMARY KEY (participant_id, month)
      );
      CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (invoice_id);

      CREATE TABLE payments (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        invoice_id  bigint NOT NULL REFERENCES invoices (id),
        paid_on     date NOT NULL,
        reference   text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
        amount      bigint NOT NULL CHECK (amount > 0),
        recorded_by text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (invoice_id, reference)
      );

      CREATE TABLE reconciliations (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        program_id     bigint NOT NULL REFERENCES programs (id),
        region_code    text COLLATE "C" NOT NULL,
        file_name      text NOT NULL,
        statement_rows int NOT NULL,
        missing        int NOT NULL,
        extra          int NOT NULL,
        mismatched     int NOT NULL,
        matched        int NOT NULL,
        created_by     text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE reconciliation_items (
        reconciliation_id bigint NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
        kind              text NOT NULL CHECK (kind IN ('missing', 'extra', 'mismatch')),
        nik               text NOT NULL,
        participant_id    bigint,
        field             text NOT NULL DEFAULT '',
        ours              text NOT NULL DEFAULT '',
        theirs            text NOT NULL DEFAULT ''
      );
      CREATE INDEX reconciliation_items_idx ON reconciliation_items (reconciliation_id, kind);

      -- Arrears may be paid for at most 3 months after protection ends; beyond, membership ends.
      INSERT INTO reference_values (key, value, valid_from, legal_basis, note) VALUES
        ('arrears.max_months', 3, '2022-07-01', 'Perdir BPJS Ketenagakerjaan 22/PERDIR.02/072022', 'DOMAIN §1.3: tunggakan BPU maksimal 3 bulan; lebih dari itu kepesertaan berakhir / nonaktif');
    `);
  },
};
