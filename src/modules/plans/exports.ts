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
import { startOfficialPdf } from '../letterheads/letterheads.service.js';
import { bulan, drawSignature, tanggal } from '../../files/official-pdf.js';
import { lossesOf } from './losses.service.js';

const rupiah = formatRupiah;
const STATUS_ID: Record<PlanView['status'], string> = { draft: 'Draf', submitted: 'Diajukan', approved: 'Disetujui', rejected: 'Ditolak' };

const REASON_ID = { budget: 'anggaran tidak cukup', rule: 'tidak memenuhi aturan sumber dana', not_candidate: 'bukan calon lagi' } as const;

/**
 * The plan summary an official signs or forwards, as an official document (letterhead, number, hal,
 * signatory): who pays for how many, who loses protection and why, with the legal basis. `plan` comes
 * from getPlan (which checks the actor's scope). Returns once the document is written into `out`.
 */
export async function writePlanPdf(db: Queryable, actor: Actor, plan: PlanView, out: Writable): Promise<void> {
  await insertAudit(db, actor, { action: 'plan.export_pdf', entity: 'plan', entityId: String(plan.id), regionCode: plan.regionCode });
  const s = plan.summary;
  const losses = await lossesOf(db, plan.id);
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: plan.regionCode,
      document: `plan:${plan.id}`,
      title: `Rencana pendanaan #${plan.id}`,
      header: {
        nature: 'Biasa',
        attachment: '1 (satu) berkas daftar pekerja yang didanai',
        subject: `Rencana pendanaan iuran jaminan sosial ketenagakerjaan pekerja rentan tahun ${plan.fiscalYear}`,
      },
    },
    out,
  );
  const left = doc.page.margins.left;
  const n = (x: number) => x.toLocaleString('id-ID');
  const rows: [string, string][] = [
    ['Program', `${plan.programName} (${plan.regionCode})`],
    ['Nama rencana', `${plan.name} (#${plan.id})`],
    ['Tahun anggaran', String(plan.fiscalYear)],
    ['Masa perlindungan', `${bulan(plan.monthFrom, plan.monthTo)} (${plan.months} bulan)`],
    ['Status', STATUS_ID[plan.status]],
    ['Disusun oleh', `${plan.createdBy}, ${tanggal(plan.createdAt.slice(0, 10))}`],
    ['Ditinjau oleh', plan.reviewedBy ? `${plan.reviewedBy}, ${tanggal(plan.reviewedAt!.slice(0, 10))}${plan.reviewNote ? ` — ${plan.reviewNote}` : ''}` : '-'],
    ['Calon peserta', n(s.candidates)],
    ['Memenuhi syarat', n(s.eligible)],
    ['Dilindungi', n(s.funded)],
    ['Tidak tertampung anggaran', n(s.outOfBudget)],
    ['Tidak memenuhi syarat', n(s.ineligible)],
    ['Total iuran', rupiah(s.totalRupiah)],
  ];
  doc.fontSize(10);
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').text(k, left, y, { width: 170 });
    doc.font('Helvetica').text(v, left + 172, y, { width: 300 });
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(11).text('Per sumber dana', left);
  doc.fontSize(9);
  const cols = [left, left + 140, left + 185, left + 270, left + 320, left + 400, left + 475];
  const header = ['Sumber', 'Kode', 'Tersedia', 'Pekerja', 'Terpakai', 'Sisa'];
  let y = doc.y + 4;
  header.forEach((h, i) => doc.font('Helvetica-Bold').text(h, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 4, align: i >= 2 ? 'right' : 'left' }));
  for (const src of s.sources) {
    y = doc.y + 4;
    const cells = [src.name, src.fundingType, rupiah(src.available), n(src.workers), rupiah(src.rupiah), rupiah(src.left)];
    cells.forEach((c, i) => doc.font('Helvetica').text(c, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 4, align: i >= 2 ? 'right' : 'left' }));
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(11).text('Yang kehilangan perlindungan', left);
  doc.font('Helvetica').fontSize(10);
  if (losses.total === 0) doc.text(`Tidak ada: ${n(losses.kept)} dari ${n(losses.protectedBefore)} pekerja yang kini terlindungi tetap dilindungi.`, left);
  else {
    doc.text(
      `${n(losses.total)} dari ${n(losses.protectedBefore)} pekerja yang kini terlindungi tidak lagi dilindungi dengan rencana ini; ${n(losses.kept)} tetap dilindungi.`,
      left,
    );
    for (const r of losses.byReason) doc.text(`• ${n(r.count)}: ${REASON_ID[r.reason]}${r.checks.length ? ` (${r.checks.join(', ')})` : ''}`, left + 10);
    for (const e of losses.byEnd) doc.text(`• ${n(e.count)} berakhir ${tanggal(e.until)}`, left + 10);
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(11).text('Dasar hukum tarif', left);
  doc.font('Helvetica').fontSize(9);
  for (const b of s.legalBasis) doc.text(`• ${b}`, left);
  drawSignature(doc, letterhead);
  doc
    .moveDown()
    .fontSize(8)
    .fillColor('#555')
    .text(
      'Optimasi: jumlah pekerja terlindungi maksimal; bila sama, desil termiskin, kesinambungan, lalu prioritas sektor tiap sumber. ' +
        `Dicetak dengan Jaring oleh ${actor.username}.`,
      left,
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
