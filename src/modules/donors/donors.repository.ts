import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { donorRows, inside } from '../../access/access.js';
import { one, query, sql } from '../../db/sql.js';

/** All SQL of donors, sponsorships, donations and bank statements. Every read takes the actor (access.ts). */

export interface DonorRow {
  id: number;
  kind: 'civil_servant' | 'citizen' | 'company';
  name: string;
  nip: string | null;
  npwp: string | null;
  contact_name: string | null;
  email: string;
  phone: string | null;
  region_code: string;
  region_name: string;
  source_id: number | null;
  email_verified_at: Date | null;
  created_by: string;
  created_at: Date;
}

const DONOR = sql`SELECT d.id, d.kind, d.name, d.nip, d.npwp, d.contact_name, d.email, d.phone, d.region_code, r.name AS region_name, d.source_id,
  d.email_verified_at, d.created_by, d.created_at FROM donors d JOIN regions r ON r.code = d.region_code`;

export function findDonor(db: Queryable, actor: Actor | null, id: number): Promise<DonorRow | null> {
  return one<DonorRow>(db, sql`${DONOR} WHERE d.id = ${id} AND ${donorRows(actor, 'd.id', 'd.region_code')}`);
}

/** A donor by id for the system's own work (verification links, reminders), not for showing to anyone. */
export function donorById(db: Queryable, id: number): Promise<DonorRow | null> {
  return one<DonorRow>(db, sql`${DONOR} WHERE d.id = ${id}`);
}

export function donorByEmail(db: Queryable, email: string): Promise<DonorRow | null> {
  return one<DonorRow>(db, sql`${DONOR} WHERE d.email = ${email}`);
}

export async function insertDonor(
  db: Queryable,
  d: {
    kind: string;
    name: string;
    nip: string | null;
    npwp: string | null;
    contactName: string | null;
    email: string;
    phone: string | null;
    regionCode: string;
    verified: boolean;
    createdBy: string;
  },
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO donors (kind, name, nip, npwp, contact_name, email, phone, region_code, email_verified_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 THEN now() END, $10) RETURNING id`,
    [d.kind, d.name, d.nip, d.npwp, d.contactName, d.email, d.phone, d.regionCode, d.verified, d.createdBy],
  );
  return rows[0]!.id;
}

export async function setDonorSource(db: Queryable, donorId: number, sourceId: number): Promise<void> {
  await db.query('UPDATE donors SET source_id = $2 WHERE id = $1', [donorId, sourceId]);
}

export async function markVerified(db: Queryable, donorId: number): Promise<void> {
  await db.query('UPDATE donors SET email_verified_at = COALESCE(email_verified_at, now()) WHERE id = $1', [donorId]);
}

export async function donorProgram(db: Queryable, regencyCode: string): Promise<number | null> {
  return (await db.query<{ program_id: number }>('SELECT program_id FROM donor_programs WHERE region_code = $1', [regencyCode]))[0]?.program_id ?? null;
}

export async function insertDonorProgram(db: Queryable, regencyCode: string, programId: number): Promise<void> {
  await db.query('INSERT INTO donor_programs (region_code, program_id) VALUES ($1, $2)', [regencyCode, programId]);
}

/** One donor program made at a time per regency. */
export async function lockRegencyDonors(db: Queryable, regencyCode: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('jaring.donor_program:' || $1))`, [regencyCode]);
}

export interface DonorListRow extends DonorRow {
  sponsorships: number;
  paid: number;
  expected: number;
  workers: number;
  last_paid_on: string | null;
}

export function listDonors(
  db: Queryable,
  actor: Actor,
  q: { search?: string; kind?: string; limit: number; offset: number },
): Promise<(DonorListRow & { total: number })[]> {
  const search = q.search ? sql` AND (d.name ILIKE ${'%' + q.search + '%'} OR d.email ILIKE ${'%' + q.search + '%'})` : sql``;
  const kind = q.kind ? sql` AND d.kind = ${q.kind}` : sql``;
  return query(
    db,
    sql`SELECT x.*, count(*) OVER ()::int AS total FROM (
          SELECT d.id, d.kind, d.name, d.nip, d.npwp, d.contact_name, d.email, d.phone, d.region_code, r.name AS region_name, d.source_id,
                 d.email_verified_at, d.created_by, d.created_at,
                 (SELECT count(*)::int FROM sponsorships s WHERE s.donor_id = d.id) AS sponsorships,
                 COALESCE((SELECT sum(paid_amount - refunded_amount)::bigint FROM donations n WHERE n.donor_id = d.id AND n.status IN ('paid', 'refunded')), 0)::bigint AS paid,
                 COALESCE((SELECT sum(amount)::bigint FROM donations n WHERE n.donor_id = d.id AND n.status = 'expected'), 0)::bigint AS expected,
                 (SELECT count(DISTINCT sw.worker_id)::int FROM sponsored_workers sw JOIN sponsorships s ON s.id = sw.sponsorship_id WHERE s.donor_id = d.id) AS workers,
                 (SELECT max(paid_on)::text FROM donations n WHERE n.donor_id = d.id AND n.status = 'paid') AS last_paid_on
            FROM donors d JOIN regions r ON r.code = d.region_code
           WHERE ${inside(actor, 'd.region_code')}${search}${kind}) x
        ORDER BY x.name, x.id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
}

/** Donors who paid in `year - 1` and nothing in `year`, with what they gave. */
export function lapsedDonors(
  db: Queryable,
  actor: Actor,
  year: number,
): Promise<{ id: number; kind: string; name: string; email: string; region_code: string; last_year: number; last_paid_on: string }[]> {
  return query(
    db,
    sql`SELECT d.id, d.kind, d.name, d.email, d.region_code, sum(n.paid_amount)::bigint AS last_year, max(n.paid_on)::text AS last_paid_on
          FROM donors d JOIN donations n ON n.donor_id = d.id AND n.status = 'paid' AND extract(year FROM n.paid_on) = ${year - 1}
         WHERE ${inside(actor, 'd.region_code')}
           AND NOT EXISTS (SELECT 1 FROM donations m WHERE m.donor_id = d.id AND m.status = 'paid' AND extract(year FROM m.paid_on) = ${year})
         GROUP BY d.id ORDER BY sum(n.paid_amount) DESC, d.id`,
  );
}

// ---------------------------------------------------------------- tokens

export async function insertToken(db: Queryable, t: { hash: string; donorId: number; purpose: 'verify' | 'reset'; hours: number }): Promise<void> {
  await db.query(`INSERT INTO donor_tokens (token_hash, donor_id, purpose, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`, [
    t.hash,
    t.donorId,
    t.purpose,
    t.hours,
  ]);
}

/** Uses a token once: answers its donor when it was valid, unused and unexpired. */
export async function useToken(db: Queryable, hash: string, purpose: 'verify' | 'reset'): Promise<number | null> {
  const rows = await db.query<{ donor_id: number }>(
    `UPDATE donor_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING donor_id`,
    [hash, purpose],
  );
  return rows[0]?.donor_id ?? null;
}

export async function purgeTokens(db: Queryable): Promise<number> {
  const r = await db.query<{ n: number }>(
    `WITH d AS (DELETE FROM donor_tokens WHERE expires_at < now() - interval '1 day' RETURNING 1) SELECT count(*)::int AS n FROM d`,
  );
  return r[0]!.n;
}

// ---------------------------------------------------------------- what donors achieved

/** Claims paid to the families of a donor's sponsored workers for incidents in the sponsored months: amounts only. */
export function claimsPaidFor(db: Queryable, donorId: number): Promise<{ benefit: string; claims: number; amount: number }[]> {
  return db.query(
    `SELECT c.benefit, count(*)::int AS claims, COALESCE(sum(COALESCE(c.paid_amount, c.computed_amount)), 0)::bigint AS amount
       FROM claims c JOIN incidents i ON i.id = c.incident_id JOIN participants p ON p.id = i.participant_id
      WHERE c.status = 'paid' AND EXISTS (
              SELECT 1 FROM sponsored_workers sw JOIN sponsorships s ON s.id = sw.sponsorship_id
               WHERE s.donor_id = $1 AND sw.worker_id = p.worker_id
                 AND date_trunc('month', i.occurred_on)::date BETWEEN sw.month_from AND sw.month_to)
      GROUP BY c.benefit ORDER BY c.benefit`,
    [donorId],
  );
}

/** Public counters per regency: donors who paid, workers protected, months funded (small counts suppressed by the service). */
export function publicCounters(db: Queryable): Promise<{ region_code: string; region_name: string; donors: number; workers: number; months: number }[]> {
  return db.query(
    `SELECT s.region_code, r.name AS region_name, count(DISTINCT s.donor_id)::int AS donors, count(DISTINCT sw.worker_id)::int AS workers,
            COALESCE(sum((extract(year FROM age(sw.month_to, sw.month_from)) * 12 + extract(month FROM age(sw.month_to, sw.month_from)) + 1))::int, 0) AS months
       FROM sponsorships s JOIN regions r ON r.code = s.region_code JOIN sponsored_workers sw ON sw.sponsorship_id = s.id
      WHERE s.status = 'active'
      GROUP BY s.region_code, r.name ORDER BY r.name`,
  );
}

/** Paid money not yet given to workers, per pool sponsorship of the region. */
export function poolBalances(
  db: Queryable,
  actor: Actor,
): Promise<
  {
    id: number;
    donor_name: string;
    region_code: string;
    area_name: string | null;
    paid: number;
    assigned: number;
    workers_wanted: number;
    workers: number;
    month_from: string;
    months: number;
  }[]
> {
  return query(
    db,
    sql`SELECT s.id, d.name AS donor_name, s.region_code, a.name AS area_name,
               COALESCE((SELECT sum(n.paid_amount - n.refunded_amount)::bigint FROM donations n WHERE n.sponsorship_id = s.id AND n.status IN ('paid', 'refunded')), 0)::bigint AS paid,
               COALESCE((SELECT sum(sw.amount)::bigint FROM sponsored_workers sw WHERE sw.sponsorship_id = s.id), 0)::bigint AS assigned,
               s.workers_wanted, (SELECT count(*)::int FROM sponsored_workers sw WHERE sw.sponsorship_id = s.id) AS workers, s.month_from, s.months
          FROM sponsorships s JOIN donors d ON d.id = s.donor_id LEFT JOIN regions a ON a.code = s.area_code
         WHERE s.kind = 'pool' AND s.status IN ('awaiting_assignment', 'active') AND ${inside(actor, 's.region_code')}
         ORDER BY s.id`,
  );
}
