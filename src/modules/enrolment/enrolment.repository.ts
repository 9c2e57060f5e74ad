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

export interface RegRow {
  participant_id: number;
  nik: string;
  full_name: string;
  birth_date: string;
  sex: string;
  address: string;
  village_code: string;
  village_name: string;
  occupation: string;
  sector: string;
  phone: string | null;
  kpj: string | null;
  month_from: string;
  month_to: string;
  source_name: string;
  funding_type: string;
  declared_income: number;
  include_jht: boolean;
}

/** One page (5,000) of a batch's registration rows inside the actor's scope, after participant `after`. */
export function registrationPage(db: Queryable, actor: Actor, batchId: number, planId: number, after: number): Promise<RegRow[]> {
  const inside = rowsOf(actor, 'batchLine', 'p', 4);
  return db.query<RegRow>(
    `SELECT p.id AS participant_id, w.nik, w.full_name, w.birth_date, w.sex, w.address, w.village_code, r.name AS village_name, w.occupation,
            sc.name_id AS sector, w.phone, p.kpj, pp.month_from, pp.month_to, s.name AS source_name, s.funding_type, g.declared_income, g.include_jht
       FROM participants p JOIN workers w ON w.id = p.worker_id JOIN regions r ON r.code = w.village_code JOIN sectors sc ON sc.code = w.sector_code
       JOIN programs g ON g.id = p.program_id
       JOIN LATERAL (SELECT x.* FROM protection_periods x WHERE x.participant_id = p.id ORDER BY (x.plan_id = $2) DESC, x.month_from DESC LIMIT 1) pp ON true
       JOIN funding_sources s ON s.id = pp.source_id
      WHERE p.batch_id = $1 AND p.id > $3 AND ${inside.sql} ORDER BY p.id LIMIT 5000`,
    [batchId, planId, after, ...inside.params],
  );
}

/** Workers and months of a batch per funding source, for its cover letter. */
export function batchSources(
  db: Queryable,
  batchId: number,
  planId: number,
): Promise<{ name: string; funding_type: string; workers: number; month_from: string; month_to: string }[]> {
  return db.query(
    `SELECT s.name, s.funding_type, count(*)::int AS workers, min(pp.month_from) AS month_from, max(pp.month_to) AS month_to
       FROM participants p
       JOIN LATERAL (SELECT x.* FROM protection_periods x WHERE x.participant_id = p.id ORDER BY (x.plan_id = $2) DESC, x.month_from DESC LIMIT 1) pp ON true
       JOIN funding_sources s ON s.id = pp.source_id
      WHERE p.batch_id = $1 GROUP BY s.name, s.funding_type ORDER BY s.name`,
    [batchId, planId],
  );
}

/** A participant's dated transitions, oldest first (the timeline). */
export function participantEvents(
  db: Queryable,
  participantId: number,
): Promise<{ at: string; from_status: string | null; to_status: string; reason: string; detail: string; actor: string; recorded_at: Date }[]> {
  return db.query('SELECT at, from_status, to_status, reason, detail, actor, recorded_at FROM participant_events WHERE participant_id = $1 ORDER BY id', [
    participantId,
  ]);
}

/** A participant's protection periods with their sources, oldest first. */
export function participantPeriods(
  db: Queryable,
  participantId: number,
): Promise<
  {
    source_id: number;
    source_name: string;
    funding_type: string;
    kind: string;
    plan_id: number | null;
    fiscal_year: number;
    month_from: string;
    month_to: string;
  }[]
> {
  return db.query(
    `SELECT pp.source_id, s.name AS source_name, s.funding_type, pp.kind, pp.plan_id, pp.fiscal_year, pp.month_from, pp.month_to
       FROM protection_periods pp JOIN funding_sources s ON s.id = pp.source_id WHERE pp.participant_id = $1 ORDER BY pp.month_from`,
    [participantId],
  );
}
