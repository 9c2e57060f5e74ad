import { personal } from '../../access/personal.js';
import { within } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { addMonths, monthEnd } from '../../domain/protection.js';
import { AppError } from '../../errors.js';
import * as funding from '../funding/funding.repository.js';
import { checkDate } from '../enrolment/enrolment.service.js';

/**
 * What is about to go wrong: protection ending soon, months billed but unpaid, and cohorts whose
 * fiscal-year funding ends before the next year's budget is approved (DOMAIN §4.1: coverage has
 * seasonal gaps; see them before the grace period ends).
 */
export interface AlertRow {
  kind: 'ending' | 'unpaid' | 'cohort';
  participantId: number | null;
  nik: string;
  fullName: string;
  villageCode: string;
  sourceName: string;
  /** ending: last protected day; unpaid: oldest unpaid month; cohort: last funded day. */
  date: string;
  months: number;
  rupiah: number;
  /** The last day the membership can be kept (arrears limit). */
  deadline: string;
}

export interface AlertsView {
  asOf: string;
  days: number;
  counts: { ending: number; unpaid: number; unpaidRupiah: number; cohorts: number; cohortWorkers: number };
  ending: AlertRow[];
  unpaid: AlertRow[];
  cohorts: { sourceId: number; sourceName: string; fiscalYear: number; endsOn: string; workers: number; nextYearBudget: number; lapseDeadline: string }[];
}

export async function alerts(db: Queryable, actor: Actor, q: { programId?: number; days?: number; asOf?: string; limit?: number }): Promise<AlertsView> {
  requirePermission(actor, 'funding.read');
  const day = checkDate('asOf', q.asOf);
  const days = q.days ?? 30;
  if (!Number.isInteger(days) || days < 0 || days > 366) throw AppError.validation([problem('days', 'range', 'Jumlah hari harus 0–366', 'Days must be 0–366')]);
  const arrears = await funding.referenceValue(db, 'arrears.max_months', day);
  const limit = Math.min(q.limit ?? 500, 1_000_000);
  const s = within(actor, 'p.region_code', 1);
  const params: unknown[] = [...s.params, day, days, q.programId ?? null, limit];
  const [pDay, pDays, pProgram, pLimit] = [s.params.length + 1, s.params.length + 2, s.params.length + 3, s.params.length + 4];
  const mask = personal(actor).nik;

  // Each list carries its full count (window over the whole result, taken before LIMIT).
  const ending = await db.query<{ id: number; nik: string; full_name: string; village_code: string; source_name: string; last_month: string; total: number }>(
    `SELECT p.id, w.nik, w.full_name, w.village_code, s.name AS source_name, e.last_month, count(*) OVER ()::int AS total
       FROM participants p JOIN workers w ON w.id = p.worker_id
       JOIN LATERAL (SELECT pp.month_to AS last_month, pp.source_id FROM protection_periods pp WHERE pp.participant_id = p.id ORDER BY pp.month_to DESC LIMIT 1) e ON true
       JOIN funding_sources s ON s.id = e.source_id
      WHERE ${s.sql} AND p.status = 'active' AND ($${pProgram}::bigint IS NULL OR p.program_id = $${pProgram})
        AND (e.last_month + interval '1 month' - interval '1 day')::date BETWEEN $${pDay}::date AND ($${pDay}::date + $${pDays}::int)
      ORDER BY e.last_month, p.id LIMIT $${pLimit}`,
    params,
  );
  const unpaid = await db.query<{
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
    `SELECT p.id, w.nik, w.full_name, w.village_code, min(s.name) AS source_name, min(l.month) AS oldest, count(*)::int AS n, sum(l.amount)::bigint AS rupiah,
            count(*) OVER ()::int AS total, (sum(sum(l.amount)) OVER ())::bigint AS total_rupiah
       FROM invoice_lines l JOIN participants p ON p.id = l.participant_id JOIN workers w ON w.id = p.worker_id
       JOIN invoices i ON i.id = l.invoice_id JOIN funding_sources s ON s.id = i.source_id
      WHERE ${s.sql} AND NOT l.paid AND l.month <= $${pDay}::date AND ($${pProgram}::bigint IS NULL OR p.program_id = $${pProgram})
        AND $${pDays}::int >= 0
      GROUP BY p.id, w.nik, w.full_name, w.village_code ORDER BY min(l.month), p.id LIMIT $${pLimit}`,
    params,
  );
  // Cohorts: participants whose last protection period (no renewal after it) ends within the horizon —
  // at least 90 days, because a budget takes months to approve — or ended so recently that arrears can
  // still keep them; with the same source's budget for the next year (0 = not set yet).
  const cohorts = await db.query<{ source_id: number; source_name: string; fiscal_year: number; last_month: string; workers: number; next_budget: number }>(
    `SELECT e.source_id, s.name AS source_name, e.fiscal_year, e.last_month, count(*)::int AS workers,
            COALESCE((SELECT b.amount FROM source_budgets b WHERE b.source_id = e.source_id AND b.fiscal_year = e.fiscal_year + 1 ORDER BY b.seq DESC LIMIT 1), 0) AS next_budget
       FROM participants p
       JOIN LATERAL (SELECT pp.source_id, pp.fiscal_year, pp.month_to AS last_month FROM protection_periods pp WHERE pp.participant_id = p.id ORDER BY pp.month_to DESC LIMIT 1) e ON true
       JOIN funding_sources s ON s.id = e.source_id
      WHERE ${s.sql} AND p.status IN ('active', 'submitted') AND ($${pProgram}::bigint IS NULL OR p.program_id = $${pProgram})
        AND e.last_month >= date_trunc('month', $${pDay}::date) - make_interval(months => ${Number(arrears)})
        AND e.last_month <= ($${pDay}::date + greatest($${pDays}::int, 90)) AND $${pLimit}::int > 0
      GROUP BY e.source_id, s.name, e.fiscal_year, e.last_month
      ORDER BY e.last_month, e.source_id`,
    params,
  );
  return {
    asOf: day,
    days,
    counts: {
      ending: ending[0]?.total ?? 0,
      unpaid: unpaid[0]?.total ?? 0,
      unpaidRupiah: unpaid[0]?.total_rupiah ?? 0,
      cohorts: cohorts.length,
      cohortWorkers: cohorts.reduce((a, c) => a + c.workers, 0),
    },
    ending: ending.map((r) => {
      const last = r.last_month.slice(0, 7);
      return {
        kind: 'ending' as const,
        participantId: r.id,
        nik: mask(r.nik),
        fullName: r.full_name,
        villageCode: r.village_code,
        sourceName: r.source_name,
        date: monthEnd(last),
        months: 0,
        rupiah: 0,
        deadline: monthEnd(addMonths(last, arrears)),
      };
    }),
    unpaid: unpaid.map((r) => {
      const oldest = r.oldest.slice(0, 7);
      return {
        kind: 'unpaid' as const,
        participantId: r.id,
        nik: mask(r.nik),
        fullName: r.full_name,
        villageCode: r.village_code,
        sourceName: r.source_name,
        date: `${oldest}-01`,
        months: r.n,
        rupiah: r.rupiah,
        deadline: monthEnd(addMonths(addMonths(oldest, -1), arrears)),
      };
    }),
    cohorts: cohorts.map((c) => {
      const last = c.last_month.slice(0, 7);
      return {
        sourceId: c.source_id,
        sourceName: c.source_name,
        fiscalYear: c.fiscal_year,
        endsOn: monthEnd(last),
        workers: c.workers,
        nextYearBudget: c.next_budget,
        lapseDeadline: monthEnd(addMonths(last, arrears)),
      };
    }),
  };
}
