import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { safeCell } from '../../files/tabular.js';
import { insertAudit } from '../audit/audit.repository.js';
import type { QualityView } from './quality.service.js';

/** The data-quality table as a workbook (counts and percentages only, no person); audit-logged like every export. */
export async function writeQualityWorkbook(db: Queryable, actor: Actor, q: QualityView, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Mutu data', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Kode', key: 'code', width: 16 },
    { header: 'Wilayah', key: 'name', width: 28 },
    { header: 'Pekerja', key: 'workers', width: 12, style: { numFmt: '#,##0' } },
    { header: 'Terverifikasi (%)', key: 'verified', width: 16, style: { numFmt: '0.00' } },
    { header: `Terverifikasi ${q.recentMonths} bln (%)`, key: 'recent', width: 20, style: { numFmt: '0.00' } },
    { header: 'NIK diperiksa', key: 'nik', width: 14, style: { numFmt: '#,##0' } },
    { header: 'Tanpa HP', key: 'phone', width: 12, style: { numFmt: '#,##0' } },
    { header: 'Tanpa desil', key: 'decile', width: 12, style: { numFmt: '#,##0' } },
    { header: 'Kemungkinan ganda', key: 'dup', width: 18, style: { numFmt: '#,##0' } },
    { header: 'Verifikasi terakhir', key: 'last', width: 18 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of q.rows)
    ws.addRow({
      code: r.code,
      name: safeCell(r.name),
      workers: r.workers,
      verified: r.verifiedPct,
      recent: r.verifiedRecentPct,
      nik: r.flaggedNik,
      phone: r.noPhone,
      decile: r.noDecile,
      dup: r.duplicates,
      last: r.lastVerified ?? '',
    }).commit();
  const t = q.total;
  const total = ws.addRow({
    code: q.region,
    name: 'Jumlah',
    workers: t.workers,
    verified: t.verifiedPct,
    recent: t.verifiedRecentPct,
    nik: t.flaggedNik,
    phone: t.noPhone,
    decile: t.noDecile,
    dup: t.duplicates,
  });
  total.font = { bold: true };
  total.commit();
  ws.commit();
  await insertAudit(db, actor, { action: 'quality.export_xlsx', entity: 'report', entityId: `quality:${q.region}`, regionCode: actor.scope });
  await wb.commit();
}
