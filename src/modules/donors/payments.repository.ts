import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { donorRows, inside } from '../../access/access.js';
import { one, query, sql } from '../../db/sql.js';

// ---------------------------------------------------------------- donations

export interface DonationRow {
  id: number;
  donor_id: number;
  donor_name: string;
  sponsorship_id: number;
  region_code: string;
  amount: number;
  payment_code: string;
  status: 'expected' | 'paid' | 'refunded' | 'cancelled';
  paid_on: string | null;
  paid_amount: number;
  paid_reference: string | null;
  confirmed_by: string | null;
  refunded_amount: number;
  refund_reference: string | null;
  receipt_number: string | null;
  created_at: Date;
}

const DONATION = sql`SELECT n.id, n.donor_id, d.name AS donor_name, n.sponsorship_id, n.region_code, n.amount, n.payment_code, n.status, n.paid_on, n.paid_amount,
  n.paid_reference, n.confirmed_by, n.refunded_amount, n.refund_reference, n.receipt_number, n.created_at FROM donations n JOIN donors d ON d.id = n.donor_id`;

export function findDonation(db: Queryable, actor: Actor | null, id: number, lock = false): Promise<DonationRow | null> {
  return one<DonationRow>(
    db,
    sql`${DONATION} WHERE n.id = ${id} AND ${donorRows(actor, 'n.donor_id', 'n.region_code')}${lock ? sql` FOR UPDATE OF n` : sql``}`,
  );
}

/** A donation for the system's own work (a payment being applied), locked. */
export function donationById(db: Queryable, id: number): Promise<DonationRow | null> {
  return one<DonationRow>(db, sql`${DONATION} WHERE n.id = ${id} FOR UPDATE OF n`);
}

export function listDonations(
  db: Queryable,
  actor: Actor,
  q: { status?: string; donorId?: number; sponsorshipId?: number; limit: number },
): Promise<DonationRow[]> {
  const status = q.status ? sql` AND n.status = ${q.status}` : sql``;
  const donor = q.donorId !== undefined ? sql` AND n.donor_id = ${q.donorId}` : sql``;
  const sp = q.sponsorshipId !== undefined ? sql` AND n.sponsorship_id = ${q.sponsorshipId}` : sql``;
  return query(db, sql`${DONATION} WHERE ${donorRows(actor, 'n.donor_id', 'n.region_code')}${status}${donor}${sp} ORDER BY n.id DESC LIMIT ${q.limit}`);
}

/** Inserts the donation with its payment code: 8, the regency's four digits, the donation number in eleven. */
export async function insertDonation(db: Queryable, d: { donorId: number; sponsorshipId: number; regionCode: string; amount: number }): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('donations', 'id')) AS id)
     INSERT INTO donations (id, donor_id, sponsorship_id, region_code, amount, payment_code)
     OVERRIDING SYSTEM VALUE
     SELECT n.id, $1, $2, $3, $4, '8' || replace($3, '.', '') || lpad(n.id::text, 11, '0') FROM n RETURNING id`,
    [d.donorId, d.sponsorshipId, d.regionCode, d.amount],
  );
  return rows[0]!.id;
}

export async function markDonationPaid(
  db: Queryable,
  id: number,
  p: { on: string; amount: number; reference: string; by: string; receipt: string },
): Promise<void> {
  await db.query(
    `UPDATE donations SET status = 'paid', paid_on = $2, paid_amount = $3, paid_reference = $4, confirmed_by = $5, receipt_number = $6 WHERE id = $1`,
    [id, p.on, p.amount, p.reference, p.by, p.receipt],
  );
}

export async function markDonationRefunded(db: Queryable, id: number, amount: number, reference: string): Promise<void> {
  await db.query(`UPDATE donations SET status = 'refunded', refunded_amount = $2, refund_reference = $3 WHERE id = $1`, [id, amount, reference]);
}

export async function cancelDonations(db: Queryable, sponsorshipId: number): Promise<void> {
  await db.query(`UPDATE donations SET status = 'cancelled' WHERE sponsorship_id = $1 AND status = 'expected'`, [sponsorshipId]);
}

export function donationsByCode(
  db: Queryable,
  codes: string[],
): Promise<{ id: number; payment_code: string; amount: number; status: string; region_code: string }[]> {
  return db.query(`SELECT id, payment_code, amount, status, region_code FROM donations WHERE payment_code = ANY($1::text[]) FOR UPDATE`, [codes]);
}

// ---------------------------------------------------------------- bank statements

export async function insertStatement(db: Queryable, s: { regionCode: string; format: 'csv' | 'mt940'; fileName: string; by: string }): Promise<number> {
  const rows = await db.query<{ id: number }>(`INSERT INTO bank_statements (region_code, format, file_name, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
    s.regionCode,
    s.format,
    s.fileName,
    s.by,
  ]);
  return rows[0]!.id;
}

export async function insertStatementLines(
  db: Queryable,
  statementId: number,
  regionCode: string,
  lines: {
    lineNo: number;
    bookedOn: string;
    amount: number;
    reference: string;
    description: string;
    status: string;
    donationId: number | null;
    note: string;
  }[],
): Promise<void> {
  await db.query(
    `INSERT INTO bank_statement_lines (statement_id, region_code, line_no, booked_on, amount, reference, description, status, donation_id, note)
     SELECT $1, $2, * FROM unnest($3::int[], $4::date[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[])`,
    [
      statementId,
      regionCode,
      lines.map((l) => l.lineNo),
      lines.map((l) => l.bookedOn),
      lines.map((l) => l.amount),
      lines.map((l) => l.reference),
      lines.map((l) => l.description),
      lines.map((l) => l.status),
      lines.map((l) => l.donationId),
      lines.map((l) => l.note),
    ],
  );
  await db.query(
    `UPDATE bank_statements SET lines = $2, matched = (SELECT count(*)::int FROM bank_statement_lines WHERE statement_id = $1 AND status = 'matched') WHERE id = $1`,
    [statementId, lines.length],
  );
}

export interface StatementLineRow {
  id: number;
  statement_id: number;
  region_code: string;
  line_no: number;
  booked_on: string;
  amount: number;
  reference: string;
  description: string;
  status: 'matched' | 'partial' | 'unmatched' | 'ignored' | 'decided';
  donation_id: number | null;
  decided_by: string | null;
  note: string;
}

const LINE = sql`SELECT l.id, l.statement_id, l.region_code, l.line_no, l.booked_on, l.amount, l.reference, l.description, l.status, l.donation_id, l.decided_by, l.note
  FROM bank_statement_lines l`;

export function listStatementLines(db: Queryable, actor: Actor, q: { statementId?: number; open?: boolean; limit: number }): Promise<StatementLineRow[]> {
  const st = q.statementId !== undefined ? sql` AND l.statement_id = ${q.statementId}` : sql``;
  const open = q.open ? sql` AND l.status IN ('partial', 'unmatched')` : sql``;
  return query(db, sql`${LINE} WHERE ${inside(actor, 'l.region_code')}${st}${open} ORDER BY l.statement_id DESC, l.line_no LIMIT ${q.limit}`);
}

export function findStatementLine(db: Queryable, actor: Actor, id: number): Promise<StatementLineRow | null> {
  return one<StatementLineRow>(db, sql`${LINE} WHERE l.id = ${id} AND ${inside(actor, 'l.region_code')} FOR UPDATE`);
}

export async function decideLine(
  db: Queryable,
  id: number,
  d: { status: 'decided' | 'ignored'; donationId: number | null; by: string; note: string },
): Promise<void> {
  await db.query('UPDATE bank_statement_lines SET status = $2, donation_id = $3, decided_by = $4, note = $5 WHERE id = $1', [
    id,
    d.status,
    d.donationId,
    d.by,
    d.note,
  ]);
}

export function listStatements(
  db: Queryable,
  actor: Actor,
): Promise<{ id: number; region_code: string; format: string; file_name: string; lines: number; matched: number; created_by: string; created_at: Date }[]> {
  return query(
    db,
    sql`SELECT id, region_code, format, file_name, lines, matched, created_by, created_at FROM bank_statements WHERE ${inside(actor, 'region_code')} ORDER BY id DESC LIMIT 50`,
  );
}

/** The donor desk's counts in the actor's region: donations expected, statement lines waiting for a decision, paid pools not assigned. */
export async function deskCounts(db: Queryable, actor: Actor): Promise<{ expected: number; open_lines: number; pools: number }> {
  const [r] = await query<{ expected: number; open_lines: number; pools: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM donations n WHERE n.status = 'expected' AND ${inside(actor, 'n.region_code')}) AS expected,
               (SELECT count(*)::int FROM bank_statement_lines l WHERE l.status IN ('partial', 'unmatched') AND ${inside(actor, 'l.region_code')}) AS open_lines,
               (SELECT count(*)::int FROM sponsorships s WHERE s.status = 'awaiting_assignment' AND ${inside(actor, 's.region_code')}) AS pools`,
  );
  return r!;
}
