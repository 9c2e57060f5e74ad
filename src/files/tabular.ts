import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellText } from '../domain/import-cells.js';
import { writeCsv, PEOPLE_CSV_DELIMITER } from '../db/csv.js';
import { readRows, type FileFormat } from './readers.js';

/**
 * Tables in and out of Jaring, for every module: reading a CSV/XLSX table whole (answer files,
 * statements, coverage inputs), finding a column by the names offices give it, and writing any table
 * as CSV (with BOM, for Excel) or XLSX with every text cell neutralised against formulas.
 */

/** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** Reads a CSV/XLSX table into header + text rows (answer files and statements are at most a few hundred thousand rows). */
export async function readTable(path: string, format: FileFormat): Promise<{ headers: string[]; rows: { rowNo: number; cells: string[] }[] }> {
  let headers: string[] = [];
  const rows: { rowNo: number; cells: string[] }[] = [];
  for await (const r of readRows(path, format, { onHeader: (h) => (headers = h) }))
    rows.push({ rowNo: r.rowNo, cells: r.cells.map((c) => cellText(c).trim()) });
  return { headers, rows };
}

/** The index of the first header matching one of the patterns (case and spacing ignored), or -1. */
export function findColumn(headers: string[], patterns: RegExp[]): number {
  const norm = headers.map((h) =>
    h
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_|_$/g, ''),
  );
  for (const p of patterns) {
    const i = norm.findIndex((h) => p.test(h));
    if (i >= 0) return i;
  }
  return -1;
}

/** Column names BPJS Ketenagakerjaan branches use in the files they send back (answers, statements). */
export const COLUMN_PATTERNS = {
  nik: [/^NIK$/, /^NO_?KTP$/, /^NOMOR_INDUK_KEPENDUDUKAN$/, /NIK/],
  kpj: [/^KPJ$/, /^NO_?KPJ$/, /^NOMOR_KPJ$/, /KPJ/, /^PARTICIPANT_(NO|NUMBER)$/],
  status: [/^STATUS$/, /^HASIL$/, /^KETERANGAN_STATUS$/, /STATUS/, /^RESULT$/],
  reason: [/^ALASAN$/, /^REASON$/, /^KETERANGAN$/, /ALASAN/],
  lastMonth: [/^BULAN_TERAKHIR$/, /^IURAN_(S_?D|SAMPAI)$/, /^LAST_PAID_MONTH$/, /^PAID_UNTIL$/, /BULAN.*TERAKHIR/, /SAMPAI/],
  amount: [/^JUMLAH(_IURAN)?$/, /^TOTAL(_IURAN)?$/, /^AMOUNT$/, /^IURAN_DIBAYAR$/, /^NOMINAL$/],
};

/** Any table as CSV (with BOM, for Excel) or XLSX, every text cell neutralised against formulas. */
export async function writeTable(
  format: 'csv' | 'xlsx',
  out: Writable,
  sheet: string,
  headers: string[],
  rows: AsyncIterable<(string | number)[]> | (string | number)[][],
): Promise<void> {
  const iter = async function* () {
    for await (const r of rows as AsyncIterable<(string | number)[]>) yield r.map((v) => (typeof v === 'string' ? safeCell(v) : v));
  };
  if (format === 'csv') return writeCsv(out, iter(), { header: headers, bom: true, delimiter: PEOPLE_CSV_DELIMITER });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet(sheet);
  ws.columns = headers.map((h) => ({ header: h, width: Math.max(12, h.length + 2) }));
  ws.getRow(1).font = { bold: true };
  for await (const r of iter()) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}
