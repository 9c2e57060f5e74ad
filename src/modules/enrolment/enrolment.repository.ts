import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { inside, rowsOf, sharedRowsOf, within } from '../../access/access.js';
import { join, query, raw, sql, type Sql } from '../../db/sql.js';
import type { ParticipantStatus } from '../../domain/protection.js';

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

/** A batch's workers per funding source and sector, with the protection months (the cover letter prices them). */
export function batchSources(
  db: Queryable,
  batchId: number,
  planId: number,
): Promise<{ name: string; funding_type: string; sector_code: string; workers: number; month_from: string; month_to: string }[]> {
  return db.query(
    `SELECT s.name, s.funding_type, w.sector_code, count(*)::int AS workers, min(pp.month_from) AS month_from, max(pp.month_to) AS month_to
       FROM participants p
       JOIN workers w ON w.id = p.worker_id
       JOIN LATERAL (SELECT x.* FROM protection_periods x WHERE x.participant_id = p.id ORDER BY (x.plan_id = $2) DESC, x.month_from DESC LIMIT 1) pp ON true
       JOIN funding_sources s ON s.id = pp.source_id
      WHERE p.batch_id = $1 GROUP BY s.name, s.funding_type, w.sector_code ORDER BY s.name, w.sector_code`,
    [batchId, planId],
  );
}

export type BatchRow = {
  id: number;
  plan_id: number;
  plan_name: string;
  program_id: number;
  program_name: string;
  region_code: string;
  status: 'submitted' | 'answered';
  submitted: number;
  continuing: number;
  accepted: number;
  rejected: number;
  created_by: string;
  created_at: Date;
  answered_by: string | null;
  answered_at: Date | null;
};

const BATCH_SELECT = `SELECT b.id, b.plan_id, pl.name AS plan_name, b.program_id, g.name AS program_name, b.region_code, b.status, b.submitted, b.continuing,
  b.accepted, b.rejected, b.created_by, b.created_at, b.answered_by, b.answered_at
  FROM enrolment_batches b JOIN plans pl ON pl.id = b.plan_id JOIN programs g ON g.id = b.program_id`;

export async function findBatch(db: Queryable, id: number): Promise<BatchRow | null> {
  return (await db.query<BatchRow>(`${BATCH_SELECT} WHERE b.id = $1`, [id]))[0] ?? null;
}

/** Batches of the programs the actor sees, newest first. */
export function listBatches(db: Queryable, actor: Actor): Promise<BatchRow[]> {
  const v = sharedRowsOf(actor, 'b.region_code', 1);
  return db.query<BatchRow>(`${BATCH_SELECT} WHERE ${v.sql} ORDER BY b.id DESC LIMIT 200`, v.params);
}

/**
 * In one transaction with the caller: a new batch for an approved plan; its funded workers become
 * participants (candidate) with the plan's protection period and events; every candidate of the
 * program and every candidate or lapsed participant of the plan moves to submitted in the batch.
 * Returns the batch and how many were submitted, and how many of the plan's participants are already active.
 */
export async function submitPlan(
  db: Queryable,
  p: { planId: number; programId: number; regionCode: string; fiscalYear: number; monthFrom: string; monthTo: string; day: string; actor: string },
): Promise<{ batchId: number; submitted: number; continuing: number }> {
  const [batch] = await db.query<{ id: number }>(
    `INSERT INTO enrolment_batches (plan_id, program_id, region_code, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [p.planId, p.programId, p.regionCode, p.actor],
  );
  const batchId = batch!.id;
  await db.query(
    `WITH ins AS (
       INSERT INTO participants (worker_id, program_id, region_code, status, status_since)
       SELECT pc.worker_id, $2, w.village_code, 'candidate', $3::date
         FROM plan_candidates pc JOIN workers w ON w.id = pc.worker_id
        WHERE pc.plan_id = $1 AND pc.outcome = 'funded'
       ON CONFLICT (worker_id) DO NOTHING RETURNING id)
     INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, actor)
     SELECT id, $3::date, NULL, 'candidate', 'plan #' || $1 || ' approved', $4 FROM ins`,
    [p.planId, p.programId, p.day, p.actor],
  );
  await db.query(
    `INSERT INTO protection_periods (participant_id, source_id, plan_id, fiscal_year, month_from, month_to, kind, created_by)
     SELECT p.id, pc.source_id, $1, $2, $3::date, $4::date, 'plan', $5
       FROM plan_candidates pc JOIN participants p ON p.worker_id = pc.worker_id
      WHERE pc.plan_id = $1 AND pc.outcome = 'funded' AND p.status <> 'ended'
        AND NOT EXISTS (SELECT 1 FROM protection_periods x WHERE x.plan_id = $1 AND x.participant_id = p.id)`,
    [p.planId, p.fiscalYear, p.monthFrom, p.monthTo, p.actor],
  );
  const moved = await db.query<{ n: number }>(
    `WITH sel AS (
       SELECT p.id, p.status FROM participants p
        -- This plan's workers, and the program's other candidates (a replacement) whose protection reaches
        -- into this plan's months; never a candidate left from an earlier period (its plan has ended).
        WHERE (p.status = 'candidate' AND p.program_id = $2
               AND EXISTS (SELECT 1 FROM protection_periods x WHERE x.participant_id = p.id AND x.month_to >= $6::date))
           OR (p.status IN ('candidate', 'lapsed') AND EXISTS (SELECT 1 FROM protection_periods x WHERE x.plan_id = $1 AND x.participant_id = p.id))
        FOR UPDATE),
     upd AS (
       UPDATE participants p SET status = 'submitted', status_since = $3::date, batch_id = $4, rejection = NULL, version = p.version + 1, updated_at = now()
         FROM sel WHERE p.id = sel.id RETURNING p.id),
     ev AS (
       INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, actor)
       SELECT sel.id, $3::date, sel.status, 'submitted', 'batch #' || $4, $5 FROM sel)
     SELECT count(*)::int AS n FROM upd`,
    [p.planId, p.programId, p.day, batchId, p.actor, p.monthFrom],
  );
  const continuing = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM protection_periods x JOIN participants p ON p.id = x.participant_id WHERE x.plan_id = $1 AND p.status = 'active'`,
    [p.planId],
  );
  return { batchId, submitted: moved[0]!.n, continuing: continuing[0]!.n };
}

export async function setBatchCounts(db: Queryable, batchId: number, submitted: number, continuing: number): Promise<void> {
  await db.query(`UPDATE enrolment_batches SET submitted = $2, continuing = $3 WHERE id = $1`, [batchId, submitted, continuing]);
}

export async function lockBatch(db: Queryable, batchId: number): Promise<void> {
  await db.query('SELECT id FROM enrolment_batches WHERE id = $1 FOR UPDATE', [batchId]);
}

export function participantsByNik(db: Queryable, niks: string[]): Promise<{ nik: string; id: number; status: string; batch_id: number | null }[]> {
  return db.query(
    `SELECT w.nik, p.id, p.status, p.batch_id FROM unnest($1::text[]) AS a(nik) JOIN workers w ON w.nik = a.nik JOIN participants p ON p.worker_id = w.id`,
    [niks],
  );
}

/** Who holds these KPJ numbers already. */
export function kpjHolders(db: Queryable, kpjs: string[]): Promise<{ kpj: string; nik: string }[]> {
  return db.query(`SELECT p.kpj, w.nik FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.kpj = ANY($1::text[])`, [kpjs]);
}

/** BPJS's answer applied set-based: accepted → active with KPJ, rejected → candidate with the reason; events and batch totals. */
export async function recordAnswer(
  db: Queryable,
  a: { batchId: number; day: string; actor: string; accepted: { nik: string; kpj: string }[]; rejected: { nik: string; reason: string }[] },
): Promise<void> {
  await db.query(
    `WITH a AS (SELECT * FROM unnest($1::text[], $2::text[]) AS a(nik, kpj)),
     upd AS (
       UPDATE participants p SET status = 'active', kpj = a.kpj, status_since = $3::date, rejection = NULL, version = p.version + 1, updated_at = now()
         FROM a JOIN workers w ON w.nik = a.nik WHERE p.worker_id = w.id RETURNING p.id)
     INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, actor)
     SELECT id, $3::date, 'submitted', 'active', 'accepted by BPJS (batch #' || $4 || ')', $5 FROM upd`,
    [a.accepted.map((r) => r.nik), a.accepted.map((r) => r.kpj), a.day, a.batchId, a.actor],
  );
  await db.query(
    `WITH a AS (SELECT * FROM unnest($1::text[], $2::text[]) AS a(nik, reason)),
     upd AS (
       UPDATE participants p SET status = 'candidate', rejection = a.reason, status_since = $3::date, version = p.version + 1, updated_at = now()
         FROM a JOIN workers w ON w.nik = a.nik WHERE p.worker_id = w.id RETURNING p.id, a.reason)
     INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor)
     SELECT id, $3::date, 'submitted', 'candidate', 'rejected by BPJS (batch #' || $4 || ')', reason, $5 FROM upd`,
    [a.rejected.map((r) => r.nik), a.rejected.map((r) => r.reason), a.day, a.batchId, a.actor],
  );
  await db.query(
    `UPDATE enrolment_batches SET status = 'answered', accepted = accepted + $2, rejected = rejected + $3, answered_by = $4, answered_at = now() WHERE id = $1`,
    [a.batchId, a.accepted.length, a.rejected.length, a.actor],
  );
}

export type ParticipantRow = {
  id: number;
  worker_id: number;
  nik: string;
  full_name: string;
  village_code: string;
  sector_code: string;
  program_id: number;
  region_code: string;
  kpj: string | null;
  status: ParticipantStatus;
  status_since: string;
  end_reason: string | null;
  rejection: string | null;
  batch_id: number | null;
  version: number;
};

const PARTICIPANT_SELECT = `SELECT p.id, p.worker_id, w.nik, w.full_name, w.village_code, w.sector_code, p.program_id, p.region_code, p.kpj, p.status,
  p.status_since, p.end_reason, p.rejection, p.batch_id, p.version FROM participants p JOIN workers w ON w.id = p.worker_id`;

export async function findParticipantRow(db: Queryable, ref: { id?: number; nik?: string; kpj?: string }, lock: boolean): Promise<ParticipantRow | null> {
  const where = ref.id !== undefined ? 'p.id = $1' : ref.nik !== undefined ? 'w.nik = $1' : 'p.kpj = $1';
  const rows = await db.query<ParticipantRow>(`${PARTICIPANT_SELECT} WHERE ${where}${lock ? ' FOR UPDATE OF p' : ''}`, [ref.id ?? ref.nik ?? ref.kpj]);
  return rows[0] ?? null;
}

/** Participants inside the actor's scope, filtered, with counts per status (before the status filter). */
export async function listParticipantRows(
  db: Queryable,
  actor: Actor,
  q: { status?: string; batchId?: number; programId?: number; search?: string; limit?: number; offset?: number },
): Promise<{ rows: ParticipantRow[]; total: number; byStatus: Record<string, number> }> {
  const where: Sql[] = [inside(actor, 'p.region_code')];
  if (q.batchId !== undefined) where.push(sql`p.batch_id = ${q.batchId}`);
  if (q.programId !== undefined) where.push(sql`p.program_id = ${q.programId}`);
  if (q.search) {
    const digits = q.search.replace(/\D/g, '');
    if (digits.length === 16) where.push(sql`w.nik = ${digits}`);
    else if (digits.length === 11) where.push(sql`p.kpj = ${digits}`);
    else where.push(sql`lower(w.full_name) LIKE ${`${q.search.toLowerCase().replace(/[%_\\]/g, '')}%`}`);
  }
  const byStatusRows = await query<{ status: string; n: number }>(
    db,
    sql`SELECT p.status, count(*)::int AS n FROM participants p JOIN workers w ON w.id = p.worker_id WHERE ${join(where, ' AND ')} GROUP BY 1`,
  );
  const byStatus = Object.fromEntries(byStatusRows.map((r) => [r.status, r.n]));
  if (q.status) where.push(sql`p.status = ${q.status}`);
  const total = q.status ? (byStatus[q.status] ?? 0) : byStatusRows.reduce((a, r) => a + r.n, 0);
  const rows = await query<ParticipantRow>(
    db,
    sql`${raw(PARTICIPANT_SELECT)} WHERE ${join(where, ' AND ')} ORDER BY p.id LIMIT ${Math.min(q.limit ?? 50, 500)} OFFSET ${q.offset ?? 0}`,
  );
  return { rows, total, byStatus };
}
