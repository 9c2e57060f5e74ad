import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { one, query, sql } from '../../db/sql.js';

export interface MailRow {
  id: number;
  to_address: string;
  subject: string;
  body_text: string;
  purpose: string;
  region_code: string | null;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export async function insertMail(db: Queryable, m: { to: string; subject: string; text: string; purpose: string; regionCode: string | null }): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`INSERT INTO mail_outbox (to_address, subject, body_text, purpose, region_code)
        VALUES (${m.to}, ${m.subject}, ${m.text}, ${m.purpose}, ${m.regionCode}) RETURNING id`,
  );
  return r!.id;
}

/** Queued messages, oldest first, locked so two instances never send the same one. */
export function claimQueued(db: Queryable, limit: number): Promise<MailRow[]> {
  return query<MailRow>(db, sql`SELECT * FROM mail_outbox WHERE status = 'queued' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
}

export async function markSent(db: Queryable, id: number): Promise<void> {
  await query(db, sql`UPDATE mail_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ${id}`);
}

/** A failed attempt: retried by the next run, given up after `maxAttempts`. */
export async function markFailed(db: Queryable, id: number, error: string, maxAttempts: number): Promise<void> {
  await query(
    db,
    sql`UPDATE mail_outbox SET attempts = attempts + 1, last_error = ${error.slice(0, 300)},
               status = CASE WHEN attempts + 1 >= ${maxAttempts} THEN 'failed' ELSE 'queued' END
         WHERE id = ${id}`,
  );
}

/** The outbox inside the actor's scope (messages without a region only nationally), newest first. */
export function listOutbox(db: Queryable, actor: Actor, limit: number): Promise<MailRow[]> {
  return query<MailRow>(db, sql`SELECT * FROM mail_outbox m WHERE ${scoped(actor, 'mail', 'm')} ORDER BY m.id DESC LIMIT ${limit}`);
}

/** Sent messages older than `days` (addresses are personal data). */
export async function purgeSent(db: Queryable, days: number): Promise<number> {
  const rows = await query(db, sql`DELETE FROM mail_outbox WHERE status = 'sent' AND sent_at < now() - make_interval(days => ${days}) RETURNING id`);
  return rows.length;
}

export async function countQueued(db: Queryable): Promise<number> {
  return (await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'queued'`))?.n ?? 0;
}
