import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped, sharedInside, underRegion } from '../../access/access.js';
import { join, query, raw, sql, type Sql } from '../../db/sql.js';

export interface RoundRow {
  id: number;
  region_code: string;
  name: string;
  origin: 'plan' | 'filter';
  origin_ref: string;
  due_on: string | null;
  status: 'open' | 'signed_off';
  created_by: string;
  created_at: Date;
  signed_off_by: string | null;
  signed_off_at: Date | null;
  sign_off_note: string;
  version: number;
  bpjs_sent_at: Date | null;
  bpjs_answered_at: Date | null;
}

const ROUND = `id, region_code, name, origin, origin_ref, due_on::text AS due_on, status, created_by, created_at, signed_off_by, signed_off_at, sign_off_note,
  version, bpjs_sent_at, bpjs_answered_at`;

export async function insertRound(
  db: Queryable,
  r: { regionCode: string; name: string; origin: 'plan' | 'filter'; originRef: string; dueOn: string | null; by: string; byId: number | null },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO verification_rounds (region_code, name, origin, origin_ref, due_on, created_by, created_by_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [r.regionCode, r.name, r.origin, r.originRef, r.dueOn, r.by, r.byId],
  );
  return row!.id;
}

/** The workers a round covers, set-based: a plan's funded workers, or the registry under some regions (optionally one sector, deciles up to n). */
export async function insertItems(
  db: Queryable,
  actor: Actor,
  roundId: number,
  from: { planId: number } | { regions: string[]; sector: string | null; decileMax: number | null },
): Promise<number> {
  const where: Sql[] = [scoped(actor, 'worker', 'w')];
  let source = sql`workers w`;
  if ('planId' in from) source = sql`plan_candidates pc JOIN workers w ON w.id = pc.worker_id AND pc.plan_id = ${from.planId} AND pc.outcome = 'funded'`;
  else {
    where.push(
      sql`(${join(
        from.regions.map((code) => underRegion('w.village_code', code)),
        ' OR ',
      )})`,
    );
    if (from.sector) where.push(sql`w.sector_code = ${from.sector}`);
    if (from.decileMax !== null) where.push(sql`w.welfare_decile <= ${from.decileMax}`);
  }
  const rows = await query<{ n: number }>(
    db,
    sql`WITH ins AS (INSERT INTO verification_items (round_id, worker_id, village_code)
                     SELECT ${roundId}::bigint, w.id, w.village_code FROM ${source} WHERE ${join(where, ' AND ')} RETURNING 1)
        SELECT count(*)::int AS n FROM ins`,
  );
  return rows[0]!.n;
}

export async function findRound(db: Queryable, actor: Actor, id: number, lock = false): Promise<RoundRow | null> {
  const rows = await query<RoundRow>(
    db,
    sql`SELECT ${raw(ROUND)} FROM verification_rounds r WHERE r.id = ${id} AND ${sharedInside(actor, 'r.region_code')}${raw(lock ? ' FOR UPDATE' : '')}`,
  );
  return rows[0] ?? null;
}

export interface ProgressRow {
  round_id: number;
  village_code: string;
  village_name: string | null;
  district_name: string | null;
  total: number;
  pending: number;
  confirmed: number;
  corrected: number;
  rejected: number;
  last_at: Date | null;
  bpjs_answered: number;
  bpjs_pu: number;
  bpjs_elsewhere: number;
  reminded_at: Date | null;
}

/** Per village of the rounds, what the actor may see of their items: how many, and how far along. */
export function progress(db: Queryable, actor: Actor, roundIds: number[]): Promise<ProgressRow[]> {
  return query<ProgressRow>(
    db,
    sql`SELECT i.round_id, i.village_code, v.name AS village_name, d.name AS district_name, count(*)::int AS total,
               count(*) FILTER (WHERE i.verdict = 'pending')::int AS pending,
               count(*) FILTER (WHERE i.verdict = 'confirmed')::int AS confirmed,
               count(*) FILTER (WHERE i.verdict = 'corrected')::int AS corrected,
               count(*) FILTER (WHERE i.verdict = 'rejected')::int AS rejected,
               max(i.verified_at) AS last_at,
               count(*) FILTER (WHERE i.bpjs_segment IS NOT NULL)::int AS bpjs_answered,
               count(*) FILTER (WHERE i.bpjs_segment = 'PU' AND i.bpjs_active IS NOT FALSE)::int AS bpjs_pu,
               count(*) FILTER (WHERE i.bpjs_segment = 'BPU' AND i.bpjs_active IS NOT FALSE AND NOT i.bpjs_ours)::int AS bpjs_elsewhere,
               (SELECT max(m.reminded_at) FROM verification_reminders m WHERE m.round_id = i.round_id AND m.village_code = i.village_code) AS reminded_at
          FROM verification_items i LEFT JOIN regions v ON v.code = i.village_code LEFT JOIN regions d ON d.code = v.parent_code
         WHERE i.round_id = ANY(${roundIds}::bigint[]) AND ${scoped(actor, 'verificationItem', 'i')}
         GROUP BY i.round_id, i.village_code, v.name, d.name
         ORDER BY i.round_id, i.village_code`,
  );
}

export function listRounds(db: Queryable, actor: Actor): Promise<RoundRow[]> {
  return query<RoundRow>(db, sql`SELECT ${raw(ROUND)} FROM verification_rounds r WHERE ${sharedInside(actor, 'r.region_code')} ORDER BY r.id DESC LIMIT 200`);
}

export interface ItemRow {
  worker_id: number;
  nik: string;
  full_name: string;
  birth_date: string;
  village_code: string;
  village_name: string | null;
  sector_code: string;
  phone: string | null;
  welfare_decile: number | null;
  verdict: 'pending' | 'confirmed' | 'corrected' | 'rejected';
  reason: string | null;
  new_sector: string | null;
  new_phone: string | null;
  note: string;
  verified_by: string | null;
  verified_at: Date | null;
}

/** One page of a round's workers in the actor's villages, pending first, then by name. */
export async function itemPage(
  db: Queryable,
  actor: Actor,
  roundId: number,
  o: { village?: string; verdict?: string; workerId?: number; page: number; pageSize: number },
): Promise<{ total: number; rows: ItemRow[] }> {
  const where: Sql[] = [sql`i.round_id = ${roundId}`, scoped(actor, 'verificationItem', 'i')];
  if (o.workerId !== undefined) where.push(sql`i.worker_id = ${o.workerId}`);
  if (o.village) where.push(sql`i.village_code = ${o.village}`);
  if (o.verdict) where.push(sql`i.verdict = ${o.verdict}`);
  const w = join(where, ' AND ');
  const [count, rows] = await Promise.all([
    query<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM verification_items i WHERE ${w}`),
    query<ItemRow>(
      db,
      sql`SELECT i.worker_id, wk.nik, wk.full_name, wk.birth_date::text AS birth_date, i.village_code, v.name AS village_name, wk.sector_code, wk.phone,
                 wk.welfare_decile, i.verdict, i.reason, i.sector_code AS new_sector, i.phone AS new_phone, i.note, i.verified_by, i.verified_at
            FROM verification_items i JOIN workers wk ON wk.id = i.worker_id LEFT JOIN regions v ON v.code = i.village_code
           WHERE ${w}
           ORDER BY (i.verdict <> 'pending'), lower(wk.full_name), i.worker_id
           LIMIT ${o.pageSize} OFFSET ${(o.page - 1) * o.pageSize}`,
    ),
  ]);
  return { total: count[0]!.n, rows };
}

export async function findItem(
  db: Queryable,
  actor: Actor,
  roundId: number,
  workerId: number,
): Promise<{ worker_id: number; village_code: string; verdict: string; reason: string | null; sector_code: string | null; phone: string | null } | null> {
  const rows = await query<{
    worker_id: number;
    village_code: string;
    verdict: string;
    reason: string | null;
    sector_code: string | null;
    phone: string | null;
  }>(
    db,
    sql`SELECT worker_id, village_code, verdict, reason, sector_code, phone FROM verification_items i
         WHERE i.round_id = ${roundId} AND i.worker_id = ${workerId} AND ${scoped(actor, 'verificationItem', 'i')} FOR UPDATE`,
  );
  return rows[0] ?? null;
}

export async function setVerdict(
  db: Queryable,
  roundId: number,
  workerId: number,
  v: { verdict: string; reason: string | null; sectorCode: string | null; phone: string | null; note: string; by: string },
): Promise<void> {
  await db.query(
    `UPDATE verification_items SET verdict = $3, reason = $4, sector_code = $5, phone = $6, note = $7, verified_by = $8, verified_at = now()
      WHERE round_id = $1 AND worker_id = $2`,
    [roundId, workerId, v.verdict, v.reason, v.sectorCode, v.phone, v.note, v.by],
  );
}

export async function pendingCount(db: Queryable, roundId: number): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM verification_items WHERE round_id = $1 AND verdict = 'pending'`, [roundId]))[0]!.n;
}

/** The round's verdicts that change the registry: corrections of sector or phone, and every confirmed or corrected worker. */
export function verdictsOf(
  db: Queryable,
  roundId: number,
): Promise<{ worker_id: number; verdict: string; sector_code: string | null; phone: string | null }[]> {
  return db.query(
    `SELECT worker_id, verdict, sector_code, phone FROM verification_items WHERE round_id = $1 AND verdict IN ('confirmed', 'corrected') ORDER BY worker_id`,
    [roundId],
  );
}

export async function countsOf(db: Queryable, roundId: number): Promise<Record<string, number>> {
  const rows = await db.query<{ verdict: string; n: number }>(`SELECT verdict, count(*)::int AS n FROM verification_items WHERE round_id = $1 GROUP BY 1`, [
    roundId,
  ]);
  return Object.fromEntries(rows.map((r) => [r.verdict, r.n]));
}

export async function markSignedOff(db: Queryable, id: number, by: string, note: string): Promise<void> {
  await db.query(
    `UPDATE verification_rounds SET status = 'signed_off', signed_off_by = $2, signed_off_at = now(), sign_off_note = $3, version = version + 1 WHERE id = $1`,
    [id, by, note],
  );
}

/** A worker merged into another (duplicates): their verification rows follow the survivor, except in a round that holds the survivor. */
export async function reassignWorker(db: Queryable, gone: number, kept: number): Promise<void> {
  await db.query(
    `DELETE FROM verification_items g WHERE g.worker_id = $1 AND EXISTS (SELECT 1 FROM verification_items k WHERE k.round_id = g.round_id AND k.worker_id = $2)`,
    [gone, kept],
  );
  await db.query(`UPDATE verification_items SET worker_id = $2 WHERE worker_id = $1`, [gone, kept]);
}

/** The round's rejections, with the village's reason: they reach the registry at sign-off. */
export function rejectionsOf(db: Queryable, roundId: number): Promise<{ worker_id: number; reason: string }[]> {
  return db.query(`SELECT worker_id, reason FROM verification_items WHERE round_id = $1 AND verdict = 'rejected' ORDER BY worker_id`, [roundId]);
}

/**
 * The round's rejected workers (in the actor's villages) still funded by an approved plan running in `month`
 * ('YYYY-MM-01') or later: their paid protection continues to its end, no later plan funds them — the alert.
 */
export async function rejectedStillFunded(db: Queryable, actor: Actor, roundId: number, month: string): Promise<number> {
  const rows = await query<{ n: number }>(
    db,
    sql`SELECT count(DISTINCT i.worker_id)::int AS n FROM verification_items i
          JOIN plan_candidates pc ON pc.worker_id = i.worker_id AND pc.outcome = 'funded'
          JOIN plans p ON p.id = pc.plan_id AND p.status = 'approved' AND p.month_to >= ${month}::date
         WHERE i.round_id = ${roundId} AND i.verdict = 'rejected' AND ${scoped(actor, 'verificationItem', 'i')}`,
  );
  return rows[0]!.n;
}

export interface RemindRow {
  round_id: number;
  round_region: string;
  round_name: string;
  due_on: string | null;
  village_code: string;
  village_name: string | null;
  pending: number;
}

/**
 * Villages that have not started on an open round (every one of their workers still pending), in the
 * actor's region; `roundId` narrows to one round, `quietSince` leaves out villages reminded after it.
 */
export function villagesNotStarted(db: Queryable, actor: Actor, o: { roundId: number | null; quietSince: Date | null }): Promise<RemindRow[]> {
  return query<RemindRow>(
    db,
    sql`SELECT i.round_id, r.region_code AS round_region, r.name AS round_name, r.due_on::text AS due_on, i.village_code, v.name AS village_name, count(*)::int AS pending
          FROM verification_items i JOIN verification_rounds r ON r.id = i.round_id AND r.status = 'open'
          LEFT JOIN regions v ON v.code = i.village_code
         WHERE (${o.roundId}::bigint IS NULL OR i.round_id = ${o.roundId}::bigint) AND ${scoped(actor, 'verificationItem', 'i')}
           AND (${o.quietSince}::timestamptz IS NULL
                OR NOT EXISTS (SELECT 1 FROM verification_reminders m WHERE m.round_id = i.round_id AND m.village_code = i.village_code
                                  AND m.reminded_at > ${o.quietSince}::timestamptz))
         GROUP BY i.round_id, r.region_code, r.name, r.due_on, i.village_code, v.name
        HAVING bool_and(i.verdict = 'pending')
         ORDER BY i.round_id, i.village_code`,
  );
}

/**
 * Locks the open rounds in the actor's region (in id order), so the daily reminder job and Disnaker's button
 * never remind the same village at the same moment: the second waits, then sees the first's reminders.
 */
export async function lockOpenRounds(db: Queryable, actor: Actor): Promise<void> {
  await query(db, sql`SELECT id FROM verification_rounds r WHERE r.status = 'open' AND ${sharedInside(actor, 'r.region_code')} ORDER BY id FOR UPDATE`);
}

export async function insertReminder(db: Queryable, r: { roundId: number; villageCode: string; by: string; recipients: number }): Promise<void> {
  await db.query(`INSERT INTO verification_reminders (round_id, village_code, reminded_by, recipients) VALUES ($1, $2, $3, $4)`, [
    r.roundId,
    r.villageCode,
    r.by,
    r.recipients,
  ]);
}
