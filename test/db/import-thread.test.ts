import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/actor.js';
import { AppError } from '../../src/errors.js';
import { SheetNotFound } from '../../src/files/readers.js';
import { generateWorkersFile } from '../../src/modules/demo/generate.js';
import * as repo from '../../src/modules/imports/imports.repository.js';
import { createImport, startImport } from '../../src/modules/imports/imports.service.js';
import { ImportCancelled, stageRows } from '../../src/modules/imports/stage.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { fixture } from '../helpers/imports.js';

/**
 * Staging in a worker thread (issue 15.1): the thread reads and checks the file and hands its COPY batches to
 * the main thread. Whatever thread parses, the staged rows, the progress reported, the repeated NIKs found and
 * the errors met are the same — compared here on one file staged both ways, on both databases.
 */
let t: TestDb;
const dir = mkdtempSync(join(tmpdir(), 'jaring-thread-'));
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
let big: string;

beforeAll(async () => {
  t = await openTestDb();
  big = join(dir, 'dtsen.csv');
  // Three batches of 20,000 rows and a part, with errors and repeated NIKs.
  await generateWorkersFile(t.db, { regency: '35.09', rows: 45_000, errorRate: 0.05, seed: 21, out: big, trailingEmptyRows: false });
});
afterAll(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A started import of `path` (not run), and what staging needs of it; `sheet` is the one staging is told to read. */
async function started(path: string, sheet?: string) {
  const created = await createImport(t.db, disnaker, { name: basename(path), path, bytes: statSync(path).size });
  await startImport(t.db, disnaker, created.id, { sheet: created.sheet });
  const row = (await repo.findImport(t.db, SYSTEM_ACTOR, created.id))!;
  return {
    importId: row.id,
    path,
    format: row.format,
    sheet: sheet ?? row.sheet,
    mapping: row.mapping,
    headers: row.headers,
    sectors: await repo.sectorNames(t.db),
  };
}

async function stage(path: string, thread: 'worker' | 'main', opts: { sheet?: string; cancelAt?: number } = {}) {
  const o = await started(path, opts.sheet);
  const progress: [number, number][] = [];
  const run = stageRows(t.db, {
    ...o,
    collectRepeats: true,
    today: '2026-12-05T00:00:00.000Z',
    thread,
    onBatch: async (bytes, rows) => {
      progress.push([bytes, rows]);
      if (progress.length === opts.cancelAt) throw new ImportCancelled();
    },
  });
  return { id: o.importId, run, progress };
}

const staged = async (id: number) =>
  (
    await t.db.query<{ rows: number; digest: string }>(
      `SELECT count(*)::int AS rows,
              md5(string_agg(concat_ws('|', row_no, nik, full_name, birth_date, sex, address, village_code, sector_code, occupation,
                    welfare_decile, monthly_income, phone, is_wage_earner, died_on, errors::text, raw), E'\\n' ORDER BY row_no)) AS digest
         FROM import_rows WHERE import_id = $1`,
      [id],
    )
  )[0]!;

describe('staging in a worker thread', () => {
  it('stages a 45,000-row file exactly as the main thread does: rows, progress, repeated NIKs', async () => {
    const inWorker = await stage(big, 'worker');
    const inMain = await stage(big, 'main');
    const [w, m] = await Promise.all([inWorker.run, inMain.run]);
    expect(w.rows).toBe(45_000);
    expect(w).toEqual(m);
    expect(w.repeated!.length).toBeGreaterThan(0);
    expect(inWorker.progress).toEqual(inMain.progress);
    expect(inWorker.progress.map(([, rows]) => rows)).toEqual([20_000, 40_000, 45_000]);
    expect(inWorker.progress.at(-1)![0]).toBe(statSync(big).size);
    const [sw, sm] = [await staged(inWorker.id), await staged(inMain.id)];
    expect(sw.rows).toBe(45_000);
    expect(sw).toEqual(sm);
  });

  it('reads a workbook in the thread: dates, numeric NIKs and the chosen sheet as in the main thread', async () => {
    const w = await stage(fixture('workers.xlsx'), 'worker');
    const m = await stage(fixture('workers.xlsx'), 'main');
    expect(await w.run).toEqual(await m.run);
    const [sw, sm] = [await staged(w.id), await staged(m.id)];
    expect(sw.rows).toBe(5);
    expect(sw).toEqual(sm);
  });

  it('meets the same errors as the main thread: a file it refuses, a sheet that is not there', async () => {
    const wide = join(dir, 'wide.csv');
    // Past the sample read when the import is created: the file is refused while it is staged.
    const fine = Array.from({ length: 200 }, (_, i) => `35091712038500${String(i).padStart(2, '0')},Siti ${i}\r\n`).join('');
    writeFileSync(wide, `NIK,NAMA\r\n${fine}${Array.from({ length: 501 }, (_, i) => i).join(',')}\r\n`);
    const errors = [];
    for (const thread of ['worker', 'main'] as const) {
      const err = await (await stage(wide, thread)).run.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      errors.push({ code: (err as AppError).code, id: (err as AppError).messageId, en: (err as AppError).messageEn, problems: (err as AppError).problems });
    }
    expect(errors[0]).toEqual(errors[1]);
    expect(errors[0]!.en).toBe('File: Row 202 has more than 500 columns');
    // The file changed under the import: its sheet is gone.
    const missing = await (await stage(fixture('workers.xlsx'), 'worker', { sheet: 'Tidak Ada' })).run.catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SheetNotFound);
    expect((missing as SheetNotFound).sheet).toBe('Tidak Ada');
  });

  it('stops at a cancel: nothing staged after the batch that saw it, on either thread', async () => {
    for (const thread of ['worker', 'main'] as const) {
      const s = await stage(big, thread, { cancelAt: 2 });
      await expect(s.run).rejects.toBeInstanceOf(ImportCancelled);
      expect(s.progress).toHaveLength(2);
      expect((await staged(s.id)).rows).toBe(40_000);
    }
  });
});
