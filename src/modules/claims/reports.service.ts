import type { Writable } from 'node:stream';
import * as repo from './reports.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { checkDate, todayJakarta } from '../../domain/calendar.js';
import { suppress } from '../../domain/coverage.js';
import { formatRupiah } from '../../domain/money.js';
import type { CLAIM_BENEFITS, CLAIM_STATUSES } from '../../domain/claims.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { startOfficialPdf } from '../letterheads/letterheads.service.js';
import { drawSignature, tanggal } from '../../files/official-pdf.js';
import ExcelJS from 'exceljs';
import { safeCell } from '../../files/tabular.js';
import { BENEFIT_NAMES, RELATION_NAMES, STATUS_NAMES } from './claim-names.js';

/**
 * Reports like the ones regencies publish ("1,573 beneficiaries, Rp 51.57 billion: Rp 49.44 billion JKM,
 * Rp 1.04 billion JKK, scholarships for 253 children"): beneficiaries and Rupiah paid by benefit, region,
 * year and the funding source that paid the contributions; scholarship children and amounts; claims in
 * progress and overdue. Exported as XLSX and as an official PDF; the handover list for a ceremony; and,
 * for the public page, aggregates only with small counts suppressed.
 */
export interface ClaimsReport {
  asOf: string;
  year: number | null;
  scope: string | null;
  totals: { beneficiaries: number; paidAmount: number; computedAmount: number; inProgress: number; overdue: number };
  byBenefit: { benefit: (typeof CLAIM_BENEFITS)[number]; beneficiaries: number; paidAmount: number; computedAmount: number }[];
  byRegion: { code: string; name: string; beneficiaries: number; paidAmount: number }[];
  byYear: { year: number; beneficiaries: number; paidAmount: number }[];
  bySource: { source: string; beneficiaries: number; paidAmount: number }[];
  byStatus: { status: (typeof CLAIM_STATUSES)[number]; claims: number; amount: number; overdue: number }[];
  scholarship: { children: number; yearsPaid: number; paidAmount: number; scheduledAmount: number; childrenStopped: number };
}

const prefixUnder = (scope: string | null): 2 | 5 | 8 | 13 => (scope === null ? 2 : scope.length <= 2 ? 5 : scope.length <= 5 ? 8 : 13);

function yearOf(year: number | undefined): number | null {
  if (year === undefined) return null;
  if (!Number.isInteger(year) || year < 2015 || year > 2100)
    throw AppError.validation([problem('year', 'range', 'Tahun harus 2015–2100', 'The year must be 2015–2100')]);
  return year;
}

export async function claimsReport(db: Queryable, actor: Actor, q: { year?: number }): Promise<ClaimsReport> {
  requirePermission(actor, 'funding.read');
  const f: repo.ReportFilter = { year: yearOf(q.year), prefix: prefixUnder(actor.scope) };
  const today = todayJakarta();
  const benefits = await repo.byBenefit(db, actor, f);
  const regions = await repo.byRegion(db, actor, f);
  const statuses = await repo.byStatus(db, actor, today);
  const [s] = await repo.scholarshipTotals(db, actor, f);
  // A beneficiary counted once though paid several benefits: the total comes from the regions (disjoint).
  return {
    asOf: today,
    year: f.year,
    scope: actor.scope,
    totals: {
      beneficiaries: regions.reduce((a, r) => a + r.beneficiaries, 0),
      paidAmount: benefits.reduce((a, b) => a + Number(b.paid_amount), 0),
      computedAmount: benefits.reduce((a, b) => a + Number(b.computed_amount), 0),
      inProgress: statuses.filter((x) => ['reported', 'verified', 'submitted'].includes(x.status)).reduce((a, x) => a + x.claims, 0),
      overdue: statuses.reduce((a, x) => a + x.overdue, 0),
    },
    byBenefit: benefits.map((b) => ({
      benefit: b.benefit as ClaimsReport['byBenefit'][number]['benefit'],
      beneficiaries: b.beneficiaries,
      paidAmount: Number(b.paid_amount),
      computedAmount: Number(b.computed_amount),
    })),
    byRegion: regions.map((r) => ({ code: r.code, name: r.name ?? r.code, beneficiaries: r.beneficiaries, paidAmount: Number(r.paid_amount) })),
    byYear: (await repo.byYear(db, actor)).map((y) => ({ year: y.year, beneficiaries: y.beneficiaries, paidAmount: Number(y.paid_amount) })),
    bySource: (await repo.bySource(db, actor, f)).map((x) => ({
      source: x.source ?? '(tidak tercatat)',
      beneficiaries: x.beneficiaries,
      paidAmount: Number(x.paid_amount),
    })),
    byStatus: statuses.map((x) => ({
      status: x.status as ClaimsReport['byStatus'][number]['status'],
      claims: x.claims,
      amount: Number(x.amount),
      overdue: x.overdue,
    })),
    scholarship: {
      children: s?.children ?? 0,
      yearsPaid: s?.years_paid ?? 0,
      paidAmount: Number(s?.paid_amount ?? 0),
      scheduledAmount: Number(s?.scheduled_amount ?? 0),
      childrenStopped: s?.children_stopped ?? 0,
    },
  };
}

const periodText = (r: ClaimsReport) => (r.year === null ? 'seluruh periode' : `tahun ${r.year}`);

/** The report as a workbook: one sheet per breakdown, Rupiah as numbers. */
export async function writeReportXlsx(db: Queryable, actor: Actor, q: { year?: number }, out: Writable): Promise<void> {
  const r = await claimsReport(db, actor, q);
  await insertAudit(db, actor, {
    action: 'claim.report_export',
    entity: 'claims_report',
    entityId: String(r.year ?? 'all'),
    regionCode: actor.scope,
    after: { format: 'xlsx' },
  });
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, headers: string[], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = headers.map((h) => ({ header: h, width: Math.max(14, h.length + 2) }));
    ws.getRow(1).font = { bold: true };
    rows.forEach((row) => ws.addRow(row.map((v) => (typeof v === 'string' ? safeCell(v) : v))));
    headers.forEach((h, i) => {
      if (h.includes('(Rp)')) ws.getColumn(i + 1).numFmt = '#,##0';
    });
  };
  sheet(
    'Ringkasan',
    ['Uraian', 'Nilai'],
    [
      ['Periode', periodText(r)],
      ['Per tanggal', r.asOf],
      ['Penerima manfaat', r.totals.beneficiaries],
      ['Manfaat dibayar (Rp)', r.totals.paidAmount],
      ['Klaim dalam proses', r.totals.inProgress],
      ['Klaim terlambat', r.totals.overdue],
      ['Anak penerima beasiswa', r.scholarship.children],
      ['Beasiswa dibayar (Rp)', r.scholarship.paidAmount],
      ['Beasiswa terjadwal (Rp)', r.scholarship.scheduledAmount],
    ],
  );
  sheet(
    'Per manfaat',
    ['Manfaat', 'Penerima', 'Dibayar (Rp)', 'Dihitung Jaring (Rp)'],
    r.byBenefit.map((b) => [BENEFIT_NAMES[b.benefit], b.beneficiaries, b.paidAmount, b.computedAmount]),
  );
  sheet(
    'Per wilayah',
    ['Kode', 'Wilayah', 'Penerima', 'Dibayar (Rp)'],
    r.byRegion.map((x) => [x.code, x.name, x.beneficiaries, x.paidAmount]),
  );
  sheet(
    'Per tahun',
    ['Tahun', 'Penerima', 'Dibayar (Rp)'],
    r.byYear.map((x) => [x.year, x.beneficiaries, x.paidAmount]),
  );
  sheet(
    'Per sumber dana',
    ['Sumber dana iuran', 'Penerima', 'Dibayar (Rp)'],
    r.bySource.map((x) => [x.source, x.beneficiaries, x.paidAmount]),
  );
  sheet(
    'Per status',
    ['Status', 'Klaim', 'Jumlah (Rp)', 'Terlambat'],
    r.byStatus.map((x) => [STATUS_NAMES[x.status], x.claims, x.amount, x.overdue]),
  );
  await wb.xlsx.write(out);
  out.end();
}

function table(doc: PDFKit.PDFDocument, headers: string[], rows: string[][], widths: number[]) {
  const left = doc.page.margins.left;
  const xs = widths.reduce<number[]>((a, w) => [...a, a[a.length - 1]! + w], [left]);
  const draw = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let bottom = y;
    cells.forEach((c, i) => {
      doc.text(c, xs[i]! + 2, y, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right' });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 2;
  };
  draw(headers, true);
  rows.forEach((r) => draw(r, false));
  doc.font('Helvetica').fontSize(11);
  doc.x = left;
  doc.moveDown(0.6);
}

const rp = (n: number) => formatRupiah(n).replace('Rp ', '');

/** The report as an official document: letterhead, number, the breakdowns, the signatory. */
export async function writeReportPdf(db: Queryable, actor: Actor, q: { year?: number }, out: Writable): Promise<void> {
  const r = await claimsReport(db, actor, q);
  await insertAudit(db, actor, {
    action: 'claim.report_export',
    entity: 'claims_report',
    entityId: String(r.year ?? 'all'),
    regionCode: actor.scope,
    after: { format: 'pdf' },
  });
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: actor.scope,
      document: `claims-report:${r.year ?? 'all'}:${r.asOf}`,
      title: 'Laporan klaim manfaat pekerja rentan',
      header: {
        nature: 'Biasa',
        attachment: '-',
        subject: `Laporan klaim dan manfaat JKK/JKM pekerja rentan ${periodText(r)}`,
        to: ['Yth. Bupati/Wali Kota', 'di tempat'],
      },
    },
    out,
  );
  doc
    .fontSize(11)
    .text(
      `Sampai dengan ${tanggal(r.asOf)}, ${r.totals.beneficiaries.toLocaleString('id-ID')} penerima manfaat (${periodText(r)}) menerima ${formatRupiah(r.totals.paidAmount)} ` +
        `dari BPJS Ketenagakerjaan; ${r.scholarship.children.toLocaleString('id-ID')} anak penerima beasiswa. ` +
        `Klaim dalam proses: ${r.totals.inProgress.toLocaleString('id-ID')}, di antaranya ${r.totals.overdue.toLocaleString('id-ID')} melewati batas waktu.`,
      { align: 'justify' },
    );
  doc.moveDown(0.6);
  const w = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  table(
    doc,
    ['Manfaat', 'Penerima', 'Dibayar (Rp)'],
    r.byBenefit.map((b) => [BENEFIT_NAMES[b.benefit], b.beneficiaries.toLocaleString('id-ID'), rp(b.paidAmount)]),
    [w * 0.5, w * 0.2, w * 0.3],
  );
  table(
    doc,
    ['Wilayah', 'Penerima', 'Dibayar (Rp)'],
    r.byRegion.map((x) => [x.name, x.beneficiaries.toLocaleString('id-ID'), rp(x.paidAmount)]),
    [w * 0.5, w * 0.2, w * 0.3],
  );
  table(
    doc,
    ['Sumber dana iuran', 'Penerima', 'Dibayar (Rp)'],
    r.bySource.map((x) => [x.source, x.beneficiaries.toLocaleString('id-ID'), rp(x.paidAmount)]),
    [w * 0.5, w * 0.2, w * 0.3],
  );
  table(
    doc,
    ['Tahun', 'Penerima', 'Dibayar (Rp)'],
    r.byYear.map((x) => [String(x.year), x.beneficiaries.toLocaleString('id-ID'), rp(x.paidAmount)]),
    [w * 0.5, w * 0.2, w * 0.3],
  );
  drawSignature(doc, letterhead);
  doc.end();
}

/** The period of a handover list, checked (called by the route before the download starts). */
export function handoverPeriod(q: { from: string; to: string }): { from: string; to: string } {
  const from = checkDate('from', q.from);
  const to = checkDate('to', q.to);
  if (from > to) throw AppError.validation([problem('to', 'order', 'Tanggal akhir sebelum tanggal awal', 'The end date is before the start date')]);
  return { from, to };
}

/** The handover list for a ceremony: paid claims of the period, the receiving heir and the amount; official layout. */
export async function writeHandoverPdf(db: Queryable, actor: Actor, q: { from: string; to: string }, out: Writable): Promise<void> {
  requirePermission(actor, 'funding.read');
  const { from, to } = handoverPeriod(q);
  const rows = await repo.handoverRows(db, actor, { from, to });
  await insertAudit(db, actor, {
    action: 'claim.handover_export',
    entity: 'claims_report',
    entityId: `${from}..${to}`,
    regionCode: actor.scope,
    after: { rows: rows.length },
  });
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: actor.scope,
      document: `claims-handover:${from}:${to}`,
      title: 'Daftar penyerahan santunan',
      header: {
        nature: 'Biasa',
        attachment: '-',
        subject: `Daftar penerima santunan BPJS Ketenagakerjaan ${tanggal(from)} s.d. ${tanggal(to)}`,
        to: ['Yth. Bupati/Wali Kota', 'di tempat'],
      },
    },
    out,
  );
  const w = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  table(
    doc,
    ['No · Ahli waris (hubungan) · Peserta · Desa', 'Manfaat', 'Jumlah (Rp)'],
    rows.map((x, i) => [
      `${i + 1}. ${x.heir_name ?? '(belum dicatat)'} (${x.heir_relation ? RELATION_NAMES[x.heir_relation as keyof typeof RELATION_NAMES] : '-'}) · alm. ${x.full_name} · ${x.village ?? ''}`,
      BENEFIT_NAMES[x.benefit as keyof typeof BENEFIT_NAMES] ?? x.benefit,
      rp(x.paid_amount),
    ]),
    [w * 0.58, w * 0.22, w * 0.2],
  );
  doc
    .font('Helvetica-Bold')
    .text(`Jumlah: ${rows.length.toLocaleString('id-ID')} penerima, ${formatRupiah(rows.reduce((a, x) => a + Number(x.paid_amount), 0))}`);
  doc.font('Helvetica');
  drawSignature(doc, letterhead);
  doc.end();
}

export interface PublicClaimsRow {
  code: string;
  name: string;
  beneficiaries: number | string;
  paidAmount: number | null;
  jkm: number | string;
  jkk: number | string;
  scholarship: number | string;
}

/** For the public page: paid beneficiaries and Rupiah per region, small counts suppressed (and their Rupiah, which would reveal one family's benefit). */
export async function publicClaims(db: Queryable, q: { regionCode?: string | null }): Promise<{ asOf: string; minCount: number; rows: PublicClaimsRow[] }> {
  const parent = q.regionCode ?? null;
  if (parent !== null && !/^\d{2}(\.\d{2})?$/.test(parent))
    throw AppError.validation([
      problem('regionCode', 'format', 'Kode wilayah provinsi atau kabupaten (35 atau 35.09)', 'A province or regency code (35 or 35.09)'),
    ]);
  const asOf = todayJakarta();
  const min = await funding.referenceValue(db, 'public.min_count', asOf);
  const rows = await repo.publicByRegion(db, parent, parent === null ? 2 : parent.length === 2 ? 5 : 8);
  return {
    asOf,
    minCount: min,
    rows: rows.map((x) => ({
      code: x.code,
      name: x.name ?? x.code,
      beneficiaries: suppress(x.beneficiaries, min),
      paidAmount: x.beneficiaries < min ? null : Number(x.paid_amount),
      jkm: suppress(x.jkm, min),
      jkk: suppress(x.jkk, min),
      scholarship: suppress(x.scholarship, min),
    })),
  };
}
