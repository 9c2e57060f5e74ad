import type { Writable } from 'node:stream';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { formatRupiah } from '../../domain/money.js';
import { insertAudit } from '../audit/audit.repository.js';
import { writeTable } from '../../files/tabular.js';
import type { Dashboard } from './coverage.service.js';
import { startOfficialPdf } from '../letterheads/letterheads.service.js';
import { bulan, drawSignature, tanggal } from '../../files/official-pdf.js';

/** The dashboard's table for a spreadsheet: one row per child region, every figure with its source. */
export async function writeCoverageWorkbook(db: Queryable, actor: Actor, d: Dashboard, format: 'csv' | 'xlsx', out: Writable): Promise<void> {
  await insertAudit(db, actor, { action: `coverage.export_${format}`, entity: 'coverage', entityId: d.region.code || 'ID', regionCode: d.region.code || null });
  const rows = [d.region, ...d.children].map((c, i) => {
    const ch = i === 0 ? null : d.children[i - 1]!;
    return [
      c.code || 'ID',
      c.name,
      c.asOf ?? '',
      c.potential ?? '',
      c.active ?? '',
      c.segments.pu ?? '',
      c.segments.bpu ?? '',
      c.segments.jakon ?? '',
      c.segments.pmi ?? '',
      c.pct ?? '',
      c.reportedPct ?? '',
      c.flagged ? 'YA / YES' : '',
      c.changePoints ?? '',
      c.subsidised,
      c.subsidisedPaid,
      c.target?.value ?? '',
      c.target?.gapPeople ?? '',
      c.target?.gapRupiahPerYear ?? '',
      ch?.rankCoverage ?? '',
      ch?.rankGrowth ?? '',
      c.potentialSource ?? '',
      c.participantsSource ?? '',
    ];
  });
  await writeTable(
    format,
    out,
    'Cakupan',
    [
      'KODE',
      'WILAYAH',
      'TANGGAL DATA',
      'POTENSI PESERTA',
      'PESERTA AKTIF',
      'PU',
      'BPU',
      'JAKON',
      'PMI',
      'CAKUPAN %',
      'DILAPORKAN %',
      'TIDAK KONSISTEN',
      'PERUBAHAN (POIN)',
      'AKTIF DIBIAYAI JARING (TERMASUK MASA TUNGGAKAN)',
      'DIBAYAR UNTUK BULAN INI',
      'TARGET %',
      'KESENJANGAN (ORANG)',
      'KESENJANGAN (RP/TAHUN)',
      'PERINGKAT CAKUPAN',
      'PERINGKAT PERTUMBUHAN',
      'SUMBER POTENSI',
      'SUMBER PESERTA',
    ],
    rows,
  );
}

/** A percentage as Indonesian documents write it: "34,27 %". */
const pct = (x: number) => `${x.toFixed(2).replace('.', ',')} %`;

/**
 * The coverage report as an official document (letterhead, number, hal, signatory): headline, ranking
 * with its basis, gap to target with its cost, flags.
 */
export async function writeCoveragePdf(db: Queryable, actor: Actor, d: Dashboard, out: Writable): Promise<void> {
  await insertAudit(db, actor, { action: 'coverage.export_pdf', entity: 'coverage', entityId: d.region.code || 'ID', regionCode: d.region.code || null });
  const r = d.region;
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: actor.scope ?? (r.code || null),
      document: `coverage:${r.code || 'ID'}:${d.asOf}`,
      title: `Laporan cakupan ${r.name}`,
      header: { nature: 'Biasa', attachment: '-', subject: `Laporan cakupan jaminan sosial ketenagakerjaan ${r.name} per ${tanggal(d.asOf)}` },
    },
    out,
  );
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  const n = (x: number | null) => (x === null ? '-' : x.toLocaleString('id-ID'));
  doc.fontSize(11).text(`Peserta aktif ${n(r.active)} dari ${n(r.potential)} potensi peserta = ${r.pct === null ? '-' : pct(r.pct)}.`, left);
  if (r.reportedPct !== null) doc.text(`Dilaporkan: ${pct(r.reportedPct)}${r.flagged ? ' — TIDAK KONSISTEN (selisih > 0,5 poin)' : ''}.`, left);
  if (r.target)
    doc.text(
      `Target ${r.target.year}: ${pct(r.target.value)} (${r.target.source}). Kurang ${n(r.target.gapPeople)} peserta = ${formatRupiah(r.target.gapRupiahPerYear)} per tahun ` +
        `(${formatRupiah(d.tariff.monthly)} × 12 bulan; ${d.tariff.legalBasis.join('; ')}).`,
      left,
      doc.y,
      { width: right - left },
    );
  doc.text(
    `Aktif di BPJS, dibiayai Jaring: ${n(r.subsidised)} peserta${r.subsidisedShare !== null ? ` (${pct(r.subsidisedShare)} dari peserta aktif)` : ''}; ` +
      `dihitung seperti BPJS: iuran bulan ${bulan(d.subsidisedRule.month)} terbayar atau bulan terakhir terbayar masih dalam masa tunggakan ` +
      `${d.subsidisedRule.arrearsMonths} bulan (${d.subsidisedRule.legalBasis}). Sudah dibayar untuk bulan ini: ${n(r.subsidisedPaid)} peserta.`,
    left,
    doc.y,
    { width: right - left },
  );
  doc.text(`Sumber: ${r.potentialSource ?? '-'} (penyebut); ${r.participantsSource ?? '-'} (pembilang).`, left).moveDown();
  doc.font('Helvetica-Bold').fontSize(11).text('Peringkat cakupan', left).font('Helvetica').fontSize(9);
  const cols = [left, left + 25, left + 195, left + 270, left + 345, left + 400, right];
  let y = doc.y + 4;
  ['#', 'Wilayah', 'Aktif', 'Potensi', 'Cakupan', 'Target / kesenjangan'].forEach((h, i) =>
    doc.font('Helvetica-Bold').text(h, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 4 }),
  );
  for (const x of d.rankings.coverage) {
    const c = d.children.find((k) => k.code === x.code)!;
    y = doc.y + 3;
    if (y > doc.page.height - 80) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    [
      String(x.rank),
      x.name,
      n(x.active),
      n(x.potential),
      `${pct(x.pct)}${c.flagged ? ' !' : ''}`,
      c.target ? `${pct(c.target.value)} / ${n(c.target.gapPeople)}` : '-',
    ].forEach((v, i) => doc.font('Helvetica').text(v, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 4 }));
  }
  drawSignature(doc, letterhead);
  doc
    .moveDown()
    .fontSize(8)
    .fillColor('#555')
    .text(
      'Cakupan = peserta aktif ÷ potensi peserta, dihitung ulang dari pembilang dan penyebut yang disimpan; "!" = persentase yang dilaporkan berbeda lebih dari 0,5 poin. ' +
        `Peringkat: cakupan tertinggi; bila sama, peserta aktif terbanyak. Dicetak dengan Jaring oleh ${actor.username}.`,
      left,
    );
  doc.end();
}
