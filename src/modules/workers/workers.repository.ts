import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { rowsOf } from '../../access/access.js';

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

/** A registry row: the settable fields plus what the system keeps. */
export interface WorkerRow extends WorkerFields {
  id: number;
  is_synthetic: boolean;
  source_import_id: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

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

const COLUMNS = `id, nik, nik_needs_verification, full_name, birth_date, sex, address, village_code, sector_code, occupation,
  welfare_decile, monthly_income, phone, is_wage_earner, is_synthetic, source_import_id, version, created_at, updated_at`;

export async function findWorker(db: Queryable, actor: Actor, id: number, forUpdate = false): Promise<WorkerRow | null> {
  const cond = rowsOf(actor, 'worker', '', 2);
  const rows = await db.query<WorkerRow>(`SELECT ${COLUMNS} FROM workers WHERE id = $1 AND ${cond.sql}${forUpdate ? ' FOR UPDATE' : ''}`, [id, ...cond.params]);
  return rows[0] ?? null;
}

/** Whether a NIK is registered anywhere (deduplication is national, whatever the actor's scope). */
export async function nikExists(db: Queryable, nik: string, exceptId: number | null = null): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM workers WHERE nik = $1 AND id IS DISTINCT FROM $2`, [nik, exceptId]);
  return rows.length > 0;
}

export async function insertWorker(db: Queryable, f: WorkerFields, isSynthetic = false): Promise<WorkerRow> {
  const values = WORKER_FIELD_NAMES.map((k) => f[k]);
  const rows = await db.query<WorkerRow>(
    `INSERT INTO workers (${WORKER_FIELD_NAMES.join(', ')}, is_synthetic)
     VALUES (${WORKER_FIELD_NAMES.map((_, i) => `$${i + 1}`).join(', ')}, $${WORKER_FIELD_NAMES.length + 1})
     RETURNING ${COLUMNS}`,
    [...values, isSynthetic],
  );
  return rows[0]!;
}

/** Updates only when the row still has the version the editor saw (optimistic locking). */
export async function updateWorker(db: Queryable, id: number, expectedVersion: number, f: WorkerFields): Promise<WorkerRow | null> {
  const sets = WORKER_FIELD_NAMES.map((k, i) => `${k} = $${i + 3}`).join(', ');
  const rows = await db.query<WorkerRow>(
    `UPDATE workers SET ${sets}, version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
    [id, expectedVersion, ...WORKER_FIELD_NAMES.map((k) => f[k])],
  );
  return rows[0] ?? null;
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
  limit: number;
  offset: number;
}

export async function listWorkers(db: Queryable, f: WorkerFilter): Promise<{ rows: WorkerRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: number) => string, ...values: unknown[]) => {
    where.push(sql(params.length + 1));
    params.push(...values);
  };
  const scope = rowsOf(f.actor, 'worker', '', 1);
  where.push(scope.sql);
  params.push(...scope.params);
  if (f.regionCode) add((n) => `(village_code = $${n} OR village_code LIKE $${n + 1})`, f.regionCode, `${f.regionCode}.%`);
  if (f.sectorCode) add((n) => `sector_code = $${n}`, f.sectorCode);
  if (f.decile !== null) add((n) => `welfare_decile = $${n}`, f.decile);
  if (f.decileMax !== null) add((n) => `welfare_decile <= $${n}`, f.decileMax);
  if (f.nikExact) add((n) => `nik = $${n}`, f.nikExact);
  if (f.nikPrefix) add((n) => `nik LIKE $${n}`, `${f.nikPrefix}%`);
  if (f.name) add((n) => `lower(full_name) LIKE $${n}`, `%${f.name.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  if (f.needsVerification !== null) add((n) => `nik_needs_verification = $${n}`, f.needsVerification);
  const whereSql = where.join(' AND ');
  const [rows, count] = await Promise.all([
    db.query<WorkerRow>(`SELECT ${COLUMNS} FROM workers WHERE ${whereSql} ORDER BY full_name, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
      ...params,
      f.limit,
      f.offset,
    ]),
    db.query<{ n: number }>(`SELECT count(*) AS n FROM workers WHERE ${whereSql}`, params),
  ]);
  return { rows, total: count[0]?.n ?? 0 };
}

export async function sectorExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM sectors WHERE code = $1`, [code])).length > 0;
}
