import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
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
export type WorkerRow = Omit<Row<'workers'>, 'sex'> & { sex: 'L' | 'P' };

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
  limit: number;
  offset: number;
}

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

function filterWhere(f: Omit<WorkerFilter, 'limit' | 'offset'>): Sql {
  const where: Sql[] = [scoped(f.actor, 'worker')];
  if (f.regionCode) where.push(sql`(village_code = ${f.regionCode} OR village_code LIKE ${`${f.regionCode}.%`})`);
  if (f.sectorCode) where.push(sql`sector_code = ${f.sectorCode}`);
  if (f.decile !== null) where.push(sql`welfare_decile = ${f.decile}`);
  if (f.decileMax !== null) where.push(sql`welfare_decile <= ${f.decileMax}`);
  if (f.nikExact) where.push(sql`nik = ${f.nikExact}`);
  if (f.nikPrefix) where.push(sql`nik LIKE ${`${f.nikPrefix}%`}`);
  if (f.name) where.push(sql`lower(full_name) LIKE ${`%${f.name.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`}`);
  if (f.needsVerification !== null) where.push(sql`nik_needs_verification = ${f.needsVerification}`);
  if (f.status === 'none') where.push(sql`NOT EXISTS (SELECT 1 FROM participants p WHERE p.worker_id = workers.id)`);
  else if (f.status) where.push(sql`EXISTS (SELECT 1 FROM participants p WHERE p.worker_id = workers.id AND p.status = ${f.status})`);
  return join(where, ' AND ');
}

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

export async function listWorkers(db: Queryable, f: WorkerFilter): Promise<{ rows: WorkerListRow[]; total: number }> {
  const cond = filterWhere(f);
  const [rows, count] = await Promise.all([
    query<WorkerListRow>(
      db,
      withListColumns(sql`SELECT ${COLUMNS} FROM workers WHERE ${cond} ORDER BY full_name, id LIMIT ${f.limit} OFFSET ${f.offset}`, sql`w.full_name, w.id`),
    ),
    query<{ n: number }>(db, sql`SELECT count(*) AS n FROM workers WHERE ${cond}`),
  ]);
  return { rows, total: count[0]?.n ?? 0 };
}

/** One worker with the list's columns, inside the actor's scope. */
export async function findWorkerListRow(db: Queryable, actor: Actor, id: number): Promise<WorkerListRow | null> {
  return (
    (await query<WorkerListRow>(db, withListColumns(sql`SELECT ${COLUMNS} FROM workers WHERE id = ${id} AND ${scoped(actor, 'worker')}`, sql`w.id`)))[0] ?? null
  );
}

/** The filtered list in id order after `afterId`, a page at a time, for a spreadsheet of any size. */
export function exportWorkersPage(db: Queryable, f: Omit<WorkerFilter, 'limit' | 'offset'>, afterId: number, limit: number): Promise<WorkerListRow[]> {
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
