import type { Writable } from 'node:stream';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { formatRupiah } from '../../domain/money.js';
import { insertAudit } from '../audit/audit.repository.js';
import { writeTable } from '../../files/tabular.js';
import type { Dashboard } from './coverage.service.js';

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

/** A printable report: headline, ranking with its basis, gap to target with its cost, flags. */
export async function writeCoveragePdf(db: Queryable, actor: Actor, d: Dashboard, out: Writable): Promise<void> {
  const { default: PDFDocument } = await import('pdfkit');
  await insertAudit(db, actor, { action: 'coverage.export_pdf', entity: 'coverage', entityId: d.region.code || 'ID', regionCode: d.region.code || null });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Cakupan jaminan sosial ketenagakerjaan ${d.region.name}`, Author: 'Jaring' } });
  doc.pipe(out);
  const r = d.region;
  const n = (x: number | null) => (x === null ? '-' : x.toLocaleString('id-ID'));
  doc.fontSize(16).text(`Cakupan Jaminan Sosial Ketenagakerjaan — ${r.name}`);
  doc.fontSize(10).fillColor('#555').text(`Universal Coverage Jamsostek, per ${d.asOf}. Coverage of employment social security.`).fillColor('black').moveDown();
  doc.fontSize(11).text(`Peserta aktif ${n(r.active)} dari ${n(r.potential)} potensi peserta = ${r.pct === null ? '-' : r.pct.toFixed(2)} %`);
  if (r.reportedPct !== null) doc.text(`Dilaporkan: ${r.reportedPct.toFixed(2)} %${r.flagged ? ' — TIDAK KONSISTEN (selisih > 0,5 poin)' : ''}`);
  if (r.target)
    doc.text(
      `Target ${r.target.year}: ${r.target.value.toFixed(2)} % (${r.target.source}). Kurang ${n(r.target.gapPeople)} peserta = ${formatRupiah(r.target.gapRupiahPerYear)} per tahun ` +
        `(${formatRupiah(d.tariff.monthly)} × 12 bulan; ${d.tariff.legalBasis.join('; ')}).`,
    );
  doc.text(
    `Aktif di BPJS, dibiayai Jaring: ${n(r.subsidised)} peserta${r.subsidisedShare !== null ? ` (${r.subsidisedShare.toFixed(2).replace('.', ',')} % dari peserta aktif)` : ''}; ` +
      `dihitung seperti BPJS: iuran bulan ${d.subsidisedRule.month} terbayar atau bulan terakhir terbayar masih dalam masa tunggakan ` +
      `${d.subsidisedRule.arrearsMonths} bulan (${d.subsidisedRule.legalBasis}). Sudah dibayar untuk bulan ini: ${n(r.subsidisedPaid)} peserta.`,
  );
  doc.text(`Sumber: ${r.potentialSource ?? '-'} (penyebut); ${r.participantsSource ?? '-'} (pembilang).`).moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text('Peringkat cakupan / coverage ranking').font('Helvetica').fontSize(9);
  const cols = [48, 75, 250, 330, 410, 470];
  let y = doc.y + 4;
  ['#', 'Wilayah', 'Aktif', 'Potensi', 'Cakupan', 'Target / kesenjangan'].forEach((h, i) =>
    doc.font('Helvetica-Bold').text(h, cols[i]!, y, { width: (cols[i + 1] ?? 560) - cols[i]! - 4 }),
  );
  for (const x of d.rankings.coverage) {
    const c = d.children.find((k) => k.code === x.code)!;
    y = doc.y + 3;
    if (y > 760) {
      doc.addPage();
      y = 48;
    }
    [
      String(x.rank),
      x.name,
      n(x.active),
      n(x.potential),
      `${x.pct.toFixed(2)} %${c.flagged ? ' !' : ''}`,
      c.target ? `${c.target.value} % / ${n(c.target.gapPeople)}` : '-',
    ].forEach((v, i) => doc.font('Helvetica').text(v, cols[i]!, y, { width: (cols[i + 1] ?? 560) - cols[i]! - 4 }));
  }
  doc
    .moveDown()
    .fontSize(8)
    .fillColor('#555')
    .text(
      'Cakupan = peserta aktif ÷ potensi peserta, dihitung ulang dari pembilang dan penyebut yang disimpan; "!" = persentase yang dilaporkan berbeda lebih dari 0,5 poin. ' +
        `Peringkat: cakupan tertinggi; bila sama, peserta aktif terbanyak. Dicetak ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC oleh ${actor.username}.`,
      48,
    );
  doc.end();
}
