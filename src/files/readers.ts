import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parseCsv } from './csv-parser.js';
import ExcelJS from 'exceljs';
import { cellText, type Cell } from '../domain/import-cells.js';
import { AppError } from '../errors.js';
import { problem } from '../domain/problem.js';
import { checkZipLimits, workbookSheets, type WorkbookSheet } from './zip-entry.js';

/**
 * Streaming readers for CSV and XLSX: rows come out one at a time, so memory stays flat whatever
 * the file size. Row numbers are the spreadsheet's own (header = row 1), so an operator can find
 * a reported row in Excel.
 */
export type FileFormat = 'csv' | 'xlsx';

/** Caps on what one file may hold: a regency's list is 1.5 million rows and a few dozen columns. */
export const MAX_ROWS = 5_000_000;
export const MAX_COLUMNS = 500;

export interface SourceRow {
  rowNo: number;
  cells: Cell[];
}

export interface FileShape {
  sheets: string[];
  sheet: string | null;
  headers: string[];
  sample: Cell[][];
}

export function formatOf(fileName: string): FileFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** Comma, semicolon (Excel in Indonesian locale) or tab: whichever appears most outside quotes in the first line. */
export function detectDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ',';
}

async function firstLineOf(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return text.split(/\r?\n/)[0] ?? '';
  } finally {
    await fh.close();
  }
}

/** Counts bytes as they stream past, for progress. */
function byteCounter(onBytes: (n: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      onBytes(total);
      cb(null, chunk);
    },
  });
}

const isEmptyRow = (cells: Cell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** Records numbered from 1 in file order (the header is record 1, as in a spreadsheet). */
async function* csvRows(path: string, onBytes: (n: number) => void): AsyncGenerator<SourceRow> {
  const delimiter = detectDelimiter(await firstLineOf(path));
  let rowNo = 0;
  for await (const rows of parseCsv(createReadStream(path, { highWaterMark: 1 << 16 }).pipe(byteCounter(onBytes)), delimiter)) {
    for (const record of rows) {
      for (let i = 0; i < record.length; i++) record[i] = unquoteExcelText(record[i]!);
      yield { rowNo: ++rowNo, cells: record };
    }
  }
}

/** Excel's text marker: '3509… or '+62… (also what our own reports write) — the apostrophe is not data. */
const unquoteExcelText = (s: string) => (s.length > 1 && s[0] === "'" && /[=+\-@\d]/.test(s[1]!) ? s.slice(1) : s);

function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return unquoteExcelText(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return xlsxCell(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return String(v as unknown);
}

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

async function* xlsxRows(
  path: string,
  sheet: string | null,
  onBytes: (n: number) => void,
  onSheets?: (names: string[], current: string) => void,
): AsyncGenerator<SourceRow> {
  await checkZipLimits(path);
  const listed = await workbookSheets(path);
  const stream = createReadStream(path).pipe(byteCounter(onBytes));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  // The sheet list is read from the zip's central directory first: exceljs writes workbook.xml as the
  // last entry, and its streaming reader then sometimes loses it and fails on `model.sheets`.
  const internals = reader as unknown as { model?: { sheets?: WorkbookSheet[] }; _parseWorkbook: (entry: unknown) => Promise<void> };
  if (listed) {
    internals.model = { sheets: listed };
    const parseWorkbook = internals._parseWorkbook.bind(reader);
    internals._parseWorkbook = async (entry) => {
      await parseWorkbook(entry);
      if (!internals.model?.sheets) internals.model = { ...internals.model, sheets: listed };
    };
  }
  const names = (listed ?? []).map((s) => s.name);
  let done = false;
  for await (const ws of reader as AsyncIterable<SheetReader>) {
    if (done || (sheet !== null && ws.name !== sheet)) {
      // Drain sheets we do not read: the zip is one stream.
      for await (const _row of ws) void _row;
      continue;
    }
    onSheets?.(names.length > 0 ? names : [ws.name], ws.name);
    // The streaming reader skips empty rows; row.number stays the sheet's own.
    for await (const row of ws) yield { rowNo: row.number, cells: (row.values as ExcelJS.CellValue[]).slice(1).map(xlsxCell) };
    done = true;
  }
  if (!done && sheet !== null) throw new SheetNotFound(sheet);
}

export class SheetNotFound extends Error {
  constructor(readonly sheet: string) {
    super(`sheet ${sheet} not found`);
  }
}

/**
 * The file's rows after the header, with their row numbers. The header is the first non-empty row;
 * wholly empty rows (trailing ones included) are skipped.
 */
export async function* readRows(
  path: string,
  format: FileFormat,
  opts: {
    sheet?: string | null;
    onBytes?: (n: number) => void;
    onHeader?: (headers: string[]) => void;
    onSheets?: (names: string[], current: string) => void;
  } = {},
): AsyncGenerator<SourceRow> {
  const onBytes = opts.onBytes ?? (() => undefined);
  const source = format === 'csv' ? csvRows(path, onBytes) : xlsxRows(path, opts.sheet ?? null, onBytes, opts.onSheets);
  let header = false;
  let rows = 0;
  for await (const row of source) {
    const cells = row.cells;
    if (cells.length > MAX_COLUMNS)
      throw AppError.validation([
        problem('file', 'columns', `Baris ${row.rowNo} punya lebih dari ${MAX_COLUMNS} kolom`, `Row ${row.rowNo} has more than ${MAX_COLUMNS} columns`),
      ]);
    if (++rows > MAX_ROWS)
      throw AppError.validation([
        problem(
          'file',
          'rows',
          `Berkas punya lebih dari ${MAX_ROWS.toLocaleString('id-ID')} baris`,
          `The file has more than ${MAX_ROWS.toLocaleString('en')} rows`,
        ),
      ]);
    if (isEmptyRow(cells)) continue;
    if (!header) {
      header = true;
      opts.onHeader?.(cells.map((c) => cellText(c).trim()));
      continue;
    }
    yield row;
  }
}

/** Sheets, headers and the first rows, for the mapping step. Reads only as far as it needs. */
export async function inspectFile(path: string, format: FileFormat, sheet: string | null = null): Promise<FileShape> {
  let headers: string[] = [];
  const sample: Cell[][] = [];
  const sheets: string[] = [];
  let chosen: string | null = null;
  const rows = readRows(path, format, {
    sheet,
    onHeader: (h) => (headers = h),
    onSheets: (names, current) => {
      if (sheets.length === 0) sheets.push(...names);
      chosen ??= current;
    },
  });
  for await (const row of rows) {
    // A spreadsheet row is sparse where Excel saved a blank: every sample row gets a cell per header.
    sample.push(Array.from({ length: Math.max(headers.length, row.cells.length) }, (_, i) => row.cells[i] ?? null));
    if (sample.length >= 5) break;
  }
  return { sheets, sheet: format === 'xlsx' ? (chosen ?? sheet ?? sheets[0] ?? null) : null, headers, sample };
}
