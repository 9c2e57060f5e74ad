import { randomBytes } from 'node:crypto';
import type { Migration } from '../migrate.js';

/**
 * Secrets generated at install (never shipped, never the same on two installations), login
 * throttling per username and per address, and the old public-check attempts (keyed by a guessable
 * hash of the NIK) dropped so nothing enumerable is kept.
 */
export const migration: Migration = {
  id: '0009-security',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE app_secrets (
        name       text PRIMARY KEY,
        value      text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE login_failures ADD COLUMN address text NOT NULL DEFAULT '';
      CREATE INDEX login_failures_address_idx ON login_failures (address, at);
      DELETE FROM public_status_attempts;
    `);
    await tx.query(`INSERT INTO app_secrets (name, value) VALUES ('public_status_hmac', $1)`, [randomBytes(32).toString('hex')]);
  },
};
