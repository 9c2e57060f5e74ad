import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { query, sql } from '../../db/sql.js';

/** The BPJS check of a round (issue 16.2): what is sent to the branch and what it answered, on `verification_items`. */
export interface CheckRow {
  nik: string;
  full_name: string;
  birth_date: string;
  village_code: string;
}

/** The round's workers in the actor's villages, for the exchange file (NIK, name, birth date, village). */
export function checkRows(db: Queryable, actor: Actor, roundId: number): Promise<CheckRow[]> {
  return query<CheckRow>(
    db,
    sql`SELECT w.nik, w.full_name, w.birth_date::text AS birth_date, i.village_code
          FROM verification_items i JOIN workers w ON w.id = i.worker_id
         WHERE i.round_id = ${roundId}::bigint AND ${scoped(actor, 'verificationItem', 'i')}
         ORDER BY i.village_code, w.nik`,
  );
}

/** The first time the round's NIKs went to the branch (the branch's answer is awaited from then; later downloads are audit-logged). */
export async function markSent(db: Queryable, roundId: number): Promise<void> {
  await db.query('UPDATE verification_rounds SET bpjs_sent_at = COALESCE(bpjs_sent_at, now()) WHERE id = $1', [roundId]);
}

/** NIK → worker of the round within the actor's villages (to check an answer's rows before storing any). */
export function roundNiks(db: Queryable, actor: Actor, roundId: number): Promise<{ nik: string; worker_id: number }[]> {
  return query(
    db,
    sql`SELECT w.nik, w.id AS worker_id FROM verification_items i JOIN workers w ON w.id = i.worker_id
         WHERE i.round_id = ${roundId}::bigint AND ${scoped(actor, 'verificationItem', 'i')}`,
  );
}

/**
 * The branch's answer stored on the items in one statement. `bpjs_ours`: the KPJ is one of Jaring's own
 * participants of this worker (a BPU participant the regency already pays for is not "protected elsewhere").
 */
export async function storeAnswer(
  db: Queryable,
  roundId: number,
  rows: { workerId: number; segment: 'PU' | 'BPU' | 'NONE'; kpj: string | null; active: boolean | null }[],
): Promise<void> {
  await db.query(
    `WITH a AS (SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::boolean[]) AS a(worker_id, segment, kpj, active))
     UPDATE verification_items i
        SET bpjs_segment = a.segment, bpjs_kpj = a.kpj, bpjs_active = a.active, bpjs_answered_at = now(),
            bpjs_ours = EXISTS (SELECT 1 FROM participants p WHERE p.worker_id = i.worker_id AND p.kpj = a.kpj)
       FROM a WHERE i.round_id = $1 AND i.worker_id = a.worker_id`,
    [roundId, rows.map((r) => r.workerId), rows.map((r) => r.segment), rows.map((r) => r.kpj), rows.map((r) => r.active)],
  );
  await db.query('UPDATE verification_rounds SET bpjs_answered_at = now() WHERE id = $1', [roundId]);
}

export interface CheckCounts {
  answered: number;
  wage_earners: number;
  elsewhere: number;
  ours: number;
  none: number;
}

/** What the branch said so far, over the actor's villages of the round. */
export async function checkCounts(db: Queryable, actor: Actor, roundId: number): Promise<CheckCounts> {
  const [r] = await query<CheckCounts>(
    db,
    sql`SELECT count(*) FILTER (WHERE i.bpjs_segment IS NOT NULL)::int AS answered,
               count(*) FILTER (WHERE i.bpjs_segment = 'PU' AND i.bpjs_active IS NOT FALSE)::int AS wage_earners,
               count(*) FILTER (WHERE i.bpjs_segment = 'BPU' AND i.bpjs_active IS NOT FALSE AND NOT i.bpjs_ours)::int AS elsewhere,
               count(*) FILTER (WHERE i.bpjs_segment = 'BPU' AND i.bpjs_ours)::int AS ours,
               count(*) FILTER (WHERE i.bpjs_segment = 'NONE' OR i.bpjs_active IS FALSE)::int AS none
          FROM verification_items i WHERE i.round_id = ${roundId}::bigint AND ${scoped(actor, 'verificationItem', 'i')}`,
  );
  return r!;
}

/** At sign-off: per answered worker, what the registry learns ('PU', 'BPU' protected elsewhere, or nothing). */
export function answersOf(db: Queryable, roundId: number): Promise<{ worker_id: number; elsewhere: 'PU' | 'BPU' | null }[]> {
  return db.query(
    `SELECT worker_id,
            CASE WHEN bpjs_active IS FALSE OR bpjs_segment = 'NONE' THEN NULL
                 WHEN bpjs_segment = 'PU' THEN 'PU'
                 WHEN bpjs_segment = 'BPU' AND NOT bpjs_ours THEN 'BPU' END AS elsewhere
       FROM verification_items WHERE round_id = $1 AND bpjs_segment IS NOT NULL ORDER BY worker_id`,
    [roundId],
  );
}
