import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { inside, rowsOf, sharedRowsOf, within, type Predicate } from '../../access/access.js';
import { query, sql } from '../../db/sql.js';
import { csvLine } from '../../db/csv.js';
import type { StatementRow } from './reconcile.service.js';

export interface RecItemRow {
  kind: string;
  nik: string;
  participant_id: number | null;
  field: string;
  ours: string;
  theirs: string;
}

/**
 * The items an actor may see: all of them when its scope holds the reconciliation's whole region
 * (`whole`); otherwise only items of its own participants — never the statement's extra NIKs, which
 * belong to no village.
 */
function visibleItems(actor: Actor, whole: boolean, firstParam: number): Predicate {
  if (whole) return { sql: 'TRUE', params: [] };
  const inside = rowsOf(actor, 'reconciliationItem', 'vp', firstParam);
  return { sql: `EXISTS (SELECT 1 FROM participants vp WHERE vp.id = i.participant_id AND ${inside.sql})`, params: inside.params };
}

/** Items of one kind (or all), in order; at most `perKind` of each kind when given. */
export function recItems(
  db: Queryable,
  actor: Actor,
  id: number,
  o: { whole: boolean; kind: 'missing' | 'extra' | 'mismatch' | 'all'; perKind?: number },
): Promise<RecItemRow[]> {
  const v = visibleItems(actor, o.whole, 4);
  return db.query(
    `SELECT kind, nik, participant_id, field, ours, theirs FROM (
       SELECT i.*, row_number() OVER (PARTITION BY kind ORDER BY nik, field) AS rn FROM reconciliation_items i
        WHERE reconciliation_id = $1 AND ($2 = 'all' OR kind = $2) AND ${v.sql}) x
      WHERE $3::int IS NULL OR rn <= $3 ORDER BY kind, nik, field`,
    [id, o.kind, o.perKind ?? null, ...v.params],
  );
}

/** Missing and mismatched participants counted inside the actor's scope. */
export async function recCountsInside(db: Queryable, actor: Actor, id: number): Promise<{ missing: number; mismatched: number }> {
  const v = visibleItems(actor, false, 2);
  const [c] = await db.query<{ missing: number; mismatched: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'missing')::int AS missing, count(DISTINCT nik) FILTER (WHERE kind = 'mismatch')::int AS mismatched
       FROM reconciliation_items i WHERE reconciliation_id = $1 AND ${v.sql}`,
    [id, ...v.params],
  );
  return c!;
}

export type RecRow = {
  id: number;
  program_id: number;
  region_code: string;
  file_name: string;
  statement_rows: number;
  missing: number;
  extra: number;
  mismatched: number;
  matched: number;
  created_by: string;
  created_at: Date;
};

export async function findReconciliation(db: Queryable, id: number): Promise<RecRow | null> {
  return (await db.query<RecRow>('SELECT * FROM reconciliations WHERE id = $1', [id]))[0] ?? null;
}

export function listReconciliations(db: Queryable, actor: Actor): Promise<RecRow[]> {
  const v = sharedRowsOf(actor, 'region_code', 1);
  return db.query<RecRow>(`SELECT * FROM reconciliations WHERE ${v.sql} ORDER BY id DESC LIMIT 100`, v.params);
}

/**
 * Compares a BPJS statement with our participants of the program inside the actor's scope, set-based:
 * the statement is COPYed into a temporary table, then one statement per kind of difference (missing:
 * we pay, BPJS does not list; extra: BPJS lists, not ours; mismatch: one row per differing field).
 * Records the reconciliation with its counts; call inside a transaction.
 */
export async function compareStatement(
  tx: Queryable,
  actor: Actor,
  input: { programId: number; regionCode: string; fileName: string; createdBy: string; rows: StatementRow[] },
): Promise<{ id: number; counts: { missing: number; extra: number; mismatched: number; matched: number } }> {
  await tx.query('DROP TABLE IF EXISTS rec_stmt');
  await tx.query('CREATE TEMP TABLE rec_stmt (nik text COLLATE "C" PRIMARY KEY, kpj text, active boolean, last_month date, amount bigint) ON COMMIT DROP');
  await tx.copyFrom(
    'COPY rec_stmt (nik, kpj, active, last_month, amount) FROM STDIN (FORMAT csv)',
    input.rows.map((r) => csvLine([r.nik, r.kpj, r.active, r.lastMonth ? `${r.lastMonth}-01` : null, r.amount])).join(''),
  );
  // Our side, limited to the actor's region: status, KPJ, last paid month and Rupiah paid per participant.
  const scope = within(actor, 'p.region_code', 2);
  await tx.query('DROP TABLE IF EXISTS rec_ours');
  await tx.query(
    `CREATE TEMP TABLE rec_ours ON COMMIT DROP AS
     SELECT p.id, w.nik, p.kpj, p.status, l.last_month, COALESCE(l.paid, 0)::bigint AS paid
       FROM participants p JOIN workers w ON w.id = p.worker_id
       LEFT JOIN (SELECT participant_id, max(month) AS last_month, sum(amount) AS paid FROM invoice_lines WHERE paid GROUP BY 1) l ON l.participant_id = p.id
      WHERE p.program_id = $1 AND ${scope.sql}`,
    [input.programId, ...scope.params],
  );
  const [rec] = await tx.query<{ id: number }>(
    `INSERT INTO reconciliations (program_id, region_code, file_name, statement_rows, missing, extra, mismatched, matched, created_by)
     VALUES ($1, $2, $3, $4, 0, 0, 0, 0, $5) RETURNING id`,
    [input.programId, input.regionCode, input.fileName, input.rows.length, input.createdBy],
  );
  const id = rec!.id;
  await tx.query(
    `INSERT INTO reconciliation_items (reconciliation_id, kind, nik, participant_id, field, ours, theirs)
     SELECT $1, 'missing', o.nik, o.id, 'nik', o.status || ' / ' || to_char(o.last_month, 'YYYY-MM'), ''
       FROM rec_ours o WHERE o.status IN ('active', 'lapsed') AND o.paid > 0 AND NOT EXISTS (SELECT 1 FROM rec_stmt s WHERE s.nik = o.nik)`,
    [id],
  );
  await tx.query(
    `INSERT INTO reconciliation_items (reconciliation_id, kind, nik, participant_id, field, ours, theirs)
     SELECT $1, 'extra', s.nik, NULL, 'nik', '', COALESCE(CASE WHEN s.active THEN 'AKTIF' WHEN NOT s.active THEN 'NONAKTIF' END, '')
       FROM rec_stmt s WHERE NOT EXISTS (SELECT 1 FROM rec_ours o WHERE o.nik = s.nik)`,
    [id],
  );
  await tx.query(
    `INSERT INTO reconciliation_items (reconciliation_id, kind, nik, participant_id, field, ours, theirs)
     SELECT $1, 'mismatch', o.nik, o.id, d.field, d.ours, d.theirs
       FROM rec_stmt s JOIN rec_ours o ON o.nik = s.nik
       CROSS JOIN LATERAL (VALUES
         ('status', o.status, CASE WHEN s.active THEN 'AKTIF' ELSE 'NONAKTIF' END,
            s.active IS NOT NULL AND (s.active <> (o.status = 'active'))),
         ('kpj', COALESCE(o.kpj, ''), COALESCE(s.kpj, ''), s.kpj IS NOT NULL AND s.kpj IS DISTINCT FROM o.kpj),
         ('lastMonth', COALESCE(to_char(o.last_month, 'YYYY-MM'), ''), COALESCE(to_char(s.last_month, 'YYYY-MM'), ''),
            s.last_month IS NOT NULL AND s.last_month IS DISTINCT FROM o.last_month),
         ('amount', o.paid::text, COALESCE(s.amount::text, ''), s.amount IS NOT NULL AND s.amount <> o.paid)
       ) AS d(field, ours, theirs, differs)
      WHERE d.differs`,
    [id],
  );
  const [c] = await tx.query<{ missing: number; extra: number; mismatched: number; matched: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'missing')::int AS missing, count(*) FILTER (WHERE kind = 'extra')::int AS extra,
            count(DISTINCT nik) FILTER (WHERE kind = 'mismatch')::int AS mismatched,
            (SELECT count(*) FROM rec_stmt s JOIN rec_ours o ON o.nik = s.nik)::int
              - count(DISTINCT nik) FILTER (WHERE kind = 'mismatch')::int AS matched
       FROM reconciliation_items WHERE reconciliation_id = $1`,
    [id],
  );
  await tx.query('UPDATE reconciliations SET missing = $2, extra = $3, mismatched = $4, matched = $5 WHERE id = $1', [
    id,
    c!.missing,
    c!.extra,
    c!.mismatched,
    c!.matched,
  ]);
  return { id, counts: c! };
}

/**
 * Applies what BPJS's statement says where it differs from Jaring, set-based, inside the actor's
 * scope: the KPJ number BPJS gave (unless another participant already holds it), and "non-active"
 * for a participant Jaring still counts active (which becomes lapsed). Each change is an event on the
 * participant's timeline. Returns how many of each were applied.
 */
export async function applyStatement(db: Queryable, actor: Actor, id: number, day: string): Promise<{ kpj: number; status: number }> {
  const scope = inside(actor, 'p.region_code');
  const [k] = await query<{ n: number }>(
    db,
    sql`WITH c AS (
          SELECT DISTINCT ON (i.participant_id) i.participant_id, i.theirs
            FROM reconciliation_items i JOIN participants p ON p.id = i.participant_id
           WHERE i.reconciliation_id = ${id} AND i.kind = 'mismatch' AND i.field = 'kpj' AND i.theirs ~ '^[0-9]{11}$' AND ${scope}
             AND p.kpj IS DISTINCT FROM i.theirs
             AND NOT EXISTS (SELECT 1 FROM participants o WHERE o.kpj = i.theirs AND o.id <> i.participant_id)
           ORDER BY i.participant_id),
        u AS (UPDATE participants p SET kpj = c.theirs, version = p.version + 1, updated_at = now() FROM c WHERE p.id = c.participant_id
              RETURNING p.id, p.status),
        e AS (INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor)
              SELECT u.id, ${day}::date, u.status, u.status, 'kpj from BPJS statement (reconciliation #' || ${id} || ')', '', ${actor.username} FROM u RETURNING 1)
        SELECT count(*)::int AS n FROM e`,
  );
  const [s] = await query<{ n: number }>(
    db,
    sql`WITH c AS (
          SELECT DISTINCT i.participant_id
            FROM reconciliation_items i JOIN participants p ON p.id = i.participant_id
           WHERE i.reconciliation_id = ${id} AND i.kind = 'mismatch' AND i.field = 'status' AND i.theirs = 'NONAKTIF' AND p.status = 'active' AND ${scope}),
        u AS (UPDATE participants p SET status = 'lapsed', status_since = ${day}::date, version = p.version + 1, updated_at = now()
                FROM c WHERE p.id = c.participant_id RETURNING p.id),
        e AS (INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor)
              SELECT u.id, ${day}::date, 'active', 'lapsed', 'non-active per BPJS statement (reconciliation #' || ${id} || ')', '', ${actor.username} FROM u RETURNING 1)
        SELECT count(*)::int AS n FROM e`,
  );
  return { kpj: k!.n, status: s!.n };
}
