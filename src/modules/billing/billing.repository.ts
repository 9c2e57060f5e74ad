import type { InvoiceStatus } from '../../domain/invoice.js';
import { join, query, raw, sql, type Sql } from '../../db/sql.js';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { inside, sharedInside } from '../../access/access.js';

export type InvoiceRow = {
  id: number;
  source_id: number;
  source_name: string;
  funding_type: string;
  program_id: number;
  region_code: string;
  period_from: string;
  period_to: string;
  seq: number;
  lines: number;
  total: number;
  paid: number;
  status: InvoiceStatus;
  created_by: string;
  created_at: Date;
};

const INVOICE_SELECT = `SELECT i.id, i.source_id, s.name AS source_name, s.funding_type, i.program_id, i.region_code, i.period_from, i.period_to, i.seq,
  i.lines, i.total, i.paid, i.status, i.created_by, i.created_at FROM invoices i JOIN funding_sources s ON s.id = i.source_id`;

export async function findInvoice(db: Queryable, id: number, lock = false): Promise<InvoiceRow | null> {
  return (await db.query<InvoiceRow>(`${INVOICE_SELECT} WHERE i.id = $1${lock ? ' FOR UPDATE OF i' : ''}`, [id]))[0] ?? null;
}

export function invoicesByIds(db: Queryable, ids: number[]): Promise<InvoiceRow[]> {
  return ids.length === 0 ? Promise.resolve([]) : db.query<InvoiceRow>(`${INVOICE_SELECT} WHERE i.id = ANY($1::bigint[]) ORDER BY i.id`, [ids]);
}

/** Invoices the actor sees (of its region's programs), newest period first. */
export function listInvoices(db: Queryable, actor: Actor, q: { programId?: number; status?: string }): Promise<InvoiceRow[]> {
  const where: Sql[] = [sharedInside(actor, 'i.region_code')];
  if (q.programId !== undefined) where.push(sql`i.program_id = ${q.programId}`);
  if (q.status) where.push(sql`i.status = ${q.status}`);
  return query<InvoiceRow>(db, sql`${raw(INVOICE_SELECT)} WHERE ${join(where, ' AND ')} ORDER BY i.period_from DESC, i.id DESC LIMIT 500`);
}

/** A new invoice of a source for a billing block (the next supplementary number when the block was billed before). */
export async function insertInvoice(
  db: Queryable,
  i: { sourceId: number; programId: number; regionCode: string; from: string; to: string; createdBy: string },
): Promise<number> {
  const [seq] = await db.query<{ n: number }>(`SELECT COALESCE(max(seq), 0)::int + 1 AS n FROM invoices WHERE source_id = $1 AND period_from = $2::date`, [
    i.sourceId,
    i.from,
  ]);
  const [inv] = await db.query<{ id: number }>(
    `INSERT INTO invoices (source_id, program_id, region_code, period_from, period_to, seq, created_by) VALUES ($1, $2, $3, $4::date, $5::date, $6, $7) RETURNING id`,
    [i.sourceId, i.programId, i.regionCode, i.from, i.to, seq!.n, i.createdBy],
  );
  return inv!.id;
}

/**
 * Bills the block in one INSERT … SELECT: a line per active participant-month a protection period of
 * the source covers, priced from the sector × month table; participant-months already billed are
 * skipped by an anti-join, and the primary key stays the last guard. Returns lines and total.
 */
export async function billLines(
  db: Queryable,
  b: { invoiceId: number; sourceId: number; from: string; to: string; price: { sector: string[]; month: string[]; amount: number[] } },
): Promise<{ n: number; total: number }> {
  // A bulk statement: compiling it with JIT costs more than it saves (measured in bench/billing.ts).
  await db.query('SET LOCAL jit = off');
  const [sum] = await db.query<{ n: number; total: number }>(
    `WITH ins AS (
       INSERT INTO invoice_lines (participant_id, month, invoice_id, amount)
       SELECT pp.participant_id, pr.month, $1, pr.amount
         FROM protection_periods pp
         JOIN participants p ON p.id = pp.participant_id AND p.status = 'active'
         JOIN workers w ON w.id = p.worker_id
         JOIN unnest($5::text[], $6::date[], $7::bigint[]) AS pr(sector_code, month, amount)
           ON pr.sector_code = w.sector_code AND pr.month BETWEEN pp.month_from AND pp.month_to
        WHERE pp.source_id = $2 AND pp.month_from <= $4::date AND pp.month_to >= $3::date
          AND NOT EXISTS (SELECT 1 FROM invoice_lines x WHERE x.participant_id = pp.participant_id AND x.month = pr.month)
       RETURNING amount)
     SELECT count(*)::int AS n, COALESCE(sum(amount), 0)::bigint AS total FROM ins`,
    [b.invoiceId, b.sourceId, b.from, b.to, b.price.sector, b.price.month, b.price.amount],
  );
  return sum!;
}

export async function deleteInvoice(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM invoices WHERE id = $1', [id]);
}

/** The total is the sum of the lines just written, in the same transaction: it cannot drift. */
export async function setInvoiceTotals(db: Queryable, id: number, lines: number, total: number): Promise<void> {
  await db.query('UPDATE invoices SET lines = $2, total = $3 WHERE id = $1', [id, lines, total]);
}

export function invoicePayments(
  db: Queryable,
  invoiceId: number,
): Promise<{ id: number; paid_on: string; reference: string; amount: number; recorded_by: string; created_at: Date }[]> {
  return db.query('SELECT id, paid_on, reference, amount, recorded_by, created_at FROM payments WHERE invoice_id = $1 ORDER BY id', [invoiceId]);
}

export function invoiceMonths(db: Queryable, invoiceId: number): Promise<{ month: string; lines: number; amount: number; paid_lines: number }[]> {
  return db.query(
    `SELECT month, count(*)::int AS lines, sum(amount)::bigint AS amount, count(*) FILTER (WHERE paid)::int AS paid_lines
       FROM invoice_lines WHERE invoice_id = $1 GROUP BY month ORDER BY month`,
    [invoiceId],
  );
}

export async function paymentReferenceUsed(db: Queryable, invoiceId: number, reference: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM payments WHERE invoice_id = $1 AND reference = $2', [invoiceId, reference])).length > 0;
}

/**
 * Records a payment: the payment row, the invoice's paid amount and status, and the lines it covers
 * marked paid in month order while the money covers them. Call inside a transaction holding the invoice.
 */
export async function applyPayment(
  db: Queryable,
  p: { invoiceId: number; paidOn: string; reference: string; amount: number; recordedBy: string; paidTotal: number; status: InvoiceStatus },
): Promise<void> {
  await db.query(`INSERT INTO payments (invoice_id, paid_on, reference, amount, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [
    p.invoiceId,
    p.paidOn,
    p.reference,
    p.amount,
    p.recordedBy,
  ]);
  await db.query(`UPDATE invoices SET paid = $2, status = $3 WHERE id = $1`, [p.invoiceId, p.paidTotal, p.status]);
  await db.query(
    `UPDATE invoice_lines l SET paid = true
       FROM (SELECT participant_id, month, sum(amount) OVER (ORDER BY month, participant_id) AS running FROM invoice_lines WHERE invoice_id = $1) c
      WHERE l.participant_id = c.participant_id AND l.month = c.month AND c.running <= $2 AND NOT l.paid`,
    [p.invoiceId, p.paidTotal],
  );
}

/** The participants with a line of this invoice not yet paid: those a payment of it can change. */
export async function unpaidParticipantIds(db: Queryable, invoiceId: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(`SELECT DISTINCT participant_id AS id FROM invoice_lines WHERE invoice_id = $1 AND NOT paid`, [invoiceId]);
  return rows.map((r) => Number(r.id));
}

/** A participant's billed months, oldest first, with the source billed and whether paid. */
export function billedMonths(
  db: Queryable,
  participantId: number,
): Promise<{ month: string; source_id: number; source_name: string; kind: string; paid: boolean; amount: number; invoice_id: number }[]> {
  return db.query(
    `SELECT l.month, i.source_id, s.name AS source_name, s.kind, l.paid, l.amount, l.invoice_id
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN funding_sources s ON s.id = i.source_id
      WHERE l.participant_id = $1 ORDER BY l.month`,
    [participantId],
  );
}

/**
 * Deletes a participant's unpaid lines of months after `endMonth` and takes them off their invoices'
 * totals; returns the invoices touched with their new amounts (the service sets their status).
 */
export async function withdrawUnpaidLines(db: Queryable, participantId: number, endMonth: string): Promise<{ id: number; total: number; paid: number }[]> {
  return db.query(
    `WITH gone AS (DELETE FROM invoice_lines WHERE participant_id = $1 AND month > $2::date AND NOT paid RETURNING invoice_id, amount)
     UPDATE invoices i SET total = i.total - g.amount, lines = i.lines - g.n
       FROM (SELECT invoice_id, sum(amount)::bigint AS amount, count(*)::int AS n FROM gone GROUP BY 1) g WHERE i.id = g.invoice_id
     RETURNING i.id, i.total, i.paid`,
    [participantId, endMonth],
  );
}

export async function setInvoiceStatus(db: Queryable, id: number, status: InvoiceStatus): Promise<void> {
  await db.query('UPDATE invoices SET status = $2 WHERE id = $1', [id, status]);
}

/** An invoice's lines with the participant's identity, a page at a time in (participant, month) order, inside the actor's scope. */
export function invoiceLinePage(
  db: Queryable,
  actor: Actor,
  invoiceId: number,
  after: { participantId: number; month: string },
  limit: number,
): Promise<
  {
    participant_id: number;
    month: string;
    amount: number;
    paid: boolean;
    nik: string;
    full_name: string;
    kpj: string | null;
    village_code: string;
    village_name: string | null;
  }[]
> {
  return query(
    db,
    sql`SELECT l.participant_id, l.month::text, l.amount, l.paid, w.nik, w.full_name, p.kpj, w.village_code, r.name AS village_name
          FROM invoice_lines l JOIN participants p ON p.id = l.participant_id JOIN workers w ON w.id = p.worker_id
          LEFT JOIN regions r ON r.code = w.village_code
         WHERE l.invoice_id = ${invoiceId} AND ${inside(actor, 'p.region_code')}
           AND (l.participant_id, l.month) > (${after.participantId}, ${after.month}::date)
         ORDER BY l.participant_id, l.month LIMIT ${limit}`,
  );
}
