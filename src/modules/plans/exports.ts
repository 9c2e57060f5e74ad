import * as repo from './plans.repository.js';
import { personal } from '../../access/personal.js';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { safeCell } from '../../files/tabular.js';
import { insertAudit } from '../audit/audit.repository.js';
import type { PlanView } from './plans.service.js';
import { formatRupiah } from '../../domain/money.js';

const rupiah = formatRupiah;
const STATUS_ID: Record<PlanView['status'], string> = { draft: 'Draf', submitted: 'Diajukan', approved: 'Disetujui', rejected: 'Ditolak' };

/**
 * One-page plan summary an official can print, sign or forward: who pays for how many, with the legal
 * basis. `plan` comes from getPlan (which checks the actor's scope). Returns once the document is
 * written into `out`; the caller waits for its own stream to finish.
 */
export async function writePlanPdf(db: Queryable, actor: Actor, plan: PlanView, out: Writable): Promise<void> {
  // Loaded on first export, not at server start: pdfkit brings its fonts and layout engine.
  const { default: PDFDocument } = await import('pdfkit');
  await insertAudit(db, actor, { action: 'plan.export_pdf', entity: 'plan', entityId: String(plan.id), regionCode: plan.regionCode });
  const s = plan.summary;
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Rencana pendanaan #${plan.id}`, Author: 'Jaring' } });
  doc.pipe(out);
  doc.fontSize(16).text(`Rencana Pendanaan Iuran Jaminan Sosial Ketenagakerjaan #${plan.id}`);
  doc.fontSize(10).fillColor('#555').text('Funding plan for employment social-security contributions').fillColor('black').moveDown();
  const rows: [string, string][] = [
    ['Program', `${plan.programName} (${plan.regionCode})`],
    ['Nama rencana', plan.name],
    ['Tahun anggaran', String(plan.fiscalYear)],
    ['Periode perlindungan', `${plan.monthFrom} s.d. ${plan.monthTo} (${plan.months} bulan)`],
    ['Status', `${STATUS_ID[plan.status]} / ${plan.status}`],
    ['Dibuat oleh', `${plan.createdBy}, ${plan.createdAt.slice(0, 10)}`],
    ['Ditinjau oleh', plan.reviewedBy ? `${plan.reviewedBy}, ${plan.reviewedAt?.slice(0, 10)} — ${plan.reviewNote}` : '-'],
    ['Calon peserta', s.candidates.toLocaleString('id-ID')],
    ['Memenuhi syarat', s.eligible.toLocaleString('id-ID')],
    ['Dilindungi', s.funded.toLocaleString('id-ID')],
    ['Tidak tertampung anggaran', s.outOfBudget.toLocaleString('id-ID')],
    ['Tidak memenuhi syarat', s.ineligible.toLocaleString('id-ID')],
    ['Total iuran', rupiah(s.totalRupiah)],
  ];
  doc.fontSize(10);
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').text(k, 48, y, { width: 170 });
    doc.font('Helvetica').text(v, 220, y, { width: 330 });
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Per sumber dana / per funding source', 48);
  doc.fontSize(9);
  const cols = [48, 190, 235, 320, 375, 460];
  const header = ['Sumber', 'Kode', 'Tersedia', 'Pekerja', 'Terpakai', 'Sisa'];
  let y = doc.y + 4;
  header.forEach((h, i) => doc.font('Helvetica-Bold').text(h, cols[i]!, y, { width: (cols[i + 1] ?? 550) - cols[i]! - 4 }));
  for (const src of s.sources) {
    y = doc.y + 4;
    const cells = [src.name, src.fundingType, rupiah(src.available), src.workers.toLocaleString('id-ID'), rupiah(src.rupiah), rupiah(src.left)];
    cells.forEach((c, i) => doc.font('Helvetica').text(c, cols[i]!, y, { width: (cols[i + 1] ?? 550) - cols[i]! - 4 }));
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Dasar hukum tarif / legal basis', 48);
  doc.font('Helvetica').fontSize(9);
  for (const b of s.legalBasis) doc.text(`• ${b}`);
  doc
    .moveDown()
    .fontSize(8)
    .fillColor('#555')
    .text(
      `Optimasi ${s.engine}: jumlah pekerja terlindungi maksimal; bila sama, desil termiskin, kesinambungan, lalu prioritas sektor tiap sumber. Dicetak ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    );
  doc.end();
}

/** The funded workers of a plan as a streamed XLSX; NIK masked for roles that do not need it; audit-logged. */
export async function writePlanWorkbook(db: Queryable, actor: Actor, plan: PlanView, out: Writable): Promise<number> {
  const id = plan.id;
  const p = personal(actor);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Pekerja');
  ws.columns = [
    { header: 'NIK', key: 'nik', width: 20 },
    { header: 'Nama', key: 'name', width: 28 },
    { header: 'Desa (kode)', key: 'village', width: 16 },
    { header: 'Sektor', key: 'sector', width: 24 },
    { header: 'Desil', key: 'decile', width: 7 },
    { header: 'Sumber dana', key: 'source', width: 22 },
    { header: 'Kode BPJS', key: 'type', width: 10 },
    { header: 'Bulan awal', key: 'from', width: 11 },
    { header: 'Bulan akhir', key: 'to', width: 11 },
    { header: 'Iuran (Rp)', key: 'amount', width: 14, style: { numFmt: '#,##0' } },
  ];
  ws.getRow(1).font = { bold: true };
  let n = 0;
  let after = 0;
  for (;;) {
    const rows = await repo.fundedWorkersPage(db, actor, id, after);
    if (rows.length === 0) break;
    for (const r of rows) {
      ws.addRow({
        nik: p.nik(r.nik),
        name: safeCell(r.full_name),
        village: r.village_code,
        sector: r.sector,
        decile: r.welfare_decile,
        source: safeCell(r.source),
        type: r.funding_type,
        from: plan.monthFrom,
        to: plan.monthTo,
        amount: r.amount,
      }).commit();
      n++;
    }
    after = rows[rows.length - 1]!.worker_id;
  }
  ws.commit();
  await insertAudit(db, actor, {
    action: 'plan.export_xlsx',
    entity: 'plan',
    entityId: String(id),
    regionCode: plan.regionCode,
    after: { rows: n, nikMasked: !p.full },
  });
  await wb.commit();
  return n;
}
