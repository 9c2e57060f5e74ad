import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { query, sql, type Sql } from '../../db/sql.js';

/**
 * The aggregates behind the claims reports, one statement each. A beneficiary is an incident with at
 * least one paid claim (a worker and their heirs); Rupiah is what BPJS paid. `year` keeps the claims
 * paid in that calendar year; `prefix` is the length of the region code the rows are grouped by.
 */
export interface ReportFilter {
  year: number | null;
  prefix: 2 | 5 | 8 | 13;
}

const paidIn = (f: ReportFilter): Sql => (f.year === null ? sql`c.status = 'paid'` : sql`c.status = 'paid' AND extract(year FROM c.paid_on) = ${f.year}`);

export function byBenefit(
  db: Queryable,
  actor: Actor,
  f: ReportFilter,
): Promise<{ benefit: string; beneficiaries: number; paid_amount: number; computed_amount: number }[]> {
  return query(
    db,
    sql`SELECT c.benefit, count(DISTINCT c.incident_id)::int AS beneficiaries, COALESCE(sum(c.paid_amount), 0)::bigint AS paid_amount,
               COALESCE(sum(c.computed_amount), 0)::bigint AS computed_amount
          FROM claims c WHERE ${paidIn(f)} AND ${scoped(actor, 'claim', 'c')} GROUP BY c.benefit ORDER BY c.benefit`,
  );
}

export function byRegion(
  db: Queryable,
  actor: Actor,
  f: ReportFilter,
): Promise<{ code: string; name: string | null; beneficiaries: number; paid_amount: number }[]> {
  return query(
    db,
    sql`SELECT g.code, r.name, g.beneficiaries, g.paid_amount FROM (
          SELECT left(c.region_code, ${f.prefix}) AS code, count(DISTINCT c.incident_id)::int AS beneficiaries, COALESCE(sum(c.paid_amount), 0)::bigint AS paid_amount
            FROM claims c WHERE ${paidIn(f)} AND ${scoped(actor, 'claim', 'c')} GROUP BY 1) g
          LEFT JOIN regions r ON r.code = g.code ORDER BY g.paid_amount DESC, g.code`,
  );
}

export function byYear(db: Queryable, actor: Actor): Promise<{ year: number; beneficiaries: number; paid_amount: number }[]> {
  return query(
    db,
    sql`SELECT extract(year FROM c.paid_on)::int AS year, count(DISTINCT c.incident_id)::int AS beneficiaries, COALESCE(sum(c.paid_amount), 0)::bigint AS paid_amount
          FROM claims c WHERE c.status = 'paid' AND ${scoped(actor, 'claim', 'c')} GROUP BY 1 ORDER BY 1`,
  );
}

/** By the funding source that paid the worker's contributions on the incident day (kept with the incident's entitlement). */
export function bySource(db: Queryable, actor: Actor, f: ReportFilter): Promise<{ source: string | null; beneficiaries: number; paid_amount: number }[]> {
  return query(
    db,
    sql`SELECT i.entitlement->'source'->>'name' AS source, count(DISTINCT c.incident_id)::int AS beneficiaries, COALESCE(sum(c.paid_amount), 0)::bigint AS paid_amount
          FROM claims c JOIN incidents i ON i.id = c.incident_id
         WHERE ${paidIn(f)} AND ${scoped(actor, 'claim', 'c')} GROUP BY 1 ORDER BY 3 DESC`,
  );
}

export function byStatus(db: Queryable, actor: Actor, today: string): Promise<{ status: string; claims: number; amount: number; overdue: number }[]> {
  return query(
    db,
    sql`SELECT c.status, count(*)::int AS claims, COALESCE(sum(COALESCE(c.paid_amount, c.computed_amount)), 0)::bigint AS amount,
               count(*) FILTER (WHERE c.due_on < ${today}::date AND c.status IN ('reported', 'verified', 'submitted'))::int AS overdue
          FROM claims c WHERE ${scoped(actor, 'claim', 'c')} GROUP BY 1 ORDER BY 1`,
  );
}

export function scholarshipTotals(
  db: Queryable,
  actor: Actor,
  f: ReportFilter,
): Promise<{ children: number; years_paid: number; paid_amount: number; scheduled_amount: number; children_stopped: number }[]> {
  return query(
    db,
    sql`SELECT count(DISTINCT y.heir_id) FILTER (WHERE y.status <> 'stopped')::int AS children,
               count(*) FILTER (WHERE y.status = 'paid' ${f.year === null ? sql`` : sql`AND extract(year FROM y.paid_on) = ${f.year}`})::int AS years_paid,
               COALESCE(sum(y.paid_amount) FILTER (WHERE y.status = 'paid' ${f.year === null ? sql`` : sql`AND extract(year FROM y.paid_on) = ${f.year}`}), 0)::bigint AS paid_amount,
               COALESCE(sum(y.amount) FILTER (WHERE y.status IN ('scheduled', 'verified')), 0)::bigint AS scheduled_amount,
               count(DISTINCT y.heir_id) FILTER (WHERE y.status = 'stopped')::int AS children_stopped
          FROM scholarship_years y WHERE ${scoped(actor, 'scholarshipYear', 'y')}`,
  );
}

/** The handover list: paid claims of the period with the first receiving heir, for a ceremony. */
export function handoverRows(
  db: Queryable,
  actor: Actor,
  q: { from: string; to: string },
): Promise<
  {
    claim_id: number;
    benefit: string;
    paid_amount: number;
    paid_on: string;
    full_name: string;
    village: string | null;
    heir_name: string | null;
    heir_relation: string | null;
  }[]
> {
  return query(
    db,
    sql`SELECT c.id AS claim_id, c.benefit, c.paid_amount, c.paid_on::text, w.full_name, r.name AS village, h.full_name AS heir_name, h.relation AS heir_relation
          FROM claims c JOIN incidents i ON i.id = c.incident_id JOIN participants p ON p.id = i.participant_id JOIN workers w ON w.id = p.worker_id
          LEFT JOIN regions r ON r.code = w.village_code
          LEFT JOIN LATERAL (SELECT * FROM heirs x WHERE x.incident_id = i.id ORDER BY x.rank, x.id LIMIT 1) h ON true
         WHERE c.status = 'paid' AND c.paid_on BETWEEN ${q.from}::date AND ${q.to}::date AND ${scoped(actor, 'claim', 'c')}
         ORDER BY r.name, w.full_name, c.id LIMIT 5000`,
  );
}

/** Public aggregates: paid beneficiaries and Rupiah by region under `parent` (no actor: no personal data leaves). */
export function publicByRegion(
  db: Queryable,
  parent: string | null,
  prefix: 2 | 5 | 8,
): Promise<{ code: string; name: string | null; beneficiaries: number; paid_amount: number; jkm: number; jkk: number; scholarship: number }[]> {
  return query(
    db,
    sql`SELECT g.*, r.name FROM (
          SELECT left(c.region_code, ${prefix}) AS code, count(DISTINCT c.incident_id)::int AS beneficiaries, COALESCE(sum(c.paid_amount), 0)::bigint AS paid_amount,
                 count(*) FILTER (WHERE c.benefit = 'jkm')::int AS jkm, count(*) FILTER (WHERE c.benefit LIKE 'jkk%')::int AS jkk,
                 count(*) FILTER (WHERE c.benefit = 'scholarship')::int AS scholarship
            FROM claims c WHERE c.status = 'paid' ${parent === null ? sql`` : sql`AND c.region_code LIKE ${`${parent}.%`}`} GROUP BY 1) g
          LEFT JOIN regions r ON r.code = g.code ORDER BY g.code`,
  );
}
