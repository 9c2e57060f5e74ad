import type { Queryable } from '../../db/db.js';

/** A participant's life after enrolment: events, protection periods, renewal cohorts, replacements and lapses. */

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

/** Moves a participant to a status and writes the dated event; the transition rule is checked by the caller. */
export async function moveParticipantRow(
  db: Queryable,
  m: { id: number; from: string; to: string; day: string; reason: string; detail: string; endReason: string | null; actor: string },
): Promise<void> {
  await db.query(
    `UPDATE participants SET status = $2, status_since = $3, end_reason = COALESCE($4, end_reason), version = version + 1, updated_at = now() WHERE id = $1`,
    [m.id, m.to, m.day, m.endReason],
  );
  await insertEvent(db, { id: m.id, day: m.day, from: m.from, to: m.to, reason: m.reason, detail: m.detail, actor: m.actor });
}

/** One dated event on a participant's timeline (`from` null for a new participant). */
export async function insertEvent(
  db: Queryable,
  e: { id: number; day: string; from: string | null; to: string; reason: string; detail: string; actor: string },
): Promise<void> {
  await db.query(`INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    e.id,
    e.day,
    e.from,
    e.to,
    e.reason,
    e.detail,
    e.actor,
  ]);
}

/** Ends a participant's protection after `endMonth` ("YYYY-MM-01"): later periods go, the current one is cut; returns what was cut. */
export async function cutPeriods(
  db: Queryable,
  participantId: number,
  endMonth: string,
): Promise<{ source_id: number; month_from: string; month_to: string; fiscal_year: number }[]> {
  const cut = await db.query<{ source_id: number; month_from: string; month_to: string; fiscal_year: number }>(
    `SELECT source_id, month_from, month_to, fiscal_year FROM protection_periods WHERE participant_id = $1 AND month_to > $2::date ORDER BY month_from`,
    [participantId, endMonth],
  );
  await db.query(`DELETE FROM protection_periods WHERE participant_id = $1 AND month_from > $2::date`, [participantId, endMonth]);
  await db.query(`UPDATE protection_periods SET month_to = $2::date, committed = 0 WHERE participant_id = $1 AND month_to > $2::date`, [
    participantId,
    endMonth,
  ]);
  return cut;
}

export async function lastPeriod(db: Queryable, participantId: number): Promise<{ source_id: number; month_to: string } | null> {
  const rows = await db.query<{ source_id: number; month_to: string }>(
    `SELECT source_id, month_to FROM protection_periods WHERE participant_id = $1 ORDER BY month_to DESC LIMIT 1`,
    [participantId],
  );
  return rows[0] ?? null;
}

export async function insertPeriods(
  db: Queryable,
  p: {
    ids: number[];
    costs: number[] | null;
    sourceId: number;
    year: number;
    from: string;
    to: string;
    kind: 'extension' | 'renewal' | 'replacement';
    actor: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO protection_periods (participant_id, source_id, fiscal_year, month_from, month_to, kind, committed, created_by)
     SELECT id, $2, $3, $4::date, $5::date, $6, COALESCE(cost, 0), $7 FROM unnest($1::bigint[], $8::bigint[]) AS u(id, cost)`,
    [p.ids, p.sourceId, p.year, p.from, p.to, p.kind, p.actor, p.costs ?? p.ids.map(() => null)],
  );
}

/** The same event ("renewed", "extended") for many participants, each keeping its status. */
export async function insertSameEvents(db: Queryable, e: { ids: number[]; day: string; reason: string; detail: string; actor: string }): Promise<void> {
  await db.query(
    `INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor)
     SELECT p.id, $2::date, p.status, p.status, $5, $3, $4 FROM participants p WHERE p.id = ANY($1::bigint[])`,
    [e.ids, e.day, e.detail, e.actor, e.reason],
  );
}

/** A program's participants of `fromYear` (a source, or all) not yet protected in `from`–`to`, with their last source and sector. */
export function renewalCohort(
  db: Queryable,
  c: { programId: number; fromYear: number; sourceId: number | null; from: string; to: string },
): Promise<{ participant_id: number; source_id: number; sector_code: string }[]> {
  return db.query(
    `SELECT DISTINCT ON (p.id) p.id AS participant_id, pp.source_id, w.sector_code
       FROM participants p JOIN workers w ON w.id = p.worker_id JOIN protection_periods pp ON pp.participant_id = p.id
      WHERE p.program_id = $1 AND p.status IN ('active', 'submitted') AND pp.fiscal_year = $2 AND ($3::bigint IS NULL OR pp.source_id = $3)
        AND NOT EXISTS (SELECT 1 FROM protection_periods x WHERE x.participant_id = p.id AND x.month_to >= $4::date AND x.month_from <= $5::date)
      ORDER BY p.id, pp.month_to DESC`,
    [c.programId, c.fromYear, c.sourceId, c.from, c.to],
  );
}

/** The poorest (then earliest registered) worker the candidates table admits for source `index` who is not a participant yet. */
export async function nextCandidate(db: Queryable, index: number): Promise<{ worker_id: number; village_code: string } | null> {
  const rows = await db.query<{ worker_id: number; village_code: string }>(
    `SELECT c.worker_id, w.village_code FROM plan_cand c JOIN workers w ON w.id = c.worker_id
      WHERE c.f${Number(index)} = 0 AND NOT EXISTS (SELECT 1 FROM participants x WHERE x.worker_id = c.worker_id)
      ORDER BY CASE WHEN c.decile = 0 THEN 11 ELSE c.decile END, c.worker_id LIMIT 1`,
  );
  return rows[0] ?? null;
}

export async function insertCandidate(db: Queryable, c: { workerId: number; programId: number; regionCode: string; day: string }): Promise<number> {
  const [np] = await db.query<{ id: number }>(
    `INSERT INTO participants (worker_id, program_id, region_code, status, status_since) VALUES ($1, $2, $3, 'candidate', $4) RETURNING id`,
    [c.workerId, c.programId, c.regionCode, c.day],
  );
  return np!.id;
}

/**
 * Active participants of a program whose arrears went past `arrears` months on `day` become lapsed,
 * with their events, in one statement; returns how many.
 */
export async function lapseParticipants(db: Queryable, l: { programId: number; day: string; arrears: number; actor: string }): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH c AS (
       SELECT p.id, COALESCE((SELECT max(l.month) FROM invoice_lines l WHERE l.participant_id = p.id AND l.paid),
                             (SELECT min(pp.month_from) FROM protection_periods pp WHERE pp.participant_id = p.id) - interval '1 month')::date AS covered
         FROM participants p WHERE p.program_id = $1 AND p.status = 'active' FOR UPDATE OF p),
     lapse AS (SELECT id FROM c WHERE covered IS NOT NULL AND (covered + make_interval(months => $3 + 1))::date <= date_trunc('month', $2::date)::date),
     upd AS (UPDATE participants p SET status = 'lapsed', status_since = $2::date, version = p.version + 1, updated_at = now() FROM lapse WHERE p.id = lapse.id RETURNING p.id),
     ev AS (INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, actor)
            SELECT id, $2::date, 'active', 'lapsed', 'arrears over ' || $3 || ' months', $4 FROM upd)
     SELECT count(*)::int AS n FROM upd`,
    [l.programId, l.day, l.arrears, l.actor],
  );
  return rows[0]!.n;
}

/** A worker merged into another (duplicates): their membership, if any, follows the surviving record. */
export async function reassignWorker(db: Queryable, gone: number, kept: number): Promise<number> {
  return (await db.query(`UPDATE participants SET worker_id = $2, updated_at = now(), version = version + 1 WHERE worker_id = $1 RETURNING id`, [gone, kept]))
    .length;
}

/** Which of these workers are (or were) participants. */
export async function participantWorkers(db: Queryable, workerIds: number[]): Promise<number[]> {
  return (await db.query<{ worker_id: number }>(`SELECT worker_id FROM participants WHERE worker_id = ANY($1::bigint[])`, [workerIds])).map((r) =>
    Number(r.worker_id),
  );
}
