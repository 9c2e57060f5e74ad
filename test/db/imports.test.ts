import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImport, cancelImport, chooseSheet, getImport, importErrors, runImport, startImport } from '../../src/modules/imports/imports.service.js';
import { writeErrorReport } from '../../src/modules/imports/report.js';
import { workerHistory } from '../../src/modules/workers/workers.service.js';
import { AppError } from '../../src/errors.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor, AJUNG_VILLAGE } from '../helpers/factories.js';
import { fixture, importFile } from '../helpers/imports.js';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorkersFile } from '../../src/modules/demo/generate.js';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const workers = () =>
  t.db.query<{
    nik: string;
    full_name: string;
    birth_date: string;
    sex: string;
    address: string;
    village_code: string;
    sector_code: string;
    occupation: string;
    monthly_income: number | null;
    phone: string | null;
    nik_needs_verification: boolean;
    version: number;
  }>(
    `SELECT nik, full_name, birth_date, sex, address, village_code, sector_code, occupation, monthly_income, phone, nik_needs_verification, version FROM workers ORDER BY nik`,
  );

async function reportText(id: number): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeErrorReport(t.db, disnaker, id, 'csv', out);
  return Buffer.concat(chunks).toString('utf8');
}

describe('importing a dirty village spreadsheet (CSV: BOM, CRLF, semicolons, quotes)', () => {
  let id: number;

  it('repairs what is exact, rejects the rest with reasons, and applies the valid rows', async () => {
    const view = await importFile(t.db, disnaker, fixture('dirty-semicolon.csv'));
    id = view.id;
    expect(view.status).toBe('completed');
    // Issue 12.10: one of the 5 new workers has a NIK to verify, and the result says so.
    expect(view.counts).toEqual({ total: 13, invalid: 8, inserted: 5, nikUnverified: 1, updated: 0, unchanged: 0, skipped: 0 });
    expect(view.message?.en).toBe(
      '13 rows: 5 new (1 of them with a NIK to verify: district code not in the list), 0 updated, 0 unchanged, 0 skipped (already registered), 8 rejected',
    );
    const rows = await workers();
    expect(rows.map((r) => r.nik)).toEqual(['3509171203850001', '3509171203850004', '3509171503900003', '3509175203850002', '3509991203850005']);
    expect(rows[0]).toMatchObject({
      full_name: 'slamet RIYADI',
      birth_date: '1985-03-12',
      sex: 'L',
      address: 'Dusun Krajan; RT 001/RW 002',
      village_code: AJUNG_VILLAGE,
      sector_code: 'tobacco_farm_labourer',
      monthly_income: 1_500_000,
      phone: '+6281234567890',
    });
    expect(rows[1]).toMatchObject({ birth_date: '1985-03-12', sex: 'L', village_code: '35.09.17.2002', sector_code: 'itinerant_trader', occupation: 'Mlijo' });
    expect(rows[2]).toMatchObject({ sex: 'L', village_code: '35.09.02.2001', sector_code: 'fisher', monthly_income: 1_200_000 });
    expect(rows[3]).toMatchObject({ sex: 'P', address: 'Dusun "Kidul"', sector_code: 'religious_social_worker' });
    expect(rows[4]).toMatchObject({ nik_needs_verification: true, sector_code: 'driver_ojek' });
  });

  it('tells every rejected row, column and reason in both languages', async () => {
    const problems = await importErrors(t.db, disnaker, id, 100);
    const byRow = Object.fromEntries(problems.map((p) => [p.rowNo, p.problems.map((x) => x.code)]));
    expect(byRow).toEqual({
      6: ['nik_scientific'],
      7: ['nik_length'],
      8: ['date_not_a_day'], // 31-02-1985: right format, no such day (issue 12.10)
      9: ['nik_duplicate_in_file'],
      10: ['village_unknown'],
      11: ['sex_invalid'],
      12: ['out_of_scope'],
      14: ['nik_serial'],
    });
    const sci = problems.find((p) => p.rowNo === 6)!.problems[0]!;
    expect(sci).toMatchObject({ field: 'nik', column: 'NIK', value: '3.50917E+15' });
    expect(sci.id).toContain('notasi ilmiah');
    expect(sci.en).toContain('scientific notation');
    expect(problems.find((p) => p.rowNo === 9)!.problems[0]!.en).toBe('Same NIK as row 2');
  });

  it('writes a report with the original row beside its problems, ready to fix and re-import', async () => {
    const csv = await reportText(id);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('NIK;Nama Lengkap;Tgl. Lahir;JK;ALAMAT;KDDESA;PEKERJAAN;DESIL;PENGHASILAN;No HP;BARIS / ROW;KOLOM / COLUMN;MASALAH;PROBLEM');
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(/^3\.50917E\+15;Salah Notasi;12-03-1985;L;;3509172001;Petani;2;;;6;NIK;/);
    expect(lines.find((l) => l.startsWith('3509171203850008'))).toContain('Sex ""X"" not recognised');
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'import.report' AND entity_id = $1`, [String(id)]);
    expect(audit).toHaveLength(1);
  });

  it('keeps the report after a crash empties the staging (import_rows is UNLOGGED scratch space)', async () => {
    // Nothing of the file's valid rows is kept once the import has ended: only its rejected rows, for the report.
    expect(await t.db.query(`SELECT 1 FROM import_rows WHERE import_id = $1`, [id])).toHaveLength(0);
    const before = await reportText(id);
    // What crash recovery does to an UNLOGGED table on PostgreSQL and on PGlite.
    await t.db.query('TRUNCATE import_rows');
    expect(await reportText(id)).toBe(before);
    expect(before.trim().split('\r\n')).toHaveLength(9);
  });

  it('changes nothing on a second import of the same file, and says so', async () => {
    const before = await workers();
    const again = await importFile(t.db, disnaker, fixture('dirty-semicolon.csv'));
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, invalid: 8 });
    expect(await workers()).toEqual(before);
    const clean = await importFile(t.db, disnaker, fixture('nik-nama.csv'), { policy: 'insert_only' });
    expect(clean.counts).toMatchObject({ inserted: 0, skipped: 2, invalid: 1 });
  });

  it('updates from a NIK + NAME file with before/after audit; a NIK it does not know needs the other fields', async () => {
    const view = await importFile(t.db, disnaker, fixture('nik-nama.csv'));
    expect(view.counts).toEqual({ total: 3, invalid: 1, inserted: 0, nikUnverified: 0, updated: 1, unchanged: 1, skipped: 0 });
    const slamet = (await workers()).find((w) => w.nik === '3509171203850001')!;
    expect(slamet).toMatchObject({ full_name: 'Slamet Riyadi', address: 'Dusun Krajan; RT 001/RW 002', version: 2 });
    const [{ id: wid }] = (await t.db.query<{ id: number }>(`SELECT id FROM workers WHERE nik = '3509171203850001'`)) as [{ id: number }];
    const [entry] = await workerHistory(t.db, disnaker, wid);
    expect(entry).toMatchObject({ action: 'worker.update', actor: 'disnaker', before: { full_name: 'slamet RIYADI' }, after: { full_name: 'Slamet Riyadi' } });
    const [bad] = await importErrors(t.db, disnaker, view.id, 10);
    expect(bad!.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual([
      'birthDate:required',
      'sectorCode:required',
      'sex:required',
      'villageCode:required',
    ]);
  });

  it('refuses conflicting rows under the reject_conflicts policy and applies nothing of them', async () => {
    await t.db.query(`UPDATE workers SET full_name = 'Nama Lain' WHERE nik = '3509175203850002'`);
    const view = await importFile(t.db, disnaker, fixture('nik-nama.csv'), { policy: 'reject_conflicts' });
    expect(view.counts).toMatchObject({ updated: 0, unchanged: 1, invalid: 2 });
    expect((await workers()).find((w) => w.nik === '3509175203850002')!.full_name).toBe('Nama Lain');
  });
});

describe('importing an Excel workbook', () => {
  it('reads the chosen sheet with numeric NIKs, date cells, serials and an empty row', async () => {
    const local = await openTestDb();
    try {
      const created = await createImport(local.db, disnaker, {
        name: 'workers.xlsx',
        path: fixture('workers.xlsx'),
        bytes: statSync(fixture('workers.xlsx')).size,
      });
      expect(created.sheets).toEqual(['Petunjuk', 'Data']);
      // The first sheet is instructions: the one with a NIK column is chosen.
      expect(created).toMatchObject({ sheet: 'Data', mapping: { nik: 0, fullName: 1, birthDate: 2, sex: 3, villageCode: 4, sectorCode: 5 } });
      const instructions = await chooseSheet(local.db, disnaker, created.id, 'Petunjuk');
      expect(instructions.mapping).toEqual({});
      await expect(startImport(local.db, disnaker, created.id, {})).rejects.toThrow(AppError); // no NIK column there
      await startImport(local.db, disnaker, created.id, { sheet: 'Data' });
      const view = await runImport(local.db, created.id);
      expect(view.counts).toEqual({ total: 5, invalid: 1, inserted: 4, nikUnverified: 0, updated: 0, unchanged: 0, skipped: 0 });
      const [bad] = await importErrors(local.db, disnaker, view.id, 10);
      expect(bad).toMatchObject({ rowNo: 3, problems: [{ code: 'nik_excel_number' }] });
      const rows = await local.db.query<{ nik: string; birth_date: string; sex: string; village_code: string; sector_code: string }>(
        `SELECT nik, birth_date, sex, village_code, sector_code FROM workers ORDER BY nik`,
      );
      expect(rows).toEqual([
        { nik: '3509170407910012', birth_date: '1991-07-04', sex: 'L', village_code: '35.09.17.2002', sector_code: 'fisher' },
        { nik: '3509170407910014', birth_date: '1991-07-04', sex: 'L', village_code: '35.09.17.2002', sector_code: 'driver_ojek' },
        { nik: '3509171203850011', birth_date: '1985-03-12', sex: 'L', village_code: '35.09.17.2001', sector_code: 'tobacco_farm_labourer' },
        { nik: '3509174407910013', birth_date: '1991-07-04', sex: 'P', village_code: '35.09.17.2002', sector_code: 'domestic_worker' },
      ]);
      // The XLSX report keeps the NIK as text.
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await writeErrorReport(local.db, disnaker, view.id, 'xlsx', out);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0]!;
      expect(sheet.getRow(2).getCell(1).value).toBe('3509175203850020');
      expect(String(sheet.getRow(2).getCell(12).value)).toContain('Excel');
    } finally {
      await local.cleanup();
    }
  });
});

describe('scope, cancel and atomicity', () => {
  it('lets a village operator import only workers of their village', async () => {
    const local = await openTestDb();
    try {
      const village = actor('village_operator', AJUNG_VILLAGE, null, 'desa');
      const view = await importFile(local.db, village, fixture('dirty-semicolon.csv'));
      const rows = await local.db.query<{ village_code: string }>(`SELECT village_code FROM workers`);
      expect(rows.every((r) => r.village_code === AJUNG_VILLAGE)).toBe(true);
      expect(view.counts.inserted).toBe(rows.length);
      const outside = (await importErrors(local.db, village, view.id, 100)).filter((p) => p.problems.some((x) => x.code === 'out_of_scope'));
      expect(outside.map((p) => p.rowNo).sort((a, b) => a - b)).toEqual([4, 5, 12]);
      // Auditors cannot import.
      await expect(createImport(local.db, actor('auditor', '35.09'), { name: 'x.csv', path: fixture('nik-nama.csv'), bytes: 1 })).rejects.toMatchObject({
        code: 'forbidden',
      });
    } finally {
      await local.cleanup();
    }
  });

  it('cancels: a cancelled import leaves the registry as it was', async () => {
    const local = await openTestDb();
    try {
      const path = fixture('dirty-semicolon.csv');
      const created = await createImport(local.db, disnaker, { name: 'dirty.csv', path, bytes: statSync(path).size });
      await startImport(local.db, disnaker, created.id, {});
      await cancelImport(local.db, disnaker, created.id);
      const view = await runImport(local.db, created.id);
      expect(view.status).toBe('cancelled');
      expect(view.message?.en).toContain('registry is unchanged');
      expect((await local.db.query(`SELECT 1 FROM workers`)).length).toBe(0);
      expect((await local.db.query(`SELECT 1 FROM import_rows WHERE import_id = $1`, [created.id])).length).toBe(0);
      expect((await getImport(local.db, disnaker, created.id)).status).toBe('cancelled');
    } finally {
      await local.cleanup();
    }
  });

  it('refuses files that are not CSV or XLSX, and an import without a NIK column', async () => {
    await expect(createImport(t.db, disnaker, { name: 'data.pdf', path: fixture('nik-nama.csv'), bytes: 1 })).rejects.toMatchObject({
      code: 'validation',
      problems: [{ field: 'file', code: 'file_format' }],
    });
    const path = fixture('nik-nama.csv');
    const created = await createImport(t.db, disnaker, { name: 'nik-nama.csv', path, bytes: statSync(path).size });
    await expect(startImport(t.db, disnaker, created.id, { mapping: { fullName: 1 } })).rejects.toMatchObject({
      problems: [{ field: 'mapping.nik', code: 'required' }],
    });
  });
});

describe('synthetic worker lists', () => {
  it('are deterministic for a seed, and an import finds exactly the errors and duplicates put in', async () => {
    const local = await openTestDb();
    const dir = mkdtempSync(join(tmpdir(), 'jaring-gen-'));
    try {
      const a = await generateWorkersFile(local.db, { regency: '35.09', rows: 3000, errorRate: 0.05, seed: 42, out: join(dir, 'a.csv'), delimiter: ';' });
      const b = await generateWorkersFile(local.db, { regency: '35.09', rows: 3000, errorRate: 0.05, seed: 42, out: join(dir, 'b.csv'), delimiter: ';' });
      expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(readFileSync(join(dir, 'b.csv'), 'utf8'));
      expect(a).toMatchObject({ rows: 3000, errorRows: b.errorRows, duplicateRows: b.duplicateRows });
      expect(a.errorRows).toBeGreaterThan(100);
      expect(a.duplicateRows).toBeGreaterThan(0);
      const view = await importFile(local.db, disnaker, join(dir, 'a.csv'));
      expect(view.counts).toMatchObject({ total: 3000, invalid: a.errorRows + a.duplicateRows, inserted: 3000 - a.errorRows - a.duplicateRows });
      const x = await generateWorkersFile(local.db, { regency: '35.09', rows: 500, errorRate: 0.05, seed: 42, out: join(dir, 'a.xlsx') });
      const fromExcel = await importFile(local.db, disnaker, join(dir, 'a.xlsx'), { policy: 'insert_only' });
      expect(fromExcel.counts).toMatchObject({ total: 500, skipped: 500 - x.errorRows - x.duplicateRows });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await local.cleanup();
    }
  });
});

describe('two operators importing at once', () => {
  it('applies both: the later merge sees the earlier one and nothing fails on the unique NIK', async () => {
    const local = await openTestDb();
    try {
      const other = actor('regency_operator', '35.09', null, 'disnaker2');
      const path = fixture('dirty-semicolon.csv');
      const [a, b] = await Promise.all([importFile(local.db, disnaker, path), importFile(local.db, other, path)]);
      expect([a.status, b.status]).toEqual(['completed', 'completed']);
      expect(a.counts.inserted + b.counts.inserted).toBe(5);
      expect(a.counts.unchanged + b.counts.unchanged).toBe(5);
      expect((await local.db.query(`SELECT 1 FROM workers`)).length).toBe(5);
    } finally {
      await local.cleanup();
    }
  });
});
