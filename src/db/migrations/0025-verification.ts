import type { Migration } from '../migrate.js';

/**
 * Field verification (issue 16.1): a round of workers checked by their villages and signed off by a
 * checker at Disnaker or the DBHCHT secretariat. A village's verdict on a worker (confirmed, corrected,
 * rejected with a reason) is a proposal until the sign-off applies it to the registry; `workers.verified_on`
 * is the day of the last signed-off confirmation, what an eligibility rule "verified within N months" reads.
 */
export const migration: Migration = {
  id: '0025-verification',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE verification_rounds (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        region_code    text COLLATE "C" NOT NULL REFERENCES regions (code),
        name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        origin         text NOT NULL CHECK (origin IN ('plan', 'filter')),
        origin_ref     text NOT NULL DEFAULT '',
        due_on         date,
        status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'signed_off')),
        created_by     text NOT NULL,
        created_by_id  bigint,
        created_at     timestamptz NOT NULL DEFAULT now(),
        signed_off_by  text,
        signed_off_at  timestamptz,
        sign_off_note  text NOT NULL DEFAULT '',
        version        int NOT NULL DEFAULT 1
      );
      CREATE INDEX verification_rounds_region_idx ON verification_rounds (region_code, id);

      -- One worker of a round, placed in the worker's village when the round was opened (who verifies it).
      CREATE TABLE verification_items (
        round_id      bigint NOT NULL REFERENCES verification_rounds (id) ON DELETE CASCADE,
        worker_id     bigint NOT NULL REFERENCES workers (id),
        village_code  text COLLATE "C" NOT NULL,
        verdict       text NOT NULL DEFAULT 'pending' CHECK (verdict IN ('pending', 'confirmed', 'corrected', 'rejected')),
        reason        text CHECK (reason IN ('died', 'moved', 'wage_earner', 'not_informal', 'not_found', 'duplicate', 'other')),
        sector_code   text REFERENCES sectors (code),
        phone         text CHECK (phone ~ '^\\+?[0-9]{8,15}$'),
        note          text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        verified_by   text,
        verified_at   timestamptz,
        PRIMARY KEY (round_id, worker_id),
        CHECK ((verdict = 'rejected') = (reason IS NOT NULL))
      );
      CREATE INDEX verification_items_village_idx ON verification_items (village_code, round_id);
      CREATE INDEX verification_items_worker_idx ON verification_items (worker_id);

      ALTER TABLE workers ADD COLUMN verified_on date;
    `);
  },
};
