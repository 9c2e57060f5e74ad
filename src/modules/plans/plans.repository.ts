import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { rowsOf } from '../../access/access.js';

/** One page (5,000) of a plan's funded workers inside the actor's scope, after worker `after`. */
export function fundedWorkersPage(
  db: Queryable,
  actor: Actor,
  planId: number,
  after: number,
): Promise<
  {
    worker_id: number;
    nik: string;
    full_name: string;
    village_code: string;
    sector: string;
    welfare_decile: number | null;
    source: string;
    funding_type: string;
    amount: number;
  }[]
> {
  const scope = rowsOf(actor, 'worker', 'w', 2);
  return db.query(
    `SELECT pc.worker_id, w.nik, w.full_name, w.village_code, sc.name_id AS sector, w.welfare_decile, s.name AS source, s.funding_type, pc.amount
       FROM plan_candidates pc JOIN workers w ON w.id = pc.worker_id JOIN funding_sources s ON s.id = pc.source_id JOIN sectors sc ON sc.code = w.sector_code
      WHERE pc.plan_id = $1 AND pc.outcome = 'funded' AND ${scope.sql} AND pc.worker_id > $${scope.params.length + 2}
      ORDER BY pc.worker_id LIMIT 5000`,
    [planId, ...scope.params, after],
  );
}

/** A plan's row, locked for the enrolment that starts from it. */
export async function lockPlan(
  db: Queryable,
  planId: number,
): Promise<{ id: number; program_id: number; region_code: string; status: string; fiscal_year: number; month_from: string; month_to: string } | null> {
  const rows = await db.query<{
    id: number;
    program_id: number;
    region_code: string;
    status: string;
    fiscal_year: number;
    month_from: string;
    month_to: string;
  }>(`SELECT id, program_id, region_code, status, fiscal_year, month_from, month_to FROM plans WHERE id = $1 FOR UPDATE`, [planId]);
  return rows[0] ?? null;
}
