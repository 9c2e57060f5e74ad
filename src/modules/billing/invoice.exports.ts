import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { personal } from '../../access/personal.js';
import { formatRupiah } from '../../domain/money.js';
import { safeCell } from '../../files/tabular.js';
import { bulan, drawSignature, tanggal } from '../../files/official-pdf.js';
import { insertAudit } from '../audit/audit.repository.js';
import { startOfficialPdf } from '../letterheads/letterheads.service.js';
import * as repo from './billing.repository.js';
import type { InvoiceDetail } from './billing.service.js';

const STATUS_ID = { open: 'Belum dibayar', partial: 'Dibayar sebagian', paid: 'Lunas' } as const;

/**
 * The invoice as an official document to attach to the payment order (SPM/SP2D): letterhead, number,
 * per month the participants and Rupiah billed and paid, the payments recorded, what is outstanding,
 * the tariff's legal basis and the signatory. `inv` comes from getInvoice (scope checked).
 */
export async function writeInvoicePdf(db: Queryable, actor: Actor, inv: InvoiceDetail, out: Writable): Promise<void> {
  await insertAudit(db, actor, { action: 'billing.export_invoice_pdf', entity: 'invoice', entityId: String(inv.id), regionCode: inv.regionCode });
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: inv.regionCode,
      document: `invoice:${inv.id}`,
      title: `Tagihan iuran #${inv.id}`,
      header: {
        nature: 'Biasa',
        attachment: '1 (satu) berkas daftar peserta',
        subject: `Tagihan iuran JKK dan JKM pekerja rentan ${bulan(inv.periodFrom, inv.periodTo)} — ${inv.sourceName}`,
      },
    },
    out,
  );
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  const n = (x: number) => x.toLocaleString('id-ID');
  const rows: [string, string][] = [
    ['Nomor tagihan', `#${inv.id} (urutan ${inv.seq})`],
    ['Sumber dana', `${inv.sourceName} (kode pendanaan ${inv.fundingType})`],
    ['Masa iuran', bulan(inv.periodFrom, inv.periodTo)],
    ['Jumlah baris peserta-bulan', n(inv.lines)],
    ['Jumlah tagihan', formatRupiah(inv.total)],
    ['Sudah dibayar', formatRupiah(inv.paid)],
    ['Sisa tagihan', formatRupiah(inv.outstanding)],
    ['Status', STATUS_ID[inv.status]],
  ];
  doc.fontSize(10);
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').text(k, left, y, { width: 170 });
    doc.font('Helvetica').text(v, left + 172, y, { width: right - left - 172 });
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(11).text('Rincian per bulan', left);
  const cols = [left, left + 120, left + 220, left + 340, right];
  let y = doc.y + 4;
  doc.fontSize(9);
  ['Bulan', 'Peserta', 'Iuran', 'Peserta terbayar'].forEach((h, i) =>
    doc.font('Helvetica-Bold').text(h, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 6, align: i ? 'right' : 'left' }),
  );
  for (const m of inv.months) {
    y = doc.y + 3;
    [bulan(m.month), n(m.lines), formatRupiah(m.amount), `${n(m.paidLines)} dari ${n(m.lines)}`].forEach((c, i) =>
      doc.font('Helvetica').text(c, cols[i]!, y, { width: cols[i + 1]! - cols[i]! - 6, align: i ? 'right' : 'left' }),
    );
  }
  if (inv.payments.length > 0) {
    doc.moveDown().font('Helvetica-Bold').fontSize(11).text('Pembayaran tercatat', left).font('Helvetica').fontSize(9);
    for (const p of inv.payments) doc.text(`• ${tanggal(p.paidOn)} — ${p.reference}: ${formatRupiah(p.amount)}`, left + 10);
    doc.text(
      'Pembayaran menutup baris tagihan berurutan dari bulan terawal; satu peserta-bulan terlindungi bila iurannya terbayar penuh. Daftar peserta terlampir menandai yang sudah terbayar.',
      left,
      doc.y,
      { width: right - left },
    );
  }
  doc.moveDown().font('Helvetica-Bold').fontSize(11).text('Dasar hukum tarif', left).font('Helvetica').fontSize(9);
  for (const b of inv.legalBasis) doc.text(`• ${b}`, left, doc.y, { width: right - left });
  drawSignature(doc, letterhead);
  doc.end();
}

/** The invoice's participant list (the lampiran): one row per participant-month, paid or not; identifiers by role; audit-logged. */
export async function writeInvoiceWorkbook(db: Queryable, actor: Actor, inv: InvoiceDetail, out: Writable): Promise<number> {
  const p = personal(actor);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Peserta', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'No', key: 'no', width: 7 },
    { header: 'NIK', key: 'nik', width: 20 },
    { header: 'KPJ', key: 'kpj', width: 14 },
    { header: 'Nama', key: 'name', width: 28 },
    { header: 'Desa/kelurahan', key: 'village', width: 22 },
    { header: 'Bulan', key: 'month', width: 16 },
    { header: 'Iuran (Rp)', key: 'amount', width: 12, style: { numFmt: '#,##0' } },
    { header: 'Terbayar', key: 'paid', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  let after = { participantId: 0, month: '1900-01-01' };
  let n = 0;
  for (;;) {
    const rows = await repo.invoiceLinePage(db, actor, inv.id, after, 5000);
    if (rows.length === 0) break;
    for (const r of rows)
      ws.addRow({
        no: ++n,
        nik: p.nik(r.nik),
        kpj: p.kpj(r.kpj) ?? '',
        name: safeCell(r.full_name),
        village: safeCell(r.village_name ?? r.village_code),
        month: bulan(r.month.slice(0, 7)),
        amount: r.amount,
        paid: r.paid ? 'YA' : 'BELUM',
      }).commit();
    const last = rows[rows.length - 1]!;
    after = { participantId: last.participant_id, month: last.month.slice(0, 10) };
  }
  ws.commit();
  await insertAudit(db, actor, {
    action: 'billing.export_invoice_xlsx',
    entity: 'invoice',
    entityId: String(inv.id),
    regionCode: inv.regionCode,
    after: { rows: n, nikMasked: !p.full },
  });
  await wb.commit();
  return n;
}
