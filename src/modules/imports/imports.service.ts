import { rmSync } from 'node:fs';
import type { Db, Queryable } from '../../db/db.js';
import { requirePermission, SYSTEM_ACTOR, type Actor } from '../../actor.js';
import { personal, presentCell, presentCells } from '../../access/personal.js';
import { AppError } from '../../errors.js';
import { problem } from '../../domain/problem.js';
import { cellText } from '../../domain/import-cells.js';
import { autoMapping, fieldOfColumn, IMPORT_FIELDS, type Mapping } from '../../domain/import-mapping.js';
import type { Role } from '../../domain/roles.js';
import { insertAudit } from '../audit/audit.repository.js';
import { queuedJob, submitJob, type JobPerformer } from '../jobs/jobs.service.js';
import * as repo from './imports.repository.js';
import { analyzeRegistry, validateAndMerge, type ImportPolicy, type MergeCounts } from './merge.repository.js';
import { awaitPublication, deleteStagedInParts, mergeInChunks, mergesInChunks } from './merge.service.js';
import { formatOf, inspectFile, SheetNotFound, type FileShape } from '../../files/readers.js';
import { problemColumn, RAW_SEPARATOR } from './parse-rows.js';
import { ImportCancelled, stageRows } from './stage.js';
import { checkEffectiveMonth, previewInTransaction, previewMessage, type UpdatePreview } from '../registry/registry.service.js';
import { readPreview } from '../registry/registry.repository.js';

/** An import that inserts or changes at least this many workers refreshes the registry's statistics. */
const ANALYZE_AFTER_ROWS = 10_000;

export const POLICIES: readonly ImportPolicy[] = ['insert_only', 'upsert', 'reject_conflicts', 'dtsen_update'];

export interface ImportView {
  id: number;
  status: repo.ImportStatus;
  fileName: string;
  format: string;
  sheets: string[];
  sheet: string | null;
  headers: string[];
  sample: string[][];
  mapping: Mapping;
  policy: ImportPolicy;
  /** Reading the file (bytes), then — for a merge in chunks — merging its rows into the registry (`rowsMerged` of `rowsRead`). */
  progress: { bytesDone: number; fileBytes: number; rowsRead: number; percent: number; rowsMerged: number };
  counts: { total: number; invalid: number; inserted: number; nikUnverified: number; updated: number; unchanged: number; skipped: number };
  message: { id: string; en: string } | null;
  cancelRequested: boolean;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function presentImport(r: repo.ImportRow, actor: Actor | null): ImportView {
  const p = personal(actor);
  const fieldOf = fieldOfColumn(r.mapping);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    status: r.status,
    fileName: r.file_name,
    format: r.format,
    sheets: r.sheets,
    sheet: r.sheet,
    headers: r.headers,
    sample: r.sample.map((row) =>
      presentCells(
        p,
        row.map((c) => cellText(c)),
        fieldOf,
      ),
    ),
    mapping: r.mapping,
    policy: r.policy,
    progress: {
      bytesDone: r.bytes_done,
      fileBytes: r.file_bytes,
      rowsRead: r.rows_total,
      percent:
        r.status === 'completed' || r.status === 'previewed' ? 100 : r.file_bytes > 0 ? Math.min(99, Math.floor((100 * r.bytes_done) / r.file_bytes)) : 0,
      rowsMerged: r.status === 'completed' ? r.rows_total : Math.min(r.rows_merged, r.rows_total),
    },
    counts: {
      total: r.rows_total,
      invalid: r.rows_invalid,
      inserted: r.rows_inserted,
      nikUnverified: r.rows_nik_unverified,
      updated: r.rows_updated,
      unchanged: r.rows_unchanged,
      skipped: r.rows_skipped,
    },
    message: r.message_id && r.message_en ? { id: r.message_id, en: r.message_en } : null,
    cancelRequested: r.cancel_requested,
    createdBy: r.actor_username,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

const notFound = (id: number) => new AppError('not_found', { id: `Impor #${id} tidak ditemukan`, en: `Import #${id} not found` });

/** Records an uploaded (or local) file as an import in state 'created', with its sheets, headers and a suggested mapping. */
/** `owned`: the file is an upload Jaring stored and deletes when the import ends (never a user's own path). */
export async function createImport(db: Db, actor: Actor, file: { name: string; path: string; bytes: number; owned?: boolean }): Promise<ImportView> {
  requirePermission(actor, 'workers.write');
  const format = formatOf(file.name);
  if (!format) {
    throw AppError.validation([problem('file', 'file_format', `Berkas "${file.name}" bukan CSV atau XLSX`, `File "${file.name}" is not CSV or XLSX`)]);
  }
  let shape: FileShape;
  try {
    shape = await inspectFile(file.path, format);
  } catch (err) {
    // A file refused by the reader's limits already says why, in both languages.
    if (err instanceof AppError) throw err;
    throw AppError.validation([
      problem(
        'file',
        'file_unreadable',
        `Berkas tidak dapat dibaca sebagai ${format.toUpperCase()}: ${(err as Error).message}`,
        `The file cannot be read as ${format.toUpperCase()}: ${(err as Error).message}`,
      ),
    ]);
  }
  // Village templates often open with an instructions sheet: take the first sheet that has a NIK column.
  if (format === 'xlsx' && autoMapping(shape.headers).nik === undefined) {
    for (const sheet of shape.sheets.filter((s) => s !== shape.sheet)) {
      const other = await inspectFile(file.path, format, sheet);
      if (autoMapping(other.headers).nik !== undefined) {
        shape = { ...other, sheets: shape.sheets };
        break;
      }
    }
  }
  if (shape.headers.length === 0)
    throw AppError.validation([problem('file', 'file_empty', 'Berkas kosong: tidak ada baris judul', 'The file is empty: no header row')]);
  const mapping = autoMapping(shape.headers);
  // The import row, its shape and its audit entry are written together or not at all.
  return db.transaction(async (tx) => {
    const row = await repo.insertImport(tx, {
      fileName: file.name,
      filePath: file.path,
      fileBytes: file.bytes,
      fileOwned: file.owned ?? false,
      format,
      actorId: actor.id,
      actorUsername: actor.username,
      actorRole: actor.role,
      actorScope: actor.scope,
    });
    await repo.setShape(tx, row.id, { ...shape, mapping });
    await insertAudit(tx, actor, {
      action: 'import.create',
      entity: 'import',
      entityId: String(row.id),
      regionCode: actor.scope,
      after: { fileName: file.name, bytes: file.bytes },
    });
    return presentImport({ ...row, ...shape, mapping }, actor);
  });
}

function checkMapping(mapping: Mapping, headers: string[], policy: ImportPolicy): void {
  const problems = [];
  if (mapping.deathDate !== undefined && policy !== 'dtsen_update')
    problems.push(
      problem(
        'mapping.deathDate',
        'dtsen_only',
        'Kolom meninggal hanya dipakai pada pembaruan DTSEN (pratinjau dampak dulu)',
        'The death column is used only by a DTSEN update (impact preview first)',
      ),
    );
  for (const [field, index] of Object.entries(mapping)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field))
      problems.push(problem(`mapping.${field}`, 'field_unknown', `Kolom tujuan "${field}" tidak dikenal`, `Unknown target field "${field}"`));
    else if (!Number.isInteger(index) || index < 0 || index >= headers.length) {
      problems.push(problem(`mapping.${field}`, 'column_unknown', `Kolom nomor ${index} tidak ada di berkas`, `Column number ${index} is not in the file`));
    }
  }
  if (mapping.nik === undefined) problems.push(problem('mapping.nik', 'required', 'Kolom NIK wajib dipetakan', 'The NIK column must be mapped'));
  else if (Object.keys(mapping).length < 2)
    problems.push(problem('mapping', 'too_few', 'Petakan minimal NIK dan satu kolom lain (mis. NAMA)', 'Map at least NIK and one other column (e.g. NAME)'));
  if (problems.length > 0) throw AppError.validation(problems);
}

/** An import the actor may still configure: in its region, in state 'created'. */
async function findCreated(db: Db, actor: Actor, id: number): Promise<repo.ImportRow> {
  requirePermission(actor, 'workers.write');
  const row = await repo.findImport(db, actor, id);
  if (!row) throw notFound(id);
  if (row.status !== 'created') {
    throw new AppError('conflict', {
      id: `Impor #${id} sudah ${row.status}; tidak dapat dimulai lagi`,
      en: `Import #${id} is already ${row.status}; it cannot start again`,
    });
  }
  return row;
}

/** Reads another sheet's headers and sample and suggests its mapping. */
async function switchSheet(db: Db, row: repo.ImportRow, sheet: string | null): Promise<repo.ImportRow> {
  if (sheet === null || !row.sheets.includes(sheet)) {
    throw AppError.validation([problem('sheet', 'sheet_unknown', `Lembar "${sheet}" tidak ada`, `Sheet "${sheet}" does not exist`)]);
  }
  const shape = await inspectFile(row.file_path, row.format, sheet);
  const mapping = autoMapping(shape.headers);
  await repo.setShape(db, row.id, { ...shape, sheets: row.sheets, mapping });
  return { ...row, sheet, headers: shape.headers, sample: shape.sample, mapping };
}

/** The job that runs an import. */
export const importJobKey = (id: number) => `import:${id}`;

/** Fixes sheet, mapping and policy, moves the import to 'running' and queues the job that runs it. */
export async function startImport(
  db: Db,
  actor: Actor,
  id: number,
  opts: { mapping?: Mapping; policy?: string; sheet?: string | null; effectiveMonth?: string },
): Promise<ImportView> {
  let row = await findCreated(db, actor, id);
  const policy = (opts.policy ?? 'upsert') as ImportPolicy;
  if (!POLICIES.includes(policy))
    throw AppError.validation([problem('policy', 'policy_unknown', `Kebijakan "${opts.policy}" tidak dikenal`, `Unknown policy "${opts.policy}"`)]);
  const sheet = opts.sheet ?? row.sheet;
  if (row.format === 'xlsx' && sheet !== row.sheet) row = await switchSheet(db, row, sheet);
  const mapping = opts.mapping ?? row.mapping;
  checkMapping(mapping, row.headers, policy);
  const effectiveMonth = policy === 'dtsen_update' ? checkEffectiveMonth(opts.effectiveMonth) : null;
  // Running and queued together: whichever Jaring instance is free takes the job (import.run).
  await db.transaction(async (tx) => {
    if (!(await repo.markRunning(tx, id, { sheet, headers: row.headers, mapping, policy, effectiveMonth })))
      throw new AppError('conflict', { id: `Impor #${id} sudah dimulai`, en: `Import #${id} has already started` });
    await submitJob(tx, actor, { kind: 'import.run', payload: { importId: id }, dedupeKey: importJobKey(id), regionCode: actor.scope, maxAttempts: 1 });
  });
  return presentImport((await repo.findImport(db, actor, id))!, actor);
}

function summary(total: number, c: MergeCounts): { id: string; en: string } {
  if (c.inserted + c.updated === 0 && c.invalid === 0) {
    return { id: `Tidak ada perubahan: ${total} baris sudah sama dengan registri`, en: `No changes: all ${total} rows already match the registry` };
  }
  return {
    id: `${total} baris: ${c.inserted} baru${c.nikUnverified ? ` (${c.nikUnverified} di antaranya NIK perlu verifikasi: kode kecamatan tidak ada di daftar)` : ''}, ${c.updated} diubah, ${c.unchanged} sama, ${c.skipped} dilewati (sudah terdaftar), ${c.invalid} ditolak`,
    en: `${total} rows: ${c.inserted} new${c.nikUnverified ? ` (${c.nikUnverified} of them with a NIK to verify: district code not in the list)` : ''}, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped (already registered), ${c.invalid} rejected`,
  };
}

/** A file of at least this size is read in a worker thread; a smaller one is read before a thread would start. */
const STAGE_IN_WORKER_BYTES = 1 << 20;

/**
 * Where a file is read and checked (stage.ts): with a PostgreSQL server, a file of 1 MB or more in a worker
 * thread; on PGlite in the main thread, where the thread measured +148 MB of peak RSS (against a 450 MB goal
 * the laptop already misses) and a longer wait for other requests while staging (921 ms against 169 ms), for a
 * 5 % shorter import (docs/performance.md). `JARING_IMPORT_STAGING=main|worker` decides instead.
 */
function stagingThread(db: Db, fileBytes: number): 'worker' | 'main' {
  const chosen = process.env.JARING_IMPORT_STAGING;
  if (chosen === 'main' || chosen === 'worker') return chosen;
  return db.kind === 'postgres' && fileBytes >= STAGE_IN_WORKER_BYTES ? 'worker' : 'main';
}

/**
 * Runs a started import to its end: stage (streaming, batched COPY), then validate and merge in one
 * transaction — or, a large file on PGlite, in short ones whose new workers stay hidden until the last
 * (merge.service.ts). Whatever happens, the import ends completed, failed or cancelled, and the registry
 * has either every valid row or none.
 */
export async function runImport(
  db: Db,
  id: number,
  onProgress?: (view: ImportView) => void,
  opts: { chunkRows?: number; stageIn?: 'worker' | 'main' } = {},
): Promise<ImportView> {
  const row = await repo.findImport(db, SYSTEM_ACTOR, id);
  if (!row || row.status !== 'running') throw notFound(id);
  const actor: Actor = { id: row.actor_id, username: row.actor_username, role: row.actor_role as Role, scope: row.actor_scope };
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  try {
    const { rows: total, repeated } = await stageRows(db, {
      importId: id,
      path: row.file_path,
      format: row.format,
      sheet: row.sheet,
      mapping: row.mapping,
      headers: row.headers,
      sectors: await repo.sectorNames(db),
      // Only a merge in chunks uses them (a server's merge finds repeats in one statement).
      collectRepeats: db.kind === 'pglite' || opts.chunkRows !== undefined,
      thread: opts.stageIn ?? stagingThread(db, row.file_bytes),
      onBatch: async (bytes, rows) => {
        if (await repo.reportProgress(db, id, bytes, rows)) throw new ImportCancelled();
        if (onProgress) onProgress(presentImport((await repo.findImport(db, SYSTEM_ACTOR, id))!, SYSTEM_ACTOR));
      },
    });
    timings.stageMs = Math.round(performance.now() - t0);
    t0 = performance.now();
    const merge = { importId: id, scope: row.actor_scope, actorId: row.actor_id, actorUsername: row.actor_username, timings };
    // A DTSEN update is previewed, not merged: the registry changes when an operator applies it.
    const previewed = row.policy === 'dtsen_update';
    const complete = async (tx: Queryable, counts: MergeCounts, preview: UpdatePreview | null, rejectedKept = false) => {
      if (!rejectedKept) await repo.keepRejected(tx, id);
      await repo.finish(tx, id, preview ? 'previewed' : 'completed', preview ? previewMessage(total, preview) : summary(total, counts), { total, ...counts });
      await insertAudit(tx, actor, {
        action: preview ? 'registry.update.preview' : 'import.apply',
        entity: 'import',
        entityId: String(id),
        regionCode: row.actor_scope,
        after: preview ? { total, kinds: preview.kinds, losing: preview.losing, effectiveMonth: preview.effectiveMonth } : { total, ...counts },
      });
      return { ...counts, preview: previewed };
    };
    // A large file on PGlite merges in short transactions, its new workers hidden until the last one, so the
    // office goes on working (merge.service.ts); otherwise the merge is one transaction.
    const done =
      !previewed && mergesInChunks(db, total, opts.chunkRows)
        ? await mergeInChunks(db, { ...merge, policy: row.policy }, (tx, counts) => complete(tx, counts, null, true), {
            chunkRows: opts.chunkRows,
            repeats: repeated,
          })
        : await awaitPublication(db, id).then(() =>
            db.transaction(async (tx) => {
              // Merges run one at a time: a second operator's import then plans against the first one's result
              // (its rows become 'unchanged' or 'update') instead of failing on the unique NIK index.
              if ((await repo.lockForMerge(tx, id)).cancelRequested) return null;
              const result = previewed
                ? await previewInTransaction(tx, merge, (await readPreview(tx, id)).effective_month!)
                : { counts: await validateAndMerge(tx, { ...merge, policy: row.policy }), preview: null };
              return complete(tx, result.counts, result.preview);
            }),
          );
    timings.mergeTotalMs = Math.round(performance.now() - t0);
    if (!done) throw new ImportCancelled();
    // A preview keeps its staged rows until it is applied or discarded.
    if (done.preview) return presentImport((await repo.findImport(db, SYSTEM_ACTOR, id))!, SYSTEM_ACTOR);
    t0 = performance.now();
    await deleteStagedInParts(db, id);
    timings.deleteStagedMs = Math.round(performance.now() - t0);
    t0 = performance.now();
    if (done.inserted + done.updated >= ANALYZE_AFTER_ROWS) await analyzeRegistry(db);
    timings.analyzeMs = Math.round(performance.now() - t0);
    // Where the time goes, for benchmarks (docs/performance.md); no personal data in it.
    if (process.env.JARING_IMPORT_TIMINGS === '1') process.stderr.write(`import ${id} timings ${JSON.stringify(timings)}\n`);
  } catch (err) {
    await endWithError(db, id, err);
  } finally {
    if (row.file_owned) rmSync(row.file_path, { force: true });
  }
  return presentImport((await repo.findImport(db, SYSTEM_ACTOR, id))!, SYSTEM_ACTOR);
}

/**
 * The `import.run` job. An import that is no longer running (cancelled before the job started, or
 * failed when its instance was killed) has nothing left to do: the job ends with the import's state.
 */
export async function runImportJob(db: Db, id: number, onProgress?: (view: ImportView) => void): Promise<{ status: string; counts?: ImportView['counts'] }> {
  const row = await repo.findImport(db, SYSTEM_ACTOR, id);
  if (!row || row.status !== 'running') return { status: row?.status ?? 'missing' };
  const view = await runImport(db, id, onProgress);
  if (view.status === 'failed' && view.message) throw new AppError('conflict', view.message);
  return { status: view.status, counts: view.counts };
}

/**
 * Waits for (or, in the CLI, runs) a started import's job and answers with the import as it ended;
 * how it ended is the import's own state, so a failed run is an answer here, not an error.
 */
export async function performImport(
  db: Db,
  jobs: JobPerformer,
  actor: Actor,
  id: number,
  onProgress?: (view: ImportView) => void,
  waitMs = 24 * 3600_000,
): Promise<ImportView> {
  const job = await queuedJob(db, importJobKey(id));
  if (job) await jobs.perform(job.id, waitMs, onProgress as (v: unknown) => void).catch(() => undefined);
  return getImport(db, actor, id);
}

async function endWithError(db: Db, id: number, err: unknown): Promise<void> {
  if (err instanceof ImportCancelled) {
    await repo.finish(db, id, 'cancelled', {
      id: 'Dibatalkan oleh operator; registri tidak berubah',
      en: 'Cancelled by the operator; the registry is unchanged',
    });
  } else if (err instanceof SheetNotFound) {
    await repo.finish(db, id, 'failed', { id: `Lembar "${err.sheet}" tidak ada di berkas`, en: `Sheet "${err.sheet}" is not in the file` });
  } else {
    const reason = (err as Error)?.message ?? String(err);
    await repo.finish(db, id, 'failed', { id: `Gagal; registri tidak berubah. Sebab: ${reason}`, en: `Failed; the registry is unchanged. Cause: ${reason}` });
  }
  // In parts, as after a completed import: a cancelled 1.5 M-row file must not hold PGlite while it is dropped.
  await deleteStagedInParts(db, id);
}

export async function cancelImport(db: Db, actor: Actor, id: number): Promise<ImportView> {
  requirePermission(actor, 'workers.write');
  if (!(await repo.findImport(db, actor, id))) throw notFound(id);
  await repo.requestCancel(db, id);
  const after = (await repo.findImport(db, actor, id))!;
  await insertAudit(db, actor, {
    action: 'import.cancel',
    entity: 'import',
    entityId: String(id),
    regionCode: after.actor_scope,
    after: { status: after.status },
  });
  // Cancelled before it started: nothing will read the upload again.
  if (after.status === 'cancelled' && after.file_owned) rmSync(after.file_path, { force: true });
  return presentImport(after, actor);
}

export async function getImport(db: Queryable, actor: Actor, id: number): Promise<ImportView> {
  requirePermission(actor, 'workers.read');
  const row = await repo.findImport(db, actor, id);
  if (!row) throw notFound(id);
  return presentImport(row, actor);
}

export async function listImports(db: Queryable, actor: Actor): Promise<ImportView[]> {
  requirePermission(actor, 'workers.read');
  // An import whose process died shows as failed, not as running forever.
  await repo.failStaleImports(db, 120);
  return (await repo.listImports(db, actor, 50)).map((r) => presentImport(r, actor));
}

/** Chooses another sheet of an XLSX file before the import starts: headers, sample and mapping follow it. */
export async function chooseSheet(db: Db, actor: Actor, id: number, sheet: string): Promise<ImportView> {
  await switchSheet(db, await findCreated(db, actor, id), sheet);
  return presentImport((await repo.findImport(db, actor, id))!, actor);
}

export interface RowProblemView {
  rowNo: number;
  cells: string[];
  problems: { field: string; column: string; value: string; code: string; id: string; en: string }[];
}

/** The first rejected rows, for the result screen (the full list is the downloadable report). */
export async function importErrors(db: Queryable, actor: Actor, id: number, limit: number): Promise<RowProblemView[]> {
  requirePermission(actor, 'workers.read');
  const imp = await repo.findImport(db, actor, id);
  if (!imp) throw notFound(id);
  const rows = await repo.stagedErrors(db, id, 0, limit);
  const p = personal(actor);
  const fieldOf = fieldOfColumn(imp.mapping);
  return rows.map((r) => ({
    rowNo: r.row_no,
    cells: presentCells(p, r.raw.split(RAW_SEPARATOR), fieldOf),
    problems: r.errors.map((e) => ({ ...e, value: presentCell(p, e.field, e.value), column: problemColumn(imp.headers, imp.mapping, e) })),
  }));
}
