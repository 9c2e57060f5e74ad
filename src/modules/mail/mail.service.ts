import nodemailer from 'nodemailer';
import * as repo from './mail.repository.js';
import type { Db, Queryable } from '../../db/db.js';
import type { Config } from '../../config.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { AppError } from '../../errors.js';

/**
 * Outgoing e-mail: a message is written to the outbox inside the transaction that causes it (so it is
 * sent exactly when that change commits), then the `mail.send` job delivers it over SMTP (`SMTP_URL`,
 * nodemailer). Without SMTP the message stays queued in the outbox, which an administrator reads on the
 * Tugas latar page — nothing is dropped. A failure is retried each minute, up to five attempts.
 */
export const MAX_ATTEMPTS = 5;
// No control character (a NUL, a bell, DEL) in either part: they are not part of an address and break storage.
// eslint-disable-next-line no-control-regex
const EMAIL = /^[^\s@<>"\u0000-\u001f\u007f]{1,64}@[^\s@<>"\u0000-\u001f\u007f]{1,189}\.[a-z]{2,}$/i;

export function isEmail(v: string): boolean {
  return EMAIL.test(v);
}

export async function queueMail(db: Queryable, m: { to: string; subject: string; text: string; purpose: string; regionCode?: string | null }): Promise<number> {
  const to = m.to.trim();
  if (!isEmail(to)) throw AppError.validation([problem('email', 'format', 'Alamat e-mail tidak valid', 'Not a valid e-mail address')]);
  return repo.insertMail(db, { to, subject: m.subject.slice(0, 200), text: m.text, purpose: m.purpose, regionCode: m.regionCode ?? null });
}

/** Sends what is queued (at most 50 per run); answers what happened. Without SMTP configured, nothing leaves the outbox. */
export async function sendQueuedMail(db: Db, config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Promise<{ sent: number; failed: number; held: number }> {
  if (!config.smtpUrl) {
    return { sent: 0, failed: 0, held: await repo.countQueued(db) };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  let sent = 0;
  let failed = 0;
  try {
    await db.transaction(async (tx) => {
      for (const m of await repo.claimQueued(tx, 50)) {
        try {
          await transport.sendMail({ from: config.mailFrom, to: m.to_address, subject: m.subject, text: m.body_text });
          await repo.markSent(tx, m.id);
          sent++;
        } catch (err) {
          // The SMTP server's answer, never the message: no address or content in the stored error.
          await repo.markFailed(
            tx,
            m.id,
            (err as { code?: string; responseCode?: number }).code ?? `SMTP ${String((err as { responseCode?: number }).responseCode ?? 'error')}`,
            MAX_ATTEMPTS,
          );
          failed++;
        }
      }
    });
  } finally {
    transport.close();
  }
  return { sent, failed, held: 0 };
}

export interface OutboxView {
  id: number;
  to: string;
  subject: string;
  text: string;
  purpose: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** The outbox for an administrator: what was sent, what waits (no SMTP configured) and what failed. */
export async function listOutbox(db: Queryable, actor: Actor): Promise<{ items: OutboxView[] }> {
  requirePermission(actor, 'users.manage');
  return {
    items: (await repo.listOutbox(db, actor, 200)).map((m) => ({
      id: m.id,
      to: m.to_address,
      subject: m.subject,
      text: m.body_text,
      purpose: m.purpose,
      status: m.status,
      attempts: m.attempts,
      lastError: m.last_error,
      createdAt: new Date(m.created_at).toISOString(),
      sentAt: m.sent_at ? new Date(m.sent_at).toISOString() : null,
    })),
  };
}
