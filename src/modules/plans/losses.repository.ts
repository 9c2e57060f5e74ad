import type { Queryable } from '../../db/db.js';
import { inside } from '../../access/access.js';
import { query, sql, type Sql } from '../../db/sql.js';
import type { Actor } from '../../actor.js';
import { candidateRows, type CandidateScope } from './candidates.repository.js';

/**
 * Who a plan leaves unprotected: participants of its program protected in the month before the plan
 * starts (a protection period covers it; membership active or submitted) whose protection ends before
 * the plan's last month, whom the plan does not fund, and whom no other approved plan funds for these
 * months. They lose cover at the end of their last protected month. The reason is the plan's own
 * verdict on them, by the rules it ran with: out of budget (others came first by the plan's priorities),
 * a rule of every source (failed checks), or not a candidate at all (left the region's registry).
 */
function lossesCte(planId: number, rules: CandidateScope | null): Sql {
  // The plan's verdict on a worker it does not fund: a stored row (plans made before 0023), or its rules
  // applied now to the participants in question.
  const verdict =
    rules === null
      ? sql`SELECT pc.worker_id, CASE WHEN pc.outcome = 'ineligible' THEN 0 ELSE 1 END AS mask, pc.failed_checks AS common
              FROM plan_candidates pc WHERE pc.plan_id = ${planId} AND pc.outcome <> 'funded'`
      : sql`SELECT v.worker_id, v.mask, v.common FROM (${candidateRows(rules, sql`w.id IN (SELECT worker_id FROM cur)`)}) v`;
  return sql`
    WITH pl AS (SELECT id, program_id, month_from, month_to, (month_from - interval '1 month')::date AS before FROM plans WHERE id = ${planId}),
    cur AS (
      SELECT p.id AS participant_id, p.worker_id, max(pp.month_to) AS until
        FROM pl JOIN participants p ON p.program_id = pl.program_id AND p.status IN ('active', 'submitted')
        JOIN protection_periods pp ON pp.participant_id = p.id
       GROUP BY p.id, p.worker_id, pl.before
      HAVING bool_or(pp.month_from <= pl.before AND pp.month_to >= pl.before)),
    lost AS (
      SELECT c.participant_id, c.worker_id, (date_trunc('month', c.until) + interval '1 month - 1 day')::date AS until,
             CASE WHEN v.worker_id IS NULL THEN 'not_candidate' WHEN v.mask <> 0 THEN 'budget' ELSE 'rule' END AS reason,
             CASE WHEN v.mask = 0 THEN v.common ELSE 0 END AS failed_checks
        FROM cur c CROSS JOIN pl
        LEFT JOIN (${verdict}) v ON v.worker_id = c.worker_id
       WHERE c.until < pl.month_to
         AND NOT EXISTS (SELECT 1 FROM plan_candidates f WHERE f.plan_id = pl.id AND f.worker_id = c.worker_id AND f.outcome = 'funded')
         AND NOT EXISTS (SELECT 1 FROM plan_candidates o JOIN plans op ON op.id = o.plan_id
                          WHERE o.worker_id = c.worker_id AND o.outcome = 'funded' AND op.status = 'approved' AND op.id <> pl.id
                            AND op.month_from <= pl.month_to AND op.month_to > c.until))`;
}

/** The rules a plan ran with (NULL for plans that stored every candidate). */
async function rulesOfPlan(db: Queryable, planId: number): Promise<CandidateScope | null> {
  return (await db.query<{ rules: CandidateScope | null }>('SELECT rules FROM plans WHERE id = $1', [planId]))[0]?.rules ?? null;
}

export async function lossSummary(
  db: Queryable,
  planId: number,
): Promise<{
  before: { n: number; kept: number }[];
  byReason: { reason: 'budget' | 'rule' | 'not_candidate'; failed_checks: number; n: number }[];
  byEnd: { until: string; n: number }[];
}> {
  const rules = await rulesOfPlan(db, planId);
  const before = await query<{ n: number; kept: number }>(
    db,
    sql`${lossesCte(planId, rules)}
        SELECT count(*)::int AS n,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM plan_candidates pc WHERE pc.plan_id = ${planId} AND pc.worker_id = cur.worker_id AND pc.outcome = 'funded'))::int AS kept
          FROM cur`,
  );
  const byReason = await query<{ reason: 'budget' | 'rule' | 'not_candidate'; failed_checks: number; n: number }>(
    db,
    sql`${lossesCte(planId, rules)} SELECT reason, failed_checks, count(*)::int AS n FROM lost GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
  );
  const byEnd = await query<{ until: string; n: number }>(
    db,
    sql`${lossesCte(planId, rules)} SELECT until::text, count(*)::int AS n FROM lost GROUP BY 1 ORDER BY 1`,
  );
  return { before, byReason, byEnd };
}

export async function lossPage(db: Queryable, actor: Actor, planId: number, opts: { page: number; pageSize: number }) {
  const rules = await rulesOfPlan(db, planId);
  const [c] = await query<{ n: number }>(
    db,
    sql`${lossesCte(planId, rules)} SELECT count(*)::int AS n FROM lost JOIN workers w ON w.id = lost.worker_id WHERE ${inside(actor, 'w.village_code')}`,
  );
  const rows = await query<{
    worker_id: number;
    participant_id: number;
    nik: string;
    full_name: string;
    village_code: string;
    village_name: string | null;
    sector_code: string;
    kpj: string | null;
    until: string;
    reason: 'budget' | 'rule' | 'not_candidate';
    failed_checks: number;
  }>(
    db,
    sql`${lossesCte(planId, rules)}
        SELECT lost.worker_id, lost.participant_id, w.nik, w.full_name, w.village_code, r.name AS village_name, w.sector_code, p.kpj, lost.until::text,
               lost.reason, lost.failed_checks
          FROM lost JOIN workers w ON w.id = lost.worker_id JOIN participants p ON p.id = lost.participant_id
          LEFT JOIN regions r ON r.code = w.village_code
         WHERE ${inside(actor, 'w.village_code')}
         ORDER BY lost.until, lost.reason, w.village_code, lost.worker_id
         LIMIT ${opts.pageSize} OFFSET ${(opts.page - 1) * opts.pageSize}`,
  );
  return { count: c!.n, rows };
}
