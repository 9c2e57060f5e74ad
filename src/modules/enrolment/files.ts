import { personal, type PersonalPresenter } from '../../access/personal.js';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { formatRupiah } from '../../domain/money.js';
import { monthlyContribution, type FundingType } from '../../domain/tariff.js';
import { todayJakarta } from '../../domain/calendar.js';
import { writeCsv, PEOPLE_CSV_DELIMITER } from '../../db/csv.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import type { FileFormat } from '../../files/readers.js';
import { COLUMN_PATTERNS, findColumn, readTable } from '../../files/tabular.js';
import { safeCell } from '../../files/tabular.js';
import { getBatch } from './enrolment.service.js';
import * as funding from '../funding/funding.repository.js';
import * as repo from './enrolment.repository.js';
import { startOfficialPdf } from '../letterheads/letterheads.service.js';
import { bulan, drawSignature } from '../../files/official-pdf.js';

/**
 * Files exchanged with the BPJS branch: the registration file of a batch (CSV/XLSX, columns as the
 * branch wants them), its cover letter (PDF), and the tables Jaring reads back (BPJS's answer, its
 * participant statements). Every export is audit-logged; NIK and KPJ are masked for roles without nik.full.
 */

export const LAYOUT_FIELDS = {
  nik: 'NIK',
  fullName: 'Nama lengkap',
  birthDate: 'Tanggal lahir (TTTT-BB-HH)',
  sex: 'Jenis kelamin (L/P)',
  address: 'Alamat',
  villageCode: 'Kode desa/kelurahan (Kemendagri)',
  villageName: 'Nama desa/kelurahan',
  occupation: 'Pekerjaan',
  sector: 'Sektor',
  phone: 'Nomor HP',
  declaredIncome: 'Penghasilan yang dilaporkan (Rp)',
  programs: 'Program (JKK,JKM[,JHT])',
  firstMonth: 'Bulan pertama (TTTT-BB)',
  lastMonth: 'Bulan terakhir (TTTT-BB)',
  sourceName: 'Sumber dana',
  fundingType: 'Kode pendanaan BPJS (SC/SB/SG/SD/SA/SL)',
  kpj: 'Nomor KPJ',
} as const;
export type LayoutField = keyof typeof LAYOUT_FIELDS;
export interface LayoutColumn {
  header: string;
  field: LayoutField;
}

export const DEFAULT_LAYOUT: LayoutColumn[] = [
  { header: 'NIK', field: 'nik' },
  { header: 'NAMA', field: 'fullName' },
  { header: 'TGL_LAHIR', field: 'birthDate' },
  { header: 'JENIS_KELAMIN', field: 'sex' },
  { header: 'ALAMAT', field: 'address' },
  { header: 'NO_HP', field: 'phone' },
  { header: 'KODE_DESA', field: 'villageCode' },
  { header: 'PEKERJAAN', field: 'occupation' },
  { header: 'SEKTOR', field: 'sector' },
  { header: 'PENGHASILAN', field: 'declaredIncome' },
  { header: 'PROGRAM', field: 'programs' },
  { header: 'BULAN_AWAL', field: 'firstMonth' },
  { header: 'SUMBER_DANA', field: 'sourceName' },
  { header: 'KODE_PENDANAAN', field: 'fundingType' },
];

export function validateLayout(layout: unknown): LayoutColumn[] {
  const problems = [];
  if (!Array.isArray(layout) || layout.length === 0 || layout.length > 40)
    throw AppError.validation([problem('layout', 'shape', 'Tata letak harus daftar 1–40 kolom', 'The layout must list 1–40 columns')]);
  const out: LayoutColumn[] = [];
  for (const [i, c] of (layout as { header?: unknown; field?: unknown }[]).entries()) {
    const header = typeof c?.header === 'string' ? c.header.trim() : '';
    const field = typeof c?.field === 'string' ? c.field : '';
    if (header.length < 1 || header.length > 60)
      problems.push(problem(`layout[${i}].header`, 'length', 'Judul kolom wajib (1–60 karakter)', 'A column header is required (1–60 characters)'));
    if (!(field in LAYOUT_FIELDS))
      problems.push(
        problem(
          `layout[${i}].field`,
          'unknown',
          `Isian "${field}" tidak dikenal; pilih: ${Object.keys(LAYOUT_FIELDS).join(', ')}`,
          `Unknown field "${field}"; choose: ${Object.keys(LAYOUT_FIELDS).join(', ')}`,
        ),
      );
    out.push({ header, field: field as LayoutField });
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return out;
}

export async function programLayout(db: Queryable, programId: number): Promise<LayoutColumn[]> {
  return (await funding.findEnrolmentLayout<LayoutColumn[]>(db, programId)) ?? DEFAULT_LAYOUT;
}

async function* registrationRows(db: Queryable, actor: Actor, batchId: number, planId: number): AsyncGenerator<repo.RegRow> {
  let after = 0;
  for (;;) {
    const rows = await repo.registrationPage(db, actor, batchId, planId, after);
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.participant_id;
  }
}

function fieldValue(r: repo.RegRow, f: LayoutField, p: PersonalPresenter): string | number {
  switch (f) {
    case 'nik':
      return p.nik(r.nik);
    case 'kpj':
      return p.kpj(r.kpj) ?? '';
    case 'fullName':
      return safeCell(r.full_name);
    case 'birthDate':
      return r.birth_date;
    case 'sex':
      return r.sex;
    case 'address':
      return safeCell(r.address);
    case 'villageCode':
      return r.village_code;
    case 'villageName':
      return safeCell(r.village_name);
    case 'occupation':
      // An occupation that matched a sector on import is stored as the sector alone: the branch still needs a word.
      return safeCell(r.occupation || r.sector);
    case 'sector':
      return r.sector;
    case 'phone':
      return p.full ? (r.phone ?? '') : '';
    case 'declaredIncome':
      return r.declared_income;
    case 'programs':
      return r.include_jht ? 'JKK,JKM,JHT' : 'JKK,JKM';
    case 'firstMonth':
      return r.month_from.slice(0, 7);
    case 'lastMonth':
      return r.month_to.slice(0, 7);
    case 'sourceName':
      return safeCell(r.source_name);
    case 'fundingType':
      return r.funding_type;
  }
}

/** A batch's registration file for the branch, streamed; returns the number of rows. */
export async function writeRegistrationFile(db: Queryable, actor: Actor, batchId: number, format: 'csv' | 'xlsx', out: Writable): Promise<number> {
  const batch = await getBatch(db, actor, batchId);
  const layout = await programLayout(db, batch.programId);
  const p = personal(actor);
  let n = 0;
  const rows = async function* () {
    for await (const r of registrationRows(db, actor, batchId, batch.planId)) {
      n++;
      yield layout.map((c) => fieldValue(r, c.field, p));
    }
  };
  if (format === 'csv') {
    await writeCsv(out, rows(), { header: layout.map((c) => c.header), bom: true, delimiter: PEOPLE_CSV_DELIMITER });
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const ws = wb.addWorksheet('Pendaftaran');
    ws.columns = layout.map((c) => ({ header: c.header, key: c.field, width: Math.max(12, c.header.length + 2) }));
    ws.getRow(1).font = { bold: true };
    // NIK and KPJ as text: Excel would turn 16 digits into 3.50917E+15 and lose the last digit.
    for await (const values of rows()) ws.addRow(values.map((v) => (typeof v === 'number' ? v : String(v)))).commit();
    ws.commit();
    await wb.commit();
  }
  await insertAudit(db, actor, {
    action: `enrolment.export_${format}`,
    entity: 'enrolment_batch',
    entityId: String(batchId),
    regionCode: batch.regionCode,
    after: { rows: n, nikMasked: !p.full },
  });
  return n;
}

/**
 * What a batch costs each month per funding source, priced by the tariff engine from the dated
 * reference data (rates, the program's declared income and JHT choice, reductions for the source's
 * payer type and the workers' sectors) — never a figure written into the letter.
 */
export async function priceBatch(db: Queryable, batchId: number, planId: number, programId: number) {
  const program = await funding.findProgram(db, programId);
  const tables = await funding.loadTariffTables(db);
  const pkg = { declaredIncome: program!.declared_income, includeJht: program!.include_jht };
  const sources = new Map<string, { name: string; fundingType: string; workers: number; monthFrom: string; monthTo: string; monthly: number }>();
  const bases = new Set<string>();
  for (const r of await repo.batchSources(db, batchId, planId)) {
    const month = r.month_from.slice(0, 7);
    const c = monthlyContribution(tables, pkg, { sectorCode: r.sector_code, fundingType: r.funding_type as FundingType }, month);
    for (const l of c.lines) {
      bases.add(`${l.program} ${l.legalBasis}`);
      if (l.discountBasis) bases.add(`pengurangan ${l.discountBasis}`);
    }
    const s = sources.get(r.name) ?? { name: r.name, fundingType: r.funding_type, workers: 0, monthFrom: month, monthTo: r.month_to.slice(0, 7), monthly: 0 };
    s.workers += r.workers;
    s.monthly += r.workers * c.total;
    if (month < s.monthFrom) s.monthFrom = month;
    if (r.month_to.slice(0, 7) > s.monthTo) s.monthTo = r.month_to.slice(0, 7);
    sources.set(r.name, s);
  }
  const band = await funding.incomeBand(db, todayJakarta(), pkg.declaredIncome);
  return {
    sources: [...sources.values()],
    declaredIncome: pkg.declaredIncome,
    incomeBasis: band?.legal_basis ?? null,
    programs: pkg.includeJht ? 'JKK, JKM dan JHT' : 'JKK dan JKM',
    legalBasis: [...bases],
  };
}

/** The cover letter that goes with a batch to the BPJS branch: counts and monthly amounts per source. */
export async function writeCoverLetter(db: Queryable, actor: Actor, batchId: number, out: Writable): Promise<void> {
  const batch = await getBatch(db, actor, batchId);
  const priced = await priceBatch(db, batchId, batch.planId, batch.programId);
  await insertAudit(db, actor, { action: 'enrolment.export_letter', entity: 'enrolment_batch', entityId: String(batchId), regionCode: batch.regionCode });
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: batch.regionCode,
      document: `batch:${batchId}`,
      title: `Surat pengantar pendaftaran peserta batch #${batchId}`,
      header: {
        nature: 'Segera',
        attachment: '1 (satu) berkas daftar calon peserta',
        subject: 'Pendaftaran peserta Bukan Penerima Upah (pekerja rentan)',
        to: ['Kepala Kantor Cabang BPJS Ketenagakerjaan', 'di tempat'],
      },
    },
    out,
  );
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  doc
    .fontSize(11)
    .text(
      `Bersama ini kami sampaikan daftar ${batch.submitted.toLocaleString('id-ID')} calon peserta program ${batch.programName} ` +
        `(rencana pendanaan #${batch.planId} "${batch.planName}") untuk didaftarkan sebagai peserta Bukan Penerima Upah program JKK dan JKM, ` +
        'dengan iuran dibayar oleh sumber dana berikut:',
      left,
      doc.y,
      { align: 'justify', width: right - left },
    );
  doc.moveDown(0.5);
  const cols = [left, left + 140, left + 180, left + 232, left + 365, right];
  let y = doc.y;
  doc.fontSize(10);
  ['Sumber dana', 'Kode', 'Pekerja', 'Masa perlindungan', 'Iuran per bulan'].forEach((h, i) =>
    doc.font('Helvetica-Bold').text(h, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 4, align: i === 2 || i === 4 ? 'right' : 'left' }),
  );
  for (const src of priced.sources) {
    y = doc.y + 3;
    [src.name, src.fundingType, src.workers.toLocaleString('id-ID'), bulan(src.monthFrom, src.monthTo), formatRupiah(src.monthly)].forEach((c, i) =>
      doc.font('Helvetica').text(c, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 4, align: i === 2 || i === 4 ? 'right' : 'left' }),
    );
  }
  doc.moveDown().fontSize(11);
  doc.text(
    `Pekerja yang sudah menjadi peserta aktif dan melanjutkan perlindungan: ${batch.continuing.toLocaleString('id-ID')} orang (tidak didaftarkan ulang). ` +
      'Mohon jawaban berupa nomor KPJ per NIK, atau alasan penolakan, dalam berkas CSV/XLSX (kolom NIK, KPJ, STATUS, ALASAN). ' +
      'Atas perhatian dan kerja samanya, kami ucapkan terima kasih.',
    left,
    doc.y,
    { align: 'justify', width: right - left },
  );
  drawSignature(doc, letterhead);
  doc
    .moveDown(2)
    .fontSize(8)
    .fillColor('#555')
    .text(
      `Dibuat dengan Jaring oleh ${actor.username}. Iuran ${priced.programs} pada penghasilan ${formatRupiah(priced.declaredIncome)}` +
        `${priced.incomeBasis ? ` (${priced.incomeBasis})` : ''}, menurut tarif yang berlaku pada bulan pertama perlindungan: ${priced.legalBasis.join('; ')}.`,
      left,
    );
  doc.end();
}

/** Reads BPJS's answer file; names the missing column in both languages. */
export async function readAnswerFile(path: string, format: FileFormat): Promise<{ rowNo: number; nik: string; kpj: string; status: string; reason: string }[]> {
  const t = await readTable(path, format);
  const nik = findColumn(t.headers, COLUMN_PATTERNS.nik);
  const kpj = findColumn(t.headers, COLUMN_PATTERNS.kpj);
  const status = findColumn(t.headers, COLUMN_PATTERNS.status);
  const reason = findColumn(t.headers, COLUMN_PATTERNS.reason);
  const problems = [];
  if (nik < 0) problems.push(problem('file', 'no_nik', 'Berkas tidak punya kolom NIK', 'The file has no NIK column'));
  if (kpj < 0 && status < 0)
    problems.push(problem('file', 'no_kpj', 'Berkas tidak punya kolom KPJ maupun STATUS', 'The file has neither a KPJ nor a STATUS column'));
  if (problems.length > 0) throw AppError.validation(problems);
  if (t.rows.length === 0) throw AppError.validation([problem('file', 'empty', 'Berkas tidak berisi baris data', 'The file has no data rows')]);
  return t.rows.map((r) => ({
    rowNo: r.rowNo,
    nik: r.cells[nik] ?? '',
    kpj: kpj >= 0 ? (r.cells[kpj] ?? '') : '',
    status: status >= 0 ? (r.cells[status] ?? '') : '',
    reason: reason >= 0 ? (r.cells[reason] ?? '') : '',
  }));
}
