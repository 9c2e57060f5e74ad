import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { donorRows } from '../../access/access.js';
import { one, query, sql } from '../../db/sql.js';

// ---------------------------------------------------------------- sponsorships

export interface SponsorshipRow {
  id: number;
  donor_id: number;
  donor_name: string;
  donor_kind: string;
  region_code: string;
  region_name: string;
  kind: 'named' | 'pool';
  worker_id: number | null;
  worker_name: string | null;
  worker_village: string | null;
  area_code: string | null;
  area_name: string | null;
  workers_wanted: number | null;
  months: number;
  month_from: string;
  amount: number;
  price: unknown;
  status: 'awaiting_payment' | 'awaiting_assignment' | 'active' | 'refund_due' | 'refunded' | 'cancelled';
  status_note: string;
  consent_by: string | null;
  consent_method: string | null;
  consent_at: Date | null;
  consent_note: string | null;
  renewed_from: number | null;
  created_by: string;
  created_at: Date;
  assigned: number;
  assigned_amount: number;
  paid: number;
}

const SPONSORSHIP = sql`SELECT s.id, s.donor_id, d.name AS donor_name, d.kind AS donor_kind, s.region_code, r.name AS region_name, s.kind, s.worker_id,
  w.full_name AS worker_name, w.village_code AS worker_village, s.area_code, a.name AS area_name, s.workers_wanted, s.months, s.month_from, s.amount, s.price,
  s.status, s.status_note, s.consent_by, s.consent_method, s.consent_at, s.consent_note, s.renewed_from, s.created_by, s.created_at,
  (SELECT count(*)::int FROM sponsored_workers sw WHERE sw.sponsorship_id = s.id) AS assigned,
  COALESCE((SELECT sum(sw.amount)::bigint FROM sponsored_workers sw WHERE sw.sponsorship_id = s.id), 0)::bigint AS assigned_amount,
  COALESCE((SELECT sum(n.paid_amount - n.refunded_amount)::bigint FROM donations n WHERE n.sponsorship_id = s.id AND n.status IN ('paid', 'refunded')), 0)::bigint AS paid
  FROM sponsorships s JOIN donors d ON d.id = s.donor_id JOIN regions r ON r.code = s.region_code
  LEFT JOIN workers w ON w.id = s.worker_id LEFT JOIN regions a ON a.code = s.area_code`;

export function findSponsorship(db: Queryable, actor: Actor | null, id: number, lock = false): Promise<SponsorshipRow | null> {
  return one<SponsorshipRow>(
    db,
    sql`${SPONSORSHIP} WHERE s.id = ${id} AND ${donorRows(actor, 's.donor_id', 's.region_code')}${lock ? sql` FOR UPDATE OF s` : sql``}`,
  );
}

/** A sponsorship for the system's own work (a payment being applied), locked. */
export function sponsorshipById(db: Queryable, id: number): Promise<SponsorshipRow | null> {
  return one<SponsorshipRow>(db, sql`${SPONSORSHIP} WHERE s.id = ${id} FOR UPDATE OF s`);
}

export function listSponsorships(
  db: Queryable,
  actor: Actor,
  q: { donorId?: number; status?: string; kind?: string; limit: number },
): Promise<SponsorshipRow[]> {
  const donor = q.donorId !== undefined ? sql` AND s.donor_id = ${q.donorId}` : sql``;
  const status = q.status ? sql` AND s.status = ${q.status}` : sql``;
  const kind = q.kind ? sql` AND s.kind = ${q.kind}` : sql``;
  return query(db, sql`${SPONSORSHIP} WHERE ${donorRows(actor, 's.donor_id', 's.region_code')}${donor}${status}${kind} ORDER BY s.id DESC LIMIT ${q.limit}`);
}

export async function insertSponsorship(
  db: Queryable,
  s: {
    donorId: number;
    regionCode: string;
    kind: 'named' | 'pool';
    workerId: number | null;
    areaCode: string | null;
    workersWanted: number | null;
    months: number;
    monthFrom: string;
    amount: number;
    price: unknown;
    consent: { by: string; method: string; at: string; note: string } | null;
    renewedFrom: number | null;
    createdBy: string;
  },
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO sponsorships (donor_id, region_code, kind, worker_id, area_code, workers_wanted, months, month_from, amount, price, status,
                               consent_by, consent_method, consent_at, consent_note, renewed_from, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'awaiting_payment', $11, $12, $13, $14, $15, $16) RETURNING id`,
    [
      s.donorId,
      s.regionCode,
      s.kind,
      s.workerId,
      s.areaCode,
      s.workersWanted,
      s.months,
      s.monthFrom,
      s.amount,
      JSON.stringify(s.price),
      s.consent?.by ?? null,
      s.consent?.method ?? null,
      s.consent?.at ?? null,
      s.consent?.note ?? null,
      s.renewedFrom,
      s.createdBy,
    ],
  );
  return rows[0]!.id;
}

export async function setSponsorshipStatus(db: Queryable, id: number, status: SponsorshipRow['status'], note: string): Promise<void> {
  await db.query('UPDATE sponsorships SET status = $2, status_note = $3 WHERE id = $1', [id, status, note]);
}

export async function insertSponsoredWorkers(
  db: Queryable,
  sponsorshipId: number,
  rows: { workerId: number; regionCode: string; from: string; to: string; amount: number; planId: number }[],
  by: string,
): Promise<void> {
  await db.query(
    `INSERT INTO sponsored_workers (sponsorship_id, worker_id, region_code, month_from, month_to, amount, plan_id, assigned_by)
     SELECT $1, w, r, f, t, a, p, $8 FROM unnest($2::bigint[], $3::text[], $4::date[], $5::date[], $6::bigint[], $7::bigint[]) AS x(w, r, f, t, a, p)
     ON CONFLICT (sponsorship_id, worker_id) DO UPDATE SET month_to = greatest(sponsored_workers.month_to, EXCLUDED.month_to),
       amount = sponsored_workers.amount + EXCLUDED.amount`,
    [
      sponsorshipId,
      rows.map((r) => r.workerId),
      rows.map((r) => r.regionCode),
      rows.map((r) => r.from),
      rows.map((r) => r.to),
      rows.map((r) => r.amount),
      rows.map((r) => r.planId),
      by,
    ],
  );
}

export interface SponsoredWorkerRow {
  sponsorship_id: number;
  worker_id: number;
  full_name: string;
  region_code: string;
  district_name: string;
  month_from: string;
  month_to: string;
  amount: number;
  participant_status: string | null;
  kpj: string | null;
}

/** The workers of the sponsorships the actor sees (a donor: their own). */
export function sponsoredWorkers(db: Queryable, actor: Actor, sponsorshipIds: number[]): Promise<SponsoredWorkerRow[]> {
  return query(
    db,
    sql`SELECT sw.sponsorship_id, sw.worker_id, w.full_name, sw.region_code, COALESCE(dr.name, '') AS district_name, sw.month_from, sw.month_to, sw.amount,
               p.status AS participant_status, p.kpj
          FROM sponsored_workers sw JOIN sponsorships s ON s.id = sw.sponsorship_id JOIN workers w ON w.id = sw.worker_id
          LEFT JOIN regions dr ON dr.code = left(sw.region_code, 8)
          LEFT JOIN participants p ON p.worker_id = sw.worker_id
         WHERE sw.sponsorship_id = ANY(${sponsorshipIds}::bigint[]) AND ${donorRows(actor, 's.donor_id', 's.region_code')}
         ORDER BY sw.sponsorship_id, w.full_name`,
  );
}

/** Paid sponsorships whose last month ends within `days` of `day` and whose donor has not been reminded. */
export function sponsorshipsToRemind(
  db: Queryable,
  day: string,
  days: number,
): Promise<{ id: number; donor_id: number; email: string; name: string; region_code: string; last_month: string }[]> {
  return db.query(
    `SELECT s.id, s.donor_id, d.email, d.name, s.region_code, (s.month_from + make_interval(months => s.months - 1))::date::text AS last_month
       FROM sponsorships s JOIN donors d ON d.id = s.donor_id
      WHERE s.status = 'active' AND s.reminded_at IS NULL
        AND (s.month_from + make_interval(months => s.months))::date - $1::date BETWEEN 0 AND $2
        AND NOT EXISTS (SELECT 1 FROM sponsorships n WHERE n.renewed_from = s.id AND n.status <> 'cancelled')`,
    [day, days],
  );
}

export async function markReminded(db: Queryable, ids: number[]): Promise<void> {
  await db.query('UPDATE sponsorships SET reminded_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

/** Uncovered eligible workers for a pool: from the session's candidate table (plans/candidates.repository), nearest the chosen area first, the poorest first. */
export function poolCandidates(
  db: Queryable,
  p: { areaCode: string | null; from: string; to: string; limit: number },
): Promise<{ worker_id: number; village_code: string; sector_code: string; decile: number | null; full_name: string }[]> {
  return db.query(
    `SELECT c.worker_id, w.village_code, w.sector_code, w.welfare_decile AS decile, w.full_name
       FROM plan_cand c JOIN workers w ON w.id = c.worker_id
      WHERE c.mask = 1
        AND NOT EXISTS (SELECT 1 FROM participants pa JOIN protection_periods pp ON pp.participant_id = pa.id
                         WHERE pa.worker_id = c.worker_id AND pa.status <> 'ended' AND pp.month_from <= $3::date AND pp.month_to >= $2::date)
        AND NOT EXISTS (SELECT 1 FROM participants pa WHERE pa.worker_id = c.worker_id AND pa.status = 'active')
      ORDER BY CASE WHEN $1::text IS NULL THEN 0 WHEN w.village_code = $1 THEN 0 WHEN w.village_code LIKE $1 || '.%' THEN 0
                    WHEN w.village_code LIKE left($1, 8) || '.%' THEN 1 ELSE 2 END,
               w.welfare_decile NULLS LAST, w.id
      LIMIT $4`,
    [p.areaCode, p.from, p.to, p.limit],
  );
}

/** A worker merged into another (duplicates): a donor's named sponsorship and its assignments follow the survivor. */
export async function reassignWorker(db: Queryable, gone: number, kept: number): Promise<void> {
  await db.query(`UPDATE sponsorships SET worker_id = $2 WHERE worker_id = $1`, [gone, kept]);
  await db.query(
    `DELETE FROM sponsored_workers g WHERE g.worker_id = $1 AND EXISTS (SELECT 1 FROM sponsored_workers k WHERE k.sponsorship_id = g.sponsorship_id AND k.worker_id = $2)`,
    [gone, kept],
  );
  await db.query(`UPDATE sponsored_workers SET worker_id = $2 WHERE worker_id = $1`, [gone, kept]);
}
