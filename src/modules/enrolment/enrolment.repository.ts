import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { rowsOf, sharedRowsOf, within } from '../../access/access.js';

/**
 * A batch's totals counted from the participants inside the actor's scope (for an actor whose scope
 * is narrower than the batch's region): submitted in the batch, continuing from the same plan,
 * accepted with a KPJ, rejected back to candidate.
 */
export function batchCountsInside(
  db: Queryable,
  actor: Actor,
  batchIds: number[],
): Promise<{ batch_id: number; submitted: number; continuing: number; accepted: number; rejected: number }[]> {
  const inside = rowsOf(actor, 'batchLine', 'p', 2);
  return db.query(
    `SELECT b.id AS batch_id,
            count(*) FILTER (WHERE p.batch_id = b.id)::int AS submitted,
            count(*) FILTER (WHERE p.batch_id IS DISTINCT FROM b.id)::int AS continuing,
            count(*) FILTER (WHERE p.batch_id = b.id AND p.kpj IS NOT NULL AND p.status <> 'candidate')::int AS accepted,
            count(*) FILTER (WHERE p.batch_id = b.id AND p.status = 'candidate' AND p.rejection IS NOT NULL)::int AS rejected
       FROM enrolment_batches b
       JOIN participants p ON p.batch_id = b.id
         OR (p.batch_id IS DISTINCT FROM b.id AND EXISTS (SELECT 1 FROM protection_periods pp WHERE pp.participant_id = p.id AND pp.plan_id = b.plan_id))
      WHERE b.id = ANY($1::bigint[]) AND ${inside.sql}
      GROUP BY b.id`,
    [batchIds, ...inside.params],
  );
}

/**
 * Approved plans the actor sees, with funded and enrolled workers: the plan's own totals when it lies
 * wholly inside the actor's scope, counted from the actor's own workers otherwise (a village operator).
 */
export function approvedPlansAsSeen(
  db: Queryable,
  actor: Actor,
): Promise<{ id: number; name: string; program_id: number; fiscal_year: number; month_from: string; month_to: string; funded: number; enrolled: number }[]> {
  const v = sharedRowsOf(actor, 'p.region_code', 1);
  const whole = within(actor, 'p.region_code', 1 + v.params.length);
  const w = rowsOf(actor, 'worker', 'w', 1 + v.params.length + whole.params.length);
  const pt = rowsOf(actor, 'participant', 'pt', 1 + v.params.length + whole.params.length + w.params.length);
  return db.query(
    `SELECT p.id, p.name, p.program_id, p.fiscal_year, p.month_from, p.month_to,
            CASE WHEN ${whole.sql} THEN (p.summary->>'funded')::int
                 ELSE (SELECT count(*)::int FROM plan_candidates c JOIN workers w ON w.id = c.worker_id
                        WHERE c.plan_id = p.id AND c.outcome = 'funded' AND ${w.sql}) END AS funded,
            CASE WHEN ${whole.sql} THEN (SELECT count(DISTINCT pp.participant_id)::int FROM protection_periods pp WHERE pp.plan_id = p.id)
                 ELSE (SELECT count(DISTINCT pp.participant_id)::int FROM protection_periods pp JOIN participants pt ON pt.id = pp.participant_id
                        WHERE pp.plan_id = p.id AND ${pt.sql}) END AS enrolled
       FROM plans p WHERE p.status = 'approved' AND ${v.sql} ORDER BY p.id DESC LIMIT 100`,
    [...v.params, ...whole.params, ...w.params, ...pt.params],
  );
}
