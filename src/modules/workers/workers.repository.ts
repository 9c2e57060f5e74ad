import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped, underRegion } from '../../access/access.js';
import { join, one, query, raw, sql, type Sql } from '../../db/sql.js';
import type { Row } from '../../db/tables.js';

/** The columns a person can set; everything else is the system's. */
export interface WorkerFields {
  nik: string;
  nik_needs_verification: boolean;
  full_name: string;
  birth_date: string;
  sex: 'L' | 'P';
  address: string;
  village_code: string;
  sector_code: string;
  occupation: string;
  welfare_decile: number | null;
  monthly_income: number | null;
  phone: string | null;
  is_wage_earner: boolean;
}

/** A registry row: the table's row type (db/tables.ts, checked against the schema), sex narrowed to L/P. */
export type WorkerRow = Omit<Row<'worker_rows'>, 'sex'> & { sex: 'L' | 'P' };

export const WORKER_FIELD_NAMES = [
  'nik',
  'nik_needs_verification',
  'full_name',
  'birth_date',
  'sex',
  'address',
  'village_code',
  'sector_code',
  'occupation',
  'welfare_decile',
  'monthly_income',
  'phone',
  'is_wage_earner',
] as const satisfies readonly (keyof WorkerFields)[];

const COLUMNS = raw(`id, nik, nik_needs_verification, full_name, birth_date, sex, address, village_code, sector_code, occupation,
  welfare_decile, monthly_income, phone, is_wage_earner, is_synthetic, source_import_id, version, created_at, updated_at`);

export async function findWorker(db: Queryable, actor: Actor, id: number, forUpdate = false): Promise<WorkerRow | null> {
  return one<WorkerRow>(db, sql`SELECT ${COLUMNS} FROM workers WHERE id = ${id} AND ${scoped(actor, 'worker')}${raw(forUpdate ? ' FOR UPDATE' : '')}`);
}

/** Whether a NIK is registered anywhere (deduplication is national, whatever the actor's scope). */
export async function nikExists(db: Queryable, nik: string, exceptId: number | null = null): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM workers WHERE nik = $1 AND id IS DISTINCT FROM $2`, [nik, exceptId]);
  return rows.length > 0;
}

export async function insertWorker(db: Queryable, f: WorkerFields, isSynthetic = false): Promise<WorkerRow> {
  const columns = raw(WORKER_FIELD_NAMES.join(', '));
  const values = join(WORKER_FIELD_NAMES.map((k) => sql`${f[k]}`));
  return (await one<WorkerRow>(db, sql`INSERT INTO workers (${columns}, is_synthetic) VALUES (${values}, ${isSynthetic}) RETURNING ${COLUMNS}`))!;
}

/** Updates only when the row still has the version the editor saw (optimistic locking). */
export async function updateWorker(db: Queryable, id: number, expectedVersion: number, f: WorkerFields): Promise<WorkerRow | null> {
  const sets = join(WORKER_FIELD_NAMES.map((k) => sql`${raw(k)} = ${f[k]}`));
  return one<WorkerRow>(
    db,
    sql`UPDATE workers SET ${sets}, version = version + 1, updated_at = now()
         WHERE id = ${id} AND version = ${expectedVersion} RETURNING ${COLUMNS}`,
  );
}

export interface WorkerFilter {
  actor: Actor;
  regionCode: string | null;
  sectorCode: string | null;
  decileMax: number | null;
  decile: number | null;
  nikExact: string | null;
  nikPrefix: string | null;
  name: string | null;
  needsVerification: boolean | null;
  /** Enrolment status: 'none' (never a participant) or the participant's status. */
  status: ParticipantState | null;
  /** 'name': by name then id; 'registered': newest first. */
  sort: 'name' | 'registered';
  /** The last row of the previous page (keyset pagination); null for the first page or an OFFSET page. */
  after: { name: string; id: number } | null;
  limit: number;
  offset: number;
}

/** The filter alone, without order and page. */
export type ListFilter = Omit<WorkerFilter, 'limit' | 'offset' | 'sort' | 'after'>;

export const PARTICIPANT_STATES = ['none', 'candidate', 'submitted', 'active', 'lapsed', 'ended'] as const;
export type ParticipantState = (typeof PARTICIPANT_STATES)[number];

/** A list row: the worker with the names of its village and district, its enrolment and its last paid month. */
export type WorkerListRow = WorkerRow & {
  village_name: string | null;
  district_name: string | null;
  participant_id: number | null;
  participant_status: Exclude<ParticipantState, 'none'> | null;
  kpj: string | null;
  last_paid: string | null;
};

function filterWhere(f: ListFilter): Sql {
  const where: Sql[] = [scoped(f.actor, 'worker')];
  if (f.regionCode) where.push(underRegion('village_code', f.regionCode));
  if (f.sectorCode) where.push(sql`sector_code = ${f.sectorCode}`);
  if (f.decile !== null) where.push(sql`welfare_decile = ${f.decile}`);
  if (f.decileMax !== null) where.push(sql`welfare_decile <= ${f.decileMax}`);
  if (f.nikExact) where.push(sql`nik = ${f.nikExact}`);
  if (f.nikPrefix) where.push(sql`nik LIKE ${`${f.nikPrefix}%`}`);
  if (f.name) where.push(sql`(${nameStarts(f.name)} OR ${nameContainsLater(f.name)})`);
  if (f.needsVerification !== null) where.push(sql`nik_needs_verification = ${f.needsVerification}`);
  if (f.status === 'none') where.push(sql`NOT EXISTS (SELECT 1 FROM participants p WHERE p.worker_id = workers.id)`);
  else if (f.status) where.push(sql`EXISTS (SELECT 1 FROM participants p WHERE p.worker_id = workers.id AND p.status = ${f.status})`);
  return join(where, ' AND ');
}

/** The name order's key (index workers_name_order_idx, which also carries the village): the stored lower-cased name, code-point order on both databases. */
const NAME_KEY = raw('name_key');
const likeEscape = (s: string) => s.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c);
/** The name starts with the text: a range of the name-order index. */
const nameStarts = (text: string) => sql`${NAME_KEY} LIKE ${`${likeEscape(text)}%`}`;
/** The text occurs after the name's first letter: the trigram index. With nameStarts, exactly "contains". */
const nameContainsLater = (text: string) => sql`substr(name_key, 2) LIKE ${`%${likeEscape(text)}%`}`;

/** Region names, enrolment and last paid month for a page of workers (joined after the page is cut). */
function withListColumns(page: Sql, order: Sql): Sql {
  return sql`SELECT w.*, v.name AS village_name, d.name AS district_name, p.id AS participant_id, p.status AS participant_status, p.kpj,
                    (SELECT max(l.month) FROM invoice_lines l WHERE l.participant_id = p.id AND l.paid)::text AS last_paid
               FROM (${page}) w
               LEFT JOIN regions v ON v.code = w.village_code
               LEFT JOIN regions d ON d.code = left(w.village_code, 8)
               LEFT JOIN participants p ON p.worker_id = w.id
              ORDER BY ${order}`;
}

/** A row of a list page: with the name order's key (lower-cased name), for the next page's cursor. */
export type WorkerPageRow = WorkerListRow & { name_key: string };

/** Totals above this are shown as "more than" (counting every match of a broad search costs more than the page; 1,000 is more than an operator pages through before narrowing the search). */
export const COUNT_CAP = 1_000;

export async function listWorkers(db: Queryable, f: WorkerFilter): Promise<{ rows: WorkerPageRow[]; total: number; totalExact: boolean }> {
  const cond = filterWhere(f);
  const byName = f.sort === 'name';
  const after = f.after === null ? sql`TRUE` : byName ? sql`(${NAME_KEY}, id) > (${f.after.name}, ${f.after.id})` : sql`id < ${f.after.id}`;
  const order = byName ? sql`name_key, id` : sql`id DESC`;
  const offset = f.after === null ? f.offset : 0;
  const arm = (extra: Sql) => sql`SELECT id, name_key FROM workers WHERE ${cond} AND ${extra} AND ${after} ORDER BY ${order} LIMIT ${f.limit + offset}`;
  // Keyset pages when a cursor is given (any depth costs one index descent); OFFSET only without one.
  // A name search in name order is two ordered arms merged: names that start with the text (a range of the
  // name index, already in order) and names that contain it later (the trigram index when they are few, a
  // walk of the name index when they are many). The arms pick only keys, so a walk tests the name and the
  // region on the index entries (an index-only scan); the page's 25 rows are read afterwards.
  const page =
    byName && f.name
      ? sql`SELECT ${COLUMNS}, k.name_key FROM (
              SELECT * FROM ((${arm(nameStarts(f.name))}) UNION ALL (${arm(sql`NOT ${nameStarts(f.name)} AND ${nameContainsLater(f.name)}`)})) u
               ORDER BY ${order} LIMIT ${f.limit} OFFSET ${offset}) k
              JOIN workers USING (id)`
      : sql`SELECT ${COLUMNS}, ${NAME_KEY} FROM workers WHERE ${cond} AND ${after} ORDER BY ${order} LIMIT ${f.limit} OFFSET ${offset}`;
  const [rows, { total, exact }] = await Promise.all([
    query<WorkerPageRow>(db, withListColumns(page, byName ? sql`w.name_key, w.id` : sql`w.id DESC`)),
    countWorkers(db, f, cond),
  ]);
  return { rows, total, totalExact: exact };
}

/**
 * The list's total: for a region (and the actor's scope) alone, the sum of the maintained per-village
 * counts; with any other filter, a count that stops at COUNT_CAP + 1 rows.
 */
async function countWorkers(db: Queryable, f: WorkerFilter, cond: Sql): Promise<{ total: number; exact: boolean }> {
  const regionOnly =
    !f.sectorCode && f.decile === null && f.decileMax === null && !f.nikExact && !f.nikPrefix && !f.name && f.needsVerification === null && !f.status;
  if (regionOnly) {
    const region = f.regionCode ? underRegion('village_code', f.regionCode) : sql`TRUE`;
    const [r] = await query<{ n: number }>(
      db,
      sql`SELECT coalesce(sum(workers), 0)::bigint AS n FROM worker_counts WHERE ${scoped(f.actor, 'worker')} AND ${region}`,
    );
    return { total: r?.n ?? 0, exact: true };
  }
  const [r] = await query<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM workers WHERE ${cond} LIMIT ${COUNT_CAP + 1}) x`);
  const n = r?.n ?? 0;
  return n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true };
}

/** One worker with the list's columns, inside the actor's scope. */
export async function findWorkerListRow(db: Queryable, actor: Actor, id: number): Promise<WorkerListRow | null> {
  return (
    (await query<WorkerListRow>(db, withListColumns(sql`SELECT ${COLUMNS} FROM workers WHERE id = ${id} AND ${scoped(actor, 'worker')}`, sql`w.id`)))[0] ?? null
  );
}

/** The filtered list in id order after `afterId`, a page at a time, for a spreadsheet of any size. */
export function exportWorkersPage(db: Queryable, f: ListFilter, afterId: number, limit: number): Promise<WorkerListRow[]> {
  return query<WorkerListRow>(
    db,
    withListColumns(sql`SELECT ${COLUMNS} FROM workers WHERE ${filterWhere(f)} AND id > ${afterId} ORDER BY id LIMIT ${limit}`, sql`w.id`),
  );
}

export async function sectorExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM sectors WHERE code = $1`, [code])).length > 0;
}

/** A worker by NIK for the system's own checks (a donor's named worker), whatever the actor's scope. */
export async function findWorkerByNik(db: Queryable, nik: string): Promise<WorkerRow | null> {
  return one<WorkerRow>(db, sql`SELECT ${COLUMNS} FROM workers WHERE nik = ${nik}`);
}

export async function findWorkerById(db: Queryable, id: number): Promise<WorkerRow | null> {
  return one<WorkerRow>(db, sql`SELECT ${COLUMNS} FROM workers WHERE id = ${id}`);
}

/**
 * A signed-off verification reaches the registry in one statement: corrected sectors and phones, and the
 * day of verification for every confirmed or corrected worker (an earlier round's rejection no longer holds). Returns the workers whose sector or phone
 * changed, with the values before and after (for the audit log).
 */
export function applyVerified(
  db: Queryable,
  rows: { id: number; sector: string | null; phone: string | null }[],
  day: string,
): Promise<{ id: number; village_code: string; old_sector: string; old_phone: string | null; sector_code: string; phone: string | null }[]> {
  return db.query(
    `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, sector, phone)),
          old AS (SELECT w.id, w.sector_code, w.phone FROM workers w JOIN v ON v.id = w.id),
          upd AS (UPDATE workers w SET sector_code = COALESCE(v.sector, w.sector_code), phone = COALESCE(v.phone, w.phone), verified_on = $4::date,
                         rejected_on = NULL, rejected_reason = NULL,
                         version = w.version + CASE WHEN (v.sector IS NOT NULL AND v.sector <> w.sector_code) OR (v.phone IS NOT NULL AND v.phone IS DISTINCT FROM w.phone) THEN 1 ELSE 0 END,
                         updated_at = now()
                    FROM v WHERE w.id = v.id
                  RETURNING w.id, w.village_code, w.sector_code, w.phone)
     SELECT upd.id, upd.village_code, old.sector_code AS old_sector, old.phone AS old_phone, upd.sector_code, upd.phone
       FROM upd JOIN old ON old.id = upd.id
      WHERE upd.sector_code <> old.sector_code OR upd.phone IS DISTINCT FROM old.phone
      ORDER BY upd.id`,
    [rows.map((r) => r.id), rows.map((r) => r.sector), rows.map((r) => r.phone), day],
  );
}

/**
 * The rejections of a signed-off round reach the registry in one statement: the day and the village's reason
 * (no source funds the worker until a later round confirms them); "a wage earner" also marks them one.
 * Returns every rejected worker with the values before (for the audit log).
 */
export function applyRejected(
  db: Queryable,
  rows: { id: number; reason: string }[],
  day: string,
): Promise<
  {
    id: number;
    village_code: string;
    old_on: string | null;
    old_reason: string | null;
    old_wage: boolean;
    rejected_on: string;
    rejected_reason: string;
    is_wage_earner: boolean;
  }[]
> {
  return db.query(
    `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS v(id, reason)),
          old AS (SELECT w.id, w.rejected_on, w.rejected_reason, w.is_wage_earner FROM workers w JOIN v ON v.id = w.id),
          upd AS (UPDATE workers w SET rejected_on = $3::date, rejected_reason = v.reason,
                         is_wage_earner = w.is_wage_earner OR v.reason = 'wage_earner', version = w.version + 1, updated_at = now()
                    FROM v WHERE w.id = v.id
                  RETURNING w.id, w.village_code, w.rejected_on, w.rejected_reason, w.is_wage_earner)
     SELECT upd.id, upd.village_code, old.rejected_on::text AS old_on, old.rejected_reason AS old_reason, old.is_wage_earner AS old_wage,
            upd.rejected_on::text AS rejected_on, upd.rejected_reason, upd.is_wage_earner
       FROM upd JOIN old ON old.id = upd.id ORDER BY upd.id`,
    [rows.map((r) => r.id), rows.map((r) => r.reason), day],
  );
}

/**
 * A signed-off BPJS check reaches the registry in one statement: protected elsewhere ('PU' or 'BPU') or
 * not, a PU participant marked a wage earner, the day of the check. Returns the workers whose status changed.
 */
export function applyBpjsChecked(
  db: Queryable,
  rows: { id: number; elsewhere: 'PU' | 'BPU' | null }[],
  day: string,
): Promise<{ id: number; village_code: string; old_elsewhere: string | null; old_wage: boolean; bpjs_elsewhere: string | null; is_wage_earner: boolean }[]> {
  return db.query(
    `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS v(id, elsewhere)),
          old AS (SELECT w.id, w.bpjs_elsewhere, w.is_wage_earner FROM workers w JOIN v ON v.id = w.id),
          upd AS (UPDATE workers w SET bpjs_elsewhere = v.elsewhere, bpjs_checked_on = $3::date,
                         is_wage_earner = w.is_wage_earner OR COALESCE(v.elsewhere = 'PU', false),
                         version = w.version + CASE WHEN w.bpjs_elsewhere IS DISTINCT FROM v.elsewhere THEN 1 ELSE 0 END, updated_at = now()
                    FROM v WHERE w.id = v.id
                  RETURNING w.id, w.village_code, w.bpjs_elsewhere, w.is_wage_earner)
     SELECT upd.id, upd.village_code, old.bpjs_elsewhere AS old_elsewhere, old.is_wage_earner AS old_wage, upd.bpjs_elsewhere, upd.is_wage_earner
       FROM upd JOIN old ON old.id = upd.id
      WHERE upd.bpjs_elsewhere IS DISTINCT FROM old.bpjs_elsewhere OR upd.is_wage_earner <> old.is_wage_earner
      ORDER BY upd.id`,
    [rows.map((r) => r.id), rows.map((r) => r.elsewhere), day],
  );
}

/** Removes a worker whose references have all moved to another record (a merged duplicate); returns the row as it was. */
export async function deleteMerged(db: Queryable, id: number): Promise<WorkerRow | null> {
  return (await db.query<WorkerRow>(`DELETE FROM workers WHERE id = $1 RETURNING *`, [id]))[0] ?? null;
}
