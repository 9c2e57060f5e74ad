import type { Migration } from '../migrate.js';

/**
 * Claims and benefits (issue 13): an incident of a participant, one claim per benefit with its workflow
 * and dated events, the benefit computed by the rules in force (kept with the claim), and the heirs.
 * The deadlines a claim's steps keep are dated reference values with their legal basis.
 */
export const migration: Migration = {
  id: '0016-claims',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE incidents (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id bigint NOT NULL REFERENCES participants (id),
        region_code    text COLLATE "C" NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('work_accident', 'commuting_accident', 'occupational_disease', 'death', 'work_death', 'permanent_disability')),
        occurred_on    date NOT NULL,
        place          text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
        description    text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
        entitlement    jsonb NOT NULL,
        reported_by    text NOT NULL,
        reported_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX incidents_region_idx ON incidents (region_code);
      CREATE INDEX incidents_participant_idx ON incidents (participant_id);

      CREATE TABLE claims (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id       bigint NOT NULL REFERENCES incidents (id),
        region_code       text COLLATE "C" NOT NULL,
        benefit           text NOT NULL CHECK (benefit IN ('jkm', 'jkk_stmb', 'jkk_death', 'jkk_disability', 'jkk_medical', 'scholarship')),
        status            text NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'verified', 'submitted', 'paid', 'rejected', 'expired')),
        status_since      timestamptz NOT NULL DEFAULT now(),
        due_on            date,
        computed_amount   bigint NOT NULL CHECK (computed_amount >= 0),
        computation       jsonb NOT NULL,
        paid_amount       bigint CHECK (paid_amount >= 0),
        paid_on           date,
        payment_reference text,
        rejection         text,
        version           int NOT NULL DEFAULT 1,
        created_by        text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, benefit)
      );
      CREATE INDEX claims_region_idx ON claims (region_code, status);

      CREATE TABLE claim_events (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        claim_id    bigint NOT NULL REFERENCES claims (id),
        at          timestamptz NOT NULL DEFAULT now(),
        from_status text,
        to_status   text NOT NULL,
        note        text NOT NULL DEFAULT '',
        actor       text NOT NULL
      );
      CREATE INDEX claim_events_claim_idx ON claim_events (claim_id, id);

      -- Heirs in the legal order (DOMAIN §3.5): 1 spouse and children, 2 other blood relatives, 3 the will.
      CREATE TABLE heirs (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id  bigint NOT NULL REFERENCES incidents (id),
        region_code  text COLLATE "C" NOT NULL,
        relation     text NOT NULL CHECK (relation IN ('spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'parent_in_law', 'will')),
        rank         int NOT NULL CHECK (rank BETWEEN 1 AND 3),
        full_name    text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        nik          text CHECK (nik ~ '^[0-9]{16}$'),
        birth_date   date,
        bank_name    text NOT NULL DEFAULT '',
        bank_account text NOT NULL DEFAULT '' CHECK (bank_account ~ '^[0-9]{0,20}$'),
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX heirs_incident_idx ON heirs (incident_id);

      INSERT INTO reference_values (key, value, valid_from, legal_basis, note) VALUES
        ('claim.accident_report_hours', 48, '2021-04-01', 'Permenaker 5/2021', 'DOMAIN §3.2: laporan kecelakaan tahap I paling lambat 2 × 24 jam'),
        ('claim.bpjs_decision_days', 30, '2021-04-01', 'Permenaker 5/2021', 'DOMAIN §3.2: BPJS menyelesaikan klaim dalam 30 hari');
    `);
  },
};
