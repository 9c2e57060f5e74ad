import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { one, query, raw, sql } from '../../db/sql.js';
import type { Cell } from '../../domain/import-cells.js';
import type { Mapping } from '../../domain/import-mapping.js';
import type { ImportPolicy } from './merge.repository.js';
import type { FileFormat } from '../../files/readers.js';

export type ImportStatus = 'created' | 'running' | 'previewed' | 'completed' | 'failed' | 'cancelled' | 'discarded';

export interface ImportRow {
  id: number;
  status: ImportStatus;
  cancel_requested: boolean;
  file_name: string;
  file_path: string;
  file_bytes: number;
  file_owned: boolean;
  format: FileFormat;
  sheets: string[];
  sheet: string | null;
  headers: string[];
  sample: Cell[][];
  mapping: Mapping;
  policy: ImportPolicy;
  actor_id: number | null;
  actor_username: string;
  actor_role: string;
  actor_scope: string | null;
  bytes_done: number;
  rows_total: number;
  rows_invalid: number;
  rows_inserted: number;
  rows_nik_unverified: number;
  rows_merged: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_skipped: number;
  message_id: string | null;
  message_en: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = `id, status, cancel_requested, file_name, file_path, file_bytes, file_owned, format, sheets, sheet, headers, sample, mapping, policy,
  actor_id, actor_username, actor_role, actor_scope, bytes_done, rows_total, rows_merged, rows_invalid, rows_inserted, rows_nik_unverified, rows_updated, rows_unchanged,
  rows_skipped, message_id, message_en, created_at, started_at, finished_at`;

export async function insertImport(
  db: Queryable,
  i: {
    fileName: string;
    filePath: string;
    fileBytes: number;
    fileOwned: boolean;
    format: FileFormat;
    actorId: number | null;
    actorUsername: string;
    actorRole: string;
    actorScope: string | null;
  },
): Promise<ImportRow> {
  const rows = await db.query<ImportRow>(
    `INSERT INTO imports (file_name, file_path, file_bytes, file_owned, format, actor_id, actor_username, actor_role, actor_scope)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [i.fileName, i.filePath, i.fileBytes, i.fileOwned, i.format, i.actorId, i.actorUsername, i.actorRole, i.actorScope],
  );
  return rows[0]!;
}

/** Imports visible to an actor: those made inside its region (a national actor sees all). */
export async function findImport(db: Queryable, actor: Actor, id: number, forUpdate = false): Promise<ImportRow | null> {
  return one<ImportRow>(db, sql`SELECT ${raw(COLUMNS)} FROM imports WHERE id = ${id} AND ${scoped(actor, 'import')}${raw(forUpdate ? ' FOR UPDATE' : '')}`);
}

export async function listImports(db: Queryable, actor: Actor, limit: number): Promise<ImportRow[]> {
  return query<ImportRow>(db, sql`SELECT ${raw(COLUMNS)} FROM imports WHERE ${scoped(actor, 'import')} ORDER BY id DESC LIMIT ${limit}`);
}

export async function setShape(
  db: Queryable,
  id: number,
  s: { sheets: string[]; sheet: string | null; headers: string[]; sample: Cell[][]; mapping: Mapping },
): Promise<void> {
  await db.query(`UPDATE imports SET sheets = $2, sheet = $3, headers = $4, sample = $5, mapping = $6 WHERE id = $1`, [
    id,
    JSON.stringify(s.sheets),
    s.sheet,
    JSON.stringify(s.headers),
    JSON.stringify(s.sample),
    JSON.stringify(s.mapping),
  ]);
}

/** created → running, atomically: two starts of one import cannot both win. */
export async function markRunning(
  db: Queryable,
  id: number,
  s: { sheet: string | null; headers: string[]; mapping: Mapping; policy: ImportPolicy; effectiveMonth?: string | null },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE imports SET status = 'running', sheet = $2, headers = $3, mapping = $4, policy = $5, effective_month = $6::date, started_at = now(), heartbeat_at = now()
      WHERE id = $1 AND status = 'created' RETURNING id`,
    [id, s.sheet, JSON.stringify(s.headers), JSON.stringify(s.mapping), s.policy, s.effectiveMonth ? `${s.effectiveMonth}-01` : null],
  );
  return rows.length === 1;
}

/** Progress and heartbeat; tells whether a cancel was asked for. */
export async function reportProgress(db: Queryable, id: number, bytes: number, rows: number): Promise<boolean> {
  const r = await db.query<{ cancel_requested: boolean }>(
    `UPDATE imports SET bytes_done = $2, rows_total = $3, heartbeat_at = now() WHERE id = $1 RETURNING cancel_requested`,
    [id, bytes, rows],
  );
  return r[0]?.cancel_requested ?? false;
}

/** Heartbeat while merging, with the staged rows merged so far (null: unchanged); tells whether a cancel was asked for. */
export async function heartbeat(db: Queryable, id: number, rowsMerged: number | null = null): Promise<boolean> {
  const r = await db.query<{ cancel_requested: boolean }>(
    `UPDATE imports SET heartbeat_at = now(), rows_merged = coalesce($2, rows_merged) WHERE id = $1 RETURNING cancel_requested`,
    [id, rowsMerged],
  );
  return r[0]?.cancel_requested ?? false;
}

export async function finish(
  db: Queryable,
  id: number,
  status: 'completed' | 'failed' | 'cancelled' | 'previewed',
  message: { id: string; en: string },
  counts?: { total: number; invalid: number; inserted: number; updated: number; unchanged: number; skipped: number; nikUnverified: number },
): Promise<void> {
  await db.query(
    `UPDATE imports SET status = $2, message_id = $3, message_en = $4, finished_at = now(), heartbeat_at = now(),
            rows_total = coalesce($5, rows_total), rows_invalid = coalesce($6, rows_invalid), rows_inserted = coalesce($7, rows_inserted),
            rows_updated = coalesce($8, rows_updated), rows_unchanged = coalesce($9, rows_unchanged), rows_skipped = coalesce($10, rows_skipped),
            rows_nik_unverified = coalesce($11, rows_nik_unverified),
            bytes_done = CASE WHEN $2 IN ('completed', 'previewed') THEN file_bytes ELSE bytes_done END
      WHERE id = $1`,
    [
      id,
      status,
      message.id,
      message.en,
      counts?.total ?? null,
      counts?.invalid ?? null,
      counts?.inserted ?? null,
      counts?.updated ?? null,
      counts?.unchanged ?? null,
      counts?.skipped ?? null,
      counts?.nikUnverified ?? null,
    ],
  );
}

export async function requestCancel(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE imports SET cancel_requested = true WHERE id = $1 AND status IN ('created', 'running')`, [id]);
  await db.query(
    `UPDATE imports SET status = 'cancelled', finished_at = now(), message_id = 'Dibatalkan', message_en = 'Cancelled' WHERE id = $1 AND status = 'created'`,
    [id],
  );
}

/**
 * In the merge's transaction: the rejected rows are copied to the logged table the report reads. The
 * scratch rows are deleted after the commit (keeping the merge short); housekeeping removes what a
 * crash in between leaves.
 */
/**
 * Which staged rows a statement covers: all, a range of row numbers (one transaction of a merge in chunks), or the
 * rows that merge deferred to its final transaction. `$1` is the import id.
 */
export type StagedRows = { kind: 'all' } | { kind: 'range'; from: number; to: number } | { kind: 'deferred' };

/** The SQL condition on `row_no` (of the alias given) for those rows. */
export function stagedRowsWhere(rows: StagedRows, alias = ''): string {
  const col = alias ? `${alias}.row_no` : 'row_no';
  if (rows.kind === 'range') return `AND ${col} BETWEEN ${Number(rows.from)} AND ${Number(rows.to)}`;
  if (rows.kind === 'deferred') return `AND ${col} = ANY(ARRAY(SELECT row_no FROM import_deferred WHERE import_id = $1))`;
  return '';
}

/** The largest staged row number of an import (the size of the id range a merge in chunks reserves). */
export async function maxStagedRow(db: Queryable, importId: number): Promise<number> {
  const [r] = await db.query<{ n: number | null }>(`SELECT max(row_no) AS n FROM import_rows WHERE import_id = $1`, [importId]);
  return r?.n ?? 0;
}

export async function keepRejected(db: Queryable, id: number, rows: StagedRows = { kind: 'all' }): Promise<void> {
  await db.query(
    `INSERT INTO import_rejected_rows (import_id, row_no, errors, raw)
     SELECT import_id, row_no, errors, raw FROM import_rows WHERE import_id = $1 AND errors IS NOT NULL ${stagedRowsWhere(rows)}`,
    [id],
  );
}

/** The rejected rows kept so far by an import that then did not complete (a merge in chunks keeps them chunk by chunk). */
export async function forgetRejected(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM import_rejected_rows WHERE import_id = $1`, [id]);
}

/** Staged rows with row numbers in [from, to) (a large import's staging is deleted part by part). */
export async function deleteStagedRows(db: Queryable, id: number, from: number, to: number): Promise<void> {
  await db.query(`DELETE FROM import_rows WHERE import_id = $1 AND row_no >= $2 AND row_no < $3`, [id, from, to]);
}

export async function deleteStaged(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM import_rows WHERE import_id = $1`, [id]);
  await deleteMergeScratch(db, id);
}

/** A merge's repeated NIKs and deferred updates. */
export async function deleteMergeScratch(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM import_dupes WHERE import_id = $1`, [id]);
  await db.query(`DELETE FROM import_deferred WHERE import_id = $1`, [id]);
}

/**
 * Imports left 'running' by a process that died: no heartbeat for `staleSeconds`. Their staging is
 * dropped; the registry never saw them (the merge is one transaction, or its chunks' rows are still hidden:
 * `merge.service.freeAbandonedPublication` deletes those).
 */
export async function failStaleImports(db: Queryable, staleSeconds: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `UPDATE imports SET status = 'failed', finished_at = now(),
            message_id = 'Terputus: proses berhenti sebelum selesai; registri tidak berubah, silakan impor ulang',
            message_en = 'Interrupted: the process stopped before finishing; the registry is unchanged, please import again'
      WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) RETURNING id`,
    [staleSeconds],
  );
  for (const r of rows) await deleteStaged(db, r.id);
  return rows.map((r) => r.id);
}

export interface StagedErrorRow {
  row_no: number;
  errors: { field: string; column: string; value: string; code: string; id: string; en: string }[];
  raw: string;
}

/** Rows with problems, in file order, a page at a time (for reports that stream). */
export async function stagedErrors(db: Queryable, id: number, afterRow: number, limit: number): Promise<StagedErrorRow[]> {
  return db.query<StagedErrorRow>(`SELECT row_no, errors, raw FROM import_rejected_rows WHERE import_id = $1 AND row_no > $2 ORDER BY row_no LIMIT $3`, [
    id,
    afterRow,
    limit,
  ]);
}

export async function sectorNames(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.query<{ code: string; name_id: string; name_en: string }>(`SELECT code, name_id, name_en FROM sectors`);
  const map = new Map<string, string>();
  for (const r of rows) for (const k of [r.code, r.name_id, r.name_en]) map.set(k.toLowerCase(), r.code);
  return map;
}

/**
 * Merges run one at a time (a transaction-level advisory lock): a second operator's import then plans
 * against the first one's result. Locks the import's row and tells whether a cancel was asked for.
 */
export async function lockForMerge(db: Queryable, id: number): Promise<{ cancelRequested: boolean }> {
  await db.query('SELECT pg_advisory_xact_lock(7316002)');
  const [r] = await db.query<{ cancel_requested: boolean }>(`SELECT cancel_requested FROM imports WHERE id = $1 FOR UPDATE`, [id]);
  return { cancelRequested: r?.cancel_requested ?? false };
}

/** One batch of staged rows (CSV lines in the column order below), by COPY. */
export function copyStaged(db: Queryable, csv: string | Uint8Array): Promise<void> {
  return db.copyFrom(
    `COPY import_rows (import_id, row_no, nik, full_name, birth_date, sex, address, village_code, sector_code, occupation,
       welfare_decile, monthly_income, phone, is_wage_earner, died_on, errors, raw) FROM STDIN WITH (FORMAT csv)`,
    csv,
  );
}
