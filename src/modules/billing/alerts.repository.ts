import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { inside } from '../../access/access.js';
import { query, sql } from '../../db/sql.js';

/**
 * The three alert lists inside the actor's scope, each row with its list's full count: memberships
 * ending within `days` of `day`, participants with unpaid months, and cohorts whose funding ends before
 * next year's budget (with that budget, 0 when not set yet).
 */
export async function alertRows(
  db: Queryable,
  actor: Actor,
  q: { day: string; days: number; programId: number | null; limit: number; arrears: number; endingOffset: number; unpaidOffset: number },
) {
  const { day, days, limit, arrears } = q;
  const s = inside(actor, 'p.region_code');
  const program = sql`(${q.programId}::bigint IS NULL OR p.program_id = ${q.programId})`;
  // Each list carries its full count (window over the whole result, taken before LIMIT).
  const ending = await query<{ id: number; nik: string; full_name: string; village_code: string; source_name: string; last_month: string; total: number }>(
    db,
    sql`SELECT p.id, w.nik, w.full_name, w.village_code, s.name AS source_name, e.last_month, count(*) OVER ()::int AS total
       FROM participants p JOIN workers w ON w.id = p.worker_id
       JOIN LATERAL (SELECT pp.month_to AS last_month, pp.source_id FROM protection_periods pp WHERE pp.participant_id = p.id ORDER BY pp.month_to DESC LIMIT 1) e ON true
       JOIN funding_sources s ON s.id = e.source_id
      WHERE ${s} AND p.status = 'active' AND ${program}
        AND (e.last_month + interval '1 month' - interval '1 day')::date BETWEEN ${day}::date AND (${day}::date + ${days}::int)
      ORDER BY e.last_month, p.id LIMIT ${limit} OFFSET ${q.endingOffset}`,
  );
  const unpaid = await query<{
    id: number;
    nik: string;
    full_name: string;
    village_code: string;
    source_name: string;
    oldest: string;
    n: number;
    rupiah: number;
    total: number;
    total_rupiah: number;
  }>(
    db,
    sql`SELECT p.id, w.nik, w.full_name, w.village_code, min(s.name) AS source_name, min(l.month) AS oldest, count(*)::int AS n, sum(l.amount)::bigint AS rupiah,
            count(*) OVER ()::int AS total, (sum(sum(l.amount)) OVER ())::bigint AS total_rupiah
       FROM invoice_lines l JOIN participants p ON p.id = l.participant_id JOIN workers w ON w.id = p.worker_id
       JOIN invoices i ON i.id = l.invoice_id JOIN funding_sources s ON s.id = i.source_id
      WHERE ${s} AND NOT l.paid AND l.month <= ${day}::date AND ${program}
      GROUP BY p.id, w.nik, w.full_name, w.village_code ORDER BY min(l.month), p.id LIMIT ${limit} OFFSET ${q.unpaidOffset}`,
  );
  // Cohorts: participants whose last protection period (no renewal after it) ends within the horizon —
  // at least 90 days, because a budget takes months to approve — or ended so recently that arrears can
  // still keep them; with the same source's budget for the next year (0 = not set yet).
  const cohorts = await query<{
    source_id: number;
    program_id: number;
    source_name: string;
    fiscal_year: number;
    last_month: string;
    workers: number;
    next_budget: number;
  }>(
    db,
    sql`SELECT e.source_id, s.program_id, s.name AS source_name, e.fiscal_year, e.last_month, count(*)::int AS workers,
            COALESCE((SELECT b.amount FROM source_budgets b WHERE b.source_id = e.source_id AND b.fiscal_year = e.fiscal_year + 1 ORDER BY b.seq DESC LIMIT 1), 0) AS next_budget
       FROM participants p
       JOIN LATERAL (SELECT pp.source_id, pp.fiscal_year, pp.month_to AS last_month FROM protection_periods pp WHERE pp.participant_id = p.id ORDER BY pp.month_to DESC LIMIT 1) e ON true
       JOIN funding_sources s ON s.id = e.source_id
      WHERE ${s} AND p.status IN ('active', 'submitted') AND ${program}
        AND e.last_month >= date_trunc('month', ${day}::date) - make_interval(months => ${arrears}::int)
        AND e.last_month <= (${day}::date + greatest(${days}::int, 90)) AND ${limit}::int > 0
      GROUP BY e.source_id, s.program_id, s.name, e.fiscal_year, e.last_month
      ORDER BY e.last_month, e.source_id`,
  );
  return { ending, unpaid, cohorts };
}
