import type { Migration } from '../migrate.js';

/**
 * Outgoing e-mail (issue 14's ground: donor sign-up, verification, password reset, reminders). Every
 * message is written to the outbox in the transaction that causes it, then sent over SMTP by a job; without
 * SMTP configured it stays in the outbox, where an administrator reads it — never silently dropped.
 * Addresses are personal data: sent messages are deleted after 30 days by housekeeping.
 */
export const migration: Migration = {
  id: '0019-mail-outbox',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE mail_outbox (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        to_address  text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
        subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        body_text   text NOT NULL,
        purpose     text NOT NULL CHECK (purpose ~ '^[a-z_.]{1,40}$'),
        region_code text COLLATE "C",
        status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
        attempts    int NOT NULL DEFAULT 0,
        last_error  text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        sent_at     timestamptz
      );
      CREATE INDEX mail_outbox_queued_idx ON mail_outbox (id) WHERE status = 'queued';
      INSERT INTO job_schedules (name, kind, every_seconds, at_minute_wib) VALUES ('mail.send', 'mail.send', 60, NULL);
    `);
  },
};
