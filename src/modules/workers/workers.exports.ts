import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/db.js';
import { safeCell } from '../../files/tabular.js';
import { listSectors } from '../sectors/sectors.repository.js';
import type { WorkerListItem } from './workers.presenter.js';

const STATUS_ID: Record<NonNullable<WorkerListItem['enrolment']>['status'] | 'none', string> = {
  none: 'Belum diusulkan',
  candidate: 'Calon',
  submitted: 'Diajukan ke BPJS',
  active: 'Aktif',
  lapsed: 'Nonaktif (menunggak)',
  ended: 'Berakhir',
};

/**
 * The registry list as Excel shows it in an Indonesian office: names of village and district, the
 * sector's name, enrolment status, KPJ and protected-until, dates as dates. Rows arrive a page at a time.
 */
export async function writeWorkersWorkbook(
  db: Queryable,
  out: Writable,
  run: (write: (rows: WorkerListItem[]) => Promise<void>) => Promise<number>,
): Promise<number> {
  const sectors = new Map((await listSectors(db)).map((s) => [s.code, s.name_id]));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Pekerja', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'NIK', key: 'nik', width: 20 },
    { header: 'Nama', key: 'name', width: 28 },
    { header: 'Jenis kelamin', key: 'sex', width: 8 },
    { header: 'Tanggal lahir', key: 'birth', width: 13, style: { numFmt: 'dd/mm/yyyy' } },
    { header: 'Desa/kelurahan', key: 'village', width: 22 },
    { header: 'Kecamatan', key: 'district', width: 20 },
    { header: 'Kode desa', key: 'code', width: 15 },
    { header: 'Sektor', key: 'sector', width: 26 },
    { header: 'Pekerjaan', key: 'occupation', width: 22 },
    { header: 'Desil', key: 'decile', width: 7 },
    { header: 'Status kepesertaan', key: 'status', width: 20 },
    { header: 'KPJ', key: 'kpj', width: 14 },
    { header: 'Terlindungi s.d.', key: 'until', width: 14, style: { numFmt: 'dd/mm/yyyy' } },
    { header: 'NIK perlu verifikasi', key: 'nv', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: 'A1', to: 'N1' };
  const asDate = (d: string | null) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00Z`) : (d ?? ''));
  const n = await run(async (rows) => {
    for (const w of rows)
      ws.addRow({
        nik: w.nik,
        name: safeCell(w.fullName),
        sex: w.sex,
        birth: asDate(w.birthDate),
        village: safeCell(w.villageName ?? ''),
        district: safeCell(w.districtName ?? ''),
        code: w.villageCode,
        sector: sectors.get(w.sectorCode) ?? w.sectorCode,
        occupation: safeCell(w.occupation),
        decile: w.welfareDecile,
        status: STATUS_ID[w.enrolment?.status ?? 'none'],
        kpj: w.enrolment?.kpj ?? '',
        until: asDate(w.enrolment?.protectedUntil ?? null),
        nv: w.nikNeedsVerification ? 'YA' : '',
      }).commit();
  });
  ws.commit();
  await wb.commit();
  return n;
}
