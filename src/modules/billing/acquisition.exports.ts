import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { formatRupiah } from '../../domain/money.js';
import { safeCell } from '../../files/tabular.js';
import { bulan, drawSignature } from '../../files/official-pdf.js';
import { insertAudit } from '../audit/audit.repository.js';
import { startOfficialPdf } from '../letterheads/letterheads.service.js';
import type { AcquisitionFigures, AcquisitionReport } from './acquisition.service.js';

const CLASS_ID = { government: 'Pemerintah/Desa', private: 'CSR/UMB/donatur' } as const;
const n = (x: number) => x.toLocaleString('id-ID', { maximumFractionDigits: 2 });
const period = (r: AcquisitionReport) => bulan(r.monthFrom, r.monthTo);
const rule = (r: AcquisitionReport) =>
  `Pekerja yang didanai Pemerintah/Desa dihitung penuh dengan masa iur ≥ ${r.fullMonths} bulan dan proporsional di bawahnya; ` +
  `pekerja yang didanai CSR/UMB atau donatur dengan masa iur di bawah ${r.fullMonths} bulan dihitung 0. Dasar: ${r.legalBasis}.`;

/** The report as a workbook: one row per branch and source, then each branch's and the whole total; audit-logged. */
export async function writeAcquisitionWorkbook(db: Queryable, actor: Actor, r: AcquisitionReport, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Akuisisi', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.addRow([`Laporan akuisisi pekerja rentan bersubsidi — ${period(r)}`]).commit();
  ws.addRow([safeCell(rule(r))]).commit();
  ws.columns = [
    { key: 'branch', width: 30 },
    { key: 'regency', width: 24 },
    { key: 'source', width: 26 },
    { key: 'type', width: 10 },
    { key: 'cls', width: 18 },
    { key: 'workers', width: 12, style: { numFmt: '#,##0' } },
    { key: 'full', width: 14, style: { numFmt: '#,##0' } },
    { key: 'partial', width: 16, style: { numFmt: '#,##0' } },
    { key: 'uncounted', width: 14, style: { numFmt: '#,##0' } },
    { key: 'credited', width: 14, style: { numFmt: '#,##0.00' } },
    { key: 'rupiah', width: 18, style: { numFmt: '#,##0' } },
  ];
  const header = ws.addRow([
    'Kantor cabang',
    'Kabupaten/kota',
    'Sumber dana',
    'Kode',
    'Golongan',
    'Pekerja',
    `Penuh (≥ ${r.fullMonths} bln)`,
    'Proporsional',
    'Tidak dihitung',
    'Akuisisi (KPI)',
    'Iuran dibayar (Rp)',
  ]);
  header.font = { bold: true };
  header.commit();
  const figures = (f: AcquisitionFigures) => ({
    workers: f.workers,
    full: f.full,
    partial: f.partial,
    uncounted: f.uncounted,
    credited: f.credited,
    rupiah: f.rupiah,
  });
  for (const b of r.branches) {
    const branch = safeCell(b.branch ?? `(belum dipetakan) ${b.regencyName}`);
    for (const s of b.sources)
      ws.addRow({
        branch,
        regency: safeCell(b.regencyName),
        source: safeCell(s.sourceName),
        type: s.fundingType,
        cls: CLASS_ID[s.creditClass],
        ...figures(s),
      }).commit();
    const sub = ws.addRow({ branch, regency: safeCell(b.regencyName), source: 'Jumlah', ...figures(b) });
    sub.font = { bold: true };
    sub.commit();
  }
  const total = ws.addRow({ branch: 'JUMLAH SELURUHNYA', ...figures(r.total) });
  total.font = { bold: true };
  total.commit();
  ws.commit();
  await insertAudit(db, actor, {
    action: 'acquisition.export_xlsx',
    entity: 'report',
    entityId: `acquisition:${r.monthFrom}:${r.monthTo}`,
    regionCode: actor.scope,
  });
  await wb.commit();
}

/** The report as an official document the branch and the regency office sign off (letterhead, number, signatory). */
export async function writeAcquisitionPdf(db: Queryable, actor: Actor, r: AcquisitionReport, out: Writable): Promise<void> {
  await insertAudit(db, actor, {
    action: 'acquisition.export_pdf',
    entity: 'report',
    entityId: `acquisition:${r.monthFrom}:${r.monthTo}`,
    regionCode: actor.scope,
  });
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: actor.scope,
      document: `acquisition:${r.monthFrom}:${r.monthTo}`,
      title: `Laporan akuisisi ${period(r)}`,
      header: { nature: 'Biasa', attachment: '-', subject: `Laporan akuisisi pekerja rentan bersubsidi BPJS Ketenagakerjaan ${period(r)}` },
    },
    out,
  );
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  doc
    .fontSize(9)
    .font('Helvetica')
    .text(rule(r), left, doc.y, { width: right - left });
  const cols = [left, left + 150, left + 200, left + 250, left + 300, left + 350, left + 410, right];
  const heads = ['Sumber dana', 'Pekerja', 'Penuh', 'Prop.', 'Tidak', 'KPI', 'Iuran (Rp)'];
  const line = (cells: string[], bold = false) => {
    const y = doc.y + 3;
    cells.forEach((c, i) =>
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(c, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 4, align: i ? 'right' : 'left' }),
    );
  };
  const figures = (f: AcquisitionFigures) => [n(f.workers), n(f.full), n(f.partial), n(f.uncounted), n(f.credited), formatRupiah(f.rupiah)];
  for (const b of r.branches) {
    doc
      .moveDown()
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${b.branch ?? 'Kantor cabang belum dipetakan'} — ${b.regencyName}`, left);
    doc.fontSize(8);
    line(heads, true);
    for (const s of b.sources) line([`${s.sourceName} (${s.fundingType}, ${CLASS_ID[s.creditClass]})`, ...figures(s)]);
    line(['Jumlah', ...figures(b)], true);
  }
  doc.moveDown().fontSize(10);
  line(['JUMLAH SELURUHNYA', ...figures(r.total)], true);
  drawSignature(doc, letterhead);
  doc.end();
}
