import type { Migration } from '../migrate.js';

/**
 * What a field-verification round leaves behind (issue 16.1):
 * - a worker the village rejected (died, moved, a wage earner, not informal, not found, a duplicate) and the
 *   checker signed off is marked `rejected_on` with the reason: no source funds them again until a later
 *   round confirms them; a funded participant keeps the protection already paid, to the end of its period,
 *   and is listed as an alert on the round;
 * - the DBHCHT secretariat gets its own role: it checks and signs off rounds of its regency, reads the
 *   registry with masked identifiers and the budgets, and changes nothing else;
 * - staff accounts get an optional e-mail address, where reminders go: villages that have not started on an
 *   open round are reminded (by the daily job, at most every three days, or by Disnaker's button), each
 *   reminder recorded per round and village.
 */
export const migration: Migration = {
  id: '0031-verification-followup',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE workers ADD COLUMN rejected_on date;
      ALTER TABLE workers ADD COLUMN rejected_reason text
        CHECK (rejected_reason IN ('died', 'moved', 'wage_earner', 'not_informal', 'not_found', 'duplicate', 'other'));
      ALTER TABLE workers ADD CONSTRAINT workers_rejected_check CHECK ((rejected_on IS NULL) = (rejected_reason IS NULL));

      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('super_admin', 'province_admin', 'regency_operator',
        'village_operator', 'bpjs_officer', 'auditor', 'donor', 'dbhcht_secretariat'));
      ALTER TABLE users ADD COLUMN email text CHECK (length(email) BETWEEN 6 AND 254 AND position(' ' IN email) = 0);

      CREATE TABLE verification_reminders (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        round_id      bigint NOT NULL REFERENCES verification_rounds (id) ON DELETE CASCADE,
        village_code  text COLLATE "C" NOT NULL,
        reminded_at   timestamptz NOT NULL DEFAULT now(),
        reminded_by   text NOT NULL,
        recipients    int NOT NULL CHECK (recipients >= 0)
      );
      CREATE INDEX verification_reminders_round_idx ON verification_reminders (round_id, village_code, reminded_at);

      INSERT INTO job_schedules (name, kind, every_seconds, at_minute_wib) VALUES ('verification.remind', 'verification.remind', 86400, 7 * 60);
    `);
  },
};
