import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { generateWorkersFile } from '../../src/modules/demo/generate.js';
import { cancelImport, createImport, runImport, startImport, type ImportView } from '../../src/modules/imports/imports.service.js';
import { freeAbandonedPublication } from '../../src/modules/imports/merge.service.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { importFile } from '../helpers/imports.js';

/**
 * A merge in short transactions (issue 15.2; PGlite's way for a large file): the same result as one
 * transaction, row for row; between its transactions other requests run and see the registry as it was —
 * the new workers are hidden until the last transaction publishes them all; a cancel or a dead process
 * leaves nothing behind. Run with small chunks, on both databases.
 */
const ONE_TRANSACTION = Number.MAX_SAFE_INTEGER;
const dir = mkdtempSync(join(tmpdir(), 'jaring-chunked-'));
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
let single: TestDb;
let chunked: TestDb;
let fileA: string;
let fileB: string;

beforeAll(async () => {
  [single, chunked] = await Promise.all([openTestDb(), openTestDb()]);
  fileA = join(dir, 'a.csv');
  await generateWorkersFile(single.db, { regency: '35.09', rows: 1500, errorRate: 0.05, seed: 7, out: fileA, trailingEmptyRows: false });
  // B: A again with every fourth name changed (updates, the rest unchanged), then 1,500 other people (new, with their own errors and repeats).
  const c = join(dir, 'c.csv');
  await generateWorkersFile(single.db, { regency: '35.09', rows: 1500, errorRate: 0.05, seed: 8, out: c, trailingEmptyRows: false });
  const [header, ...rowsA] = readFileSync(fileA, 'utf8').trimEnd().split('\r\n');
  const rowsC = readFileSync(c, 'utf8').trimEnd().split('\r\n').slice(1);
  const changed = rowsA.map((line, i) => (i % 4 === 0 ? line.replace(/^([^,]*),([^,"]+),/, '$1,$2 Baru,') : line));
  fileB = join(dir, 'b.csv');
  writeFileSync(fileB, [header, ...changed, ...rowsC].join('\r\n') + '\r\n');
  for (const t of [single, chunked]) expect((await importFile(t.db, disnaker, fileA, { chunkRows: ONE_TRANSACTION })).status).toBe('completed');
});
afterAll(async () => {
  await Promise.all([single.cleanup(), chunked.cleanup()]);
  rmSync(dir, { recursive: true, force: true });
});

const registry = (db: Db) => db.query(`SELECT nik, full_name, village_code, birth_date, version, nik_needs_verification FROM workers ORDER BY nik`);
const counts = (db: Db) => db.query(`SELECT village_code, workers FROM worker_counts WHERE workers <> 0 ORDER BY 1`);
const counted = (db: Db) => db.query(`SELECT village_code, count(*)::bigint AS workers FROM workers GROUP BY 1 ORDER BY 1`);
const rejected = (db: Db, id: number) => db.query(`SELECT row_no, errors FROM import_rejected_rows WHERE import_id = $1 ORDER BY row_no`, [id]);
const sizes = async (db: Db) =>
  (
    await db.query<{ visible: number; stored: number; counted: number; held: number | null }>(
      `SELECT (SELECT count(*) FROM workers)::int AS visible, (SELECT count(*) FROM worker_rows)::int AS stored,
              (SELECT coalesce(sum(workers), 0) FROM worker_counts)::int AS counted, (SELECT import_id FROM worker_publication)::int AS held`,
    )
  )[0]!;
const scratch = async (db: Db) =>
  (
    await db.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM import_dupes) + (SELECT count(*) FROM import_deferred) + (SELECT count(*) FROM worker_counts_pending))::int AS n`,
    )
  )[0]!.n;

/** Starts an import of `path` and runs it in chunks of `chunkRows`, watching the registry between the chunks. */
async function watchedImport(db: Db, path: string, chunkRows: number, onHidden?: (id: number) => Promise<void>) {
  const created = await createImport(db, disnaker, { name: basename(path), path, bytes: statSync(path).size });
  await startImport(db, disnaker, created.id, { policy: 'upsert' });
  let done = false;
  const seen: (Awaited<ReturnType<typeof sizes>> & { merged: number })[] = [];
  const run = runImport(db, created.id, undefined, { chunkRows, stageIn: 'worker' }).finally(() => (done = true));
  let hiddenSeen = false;
  while (!done) {
    const s = { ...(await sizes(db)), merged: (await db.query<{ n: number }>(`SELECT rows_merged AS n FROM imports WHERE id = $1`, [created.id]))[0]!.n };
    seen.push(s);
    if (s.stored > s.visible && !hiddenSeen) {
      hiddenSeen = true;
      await onHidden?.(created.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return { view: await run, seen };
}

describe('a merge in short transactions', () => {
  it('ends exactly as one transaction does: counts, registry, per-village counts, rejected rows and audit', async () => {
    const one = await importFile(single.db, disnaker, fileB, { policy: 'upsert', chunkRows: ONE_TRANSACTION });
    const before = await sizes(chunked.db);
    const { view: many, seen } = await watchedImport(chunked.db, fileB, 250);
    expect(one.status).toBe('completed');
    expect(many.status).toBe('completed');
    expect(many.counts).toEqual(one.counts);
    expect(one.counts.updated).toBeGreaterThan(300);
    expect(one.counts.inserted).toBeGreaterThan(1300);
    expect(one.counts.invalid).toBeGreaterThan(100);
    expect(await registry(chunked.db)).toEqual(await registry(single.db));
    expect(await counts(chunked.db)).toEqual(await counts(single.db));
    expect(await counts(chunked.db)).toEqual(await counted(chunked.db));
    expect(await rejected(chunked.db, many.id)).toEqual(await rejected(single.db, one.id));
    const audits = (db: Db) =>
      db.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('worker.update', 'import.apply') GROUP BY 1 ORDER BY 1`);
    expect(await audits(chunked.db)).toEqual(await audits(single.db));

    // While it ran, readers saw the registry as it was, or whole: new workers were stored but hidden, never counted.
    const after = await sizes(chunked.db);
    expect(seen.some((s) => s.stored > s.visible)).toBe(true);
    // …and the import told how far its merge was (the web's second progress bar).
    expect(seen.some((s) => s.merged > 0 && s.merged < many.counts.total)).toBe(true);
    for (const s of seen) {
      expect([before.visible, after.visible]).toContain(s.visible);
      expect(s.counted).toBe(s.visible);
    }
    expect(after).toMatchObject({ visible: before.visible + many.counts.inserted, stored: after.visible, held: null });
    expect(await scratch(chunked.db)).toBe(0);
  });

  it('leaves nothing when cancelled between its transactions', async () => {
    const file = join(dir, 'd.csv');
    await generateWorkersFile(chunked.db, { regency: '35.09', rows: 2000, errorRate: 0.02, seed: 9, out: file, trailingEmptyRows: false });
    const before = await sizes(chunked.db);
    const registryBefore = await registry(chunked.db);
    const { view } = await watchedImport(chunked.db, file, 200, (id) => cancelImport(chunked.db, disnaker, id).then(() => undefined));
    expect(view.status).toBe('cancelled');
    expect(await sizes(chunked.db)).toEqual(before);
    expect(await registry(chunked.db)).toEqual(registryBefore);
    expect(await scratch(chunked.db)).toBe(0);
    // The range is free again: the same file then imports whole.
    const again: ImportView = await importFile(chunked.db, disnaker, file, { chunkRows: 300 });
    expect(again.status).toBe('completed');
    expect((await sizes(chunked.db)).visible).toBe(before.visible + again.counts.inserted);
  });

  it('deletes the hidden rows of an import whose process died, and frees the range', async () => {
    const before = await sizes(chunked.db);
    // As a killed process leaves it: an import failed by the stale check, its range held, two rows loaded.
    const [imp] = await chunked.db.query<{ id: number }>(
      `INSERT INTO imports (status, file_name, file_path, file_bytes, format, actor_username, actor_role)
       VALUES ('failed', 'x.csv', '/nonexistent', 1, 'csv', 'disnaker', 'regency_operator') RETURNING id`,
    );
    const [{ base }] = (await chunked.db.query<{ base: number }>(`SELECT nextval(pg_get_serial_sequence('worker_rows', 'id')) + 10 AS base`)) as [
      { base: number },
    ];
    await chunked.db.query(`UPDATE worker_publication SET import_id = $1, hidden = int8range($2::bigint, $2::bigint + 100)`, [imp!.id, base]);
    await chunked.db.query(
      `INSERT INTO worker_rows (id, nik, full_name, birth_date, sex, village_code, sector_code) OVERRIDING SYSTEM VALUE
       VALUES ($1::bigint + 1, '3509016001900001', 'Tersembunyi Satu', '1990-01-01', 'L', (SELECT min(village_code) FROM worker_counts), (SELECT min(code) FROM sectors)),
              ($1::bigint + 2, '3509016001900002', 'Tersembunyi Dua', '1990-01-01', 'P', (SELECT min(village_code) FROM worker_counts), (SELECT min(code) FROM sectors))`,
      [base],
    );
    expect(await sizes(chunked.db)).toMatchObject({ visible: before.visible, stored: before.stored + 2, counted: before.counted, held: imp!.id });
    await freeAbandonedPublication(chunked.db);
    expect(await sizes(chunked.db)).toEqual(before);
    expect(await scratch(chunked.db)).toBe(0);
  });
});
