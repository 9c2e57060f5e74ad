import { csvLine, type CopyBuffer } from '../../db/csv.js';
import { checkNik } from '../../domain/nik.js';
import { RepeatedNiks } from './repeated-niks.js';
import {
  cellText,
  parseBoolCell,
  parseDateCell,
  parseDeathCell,
  parseDecileCell,
  parseNikCell,
  parsePhoneCell,
  parseRupiahCell,
  parseSexCell,
  parseTextCell,
  parseVillageCell,
  type Cell,
  type Parsed,
} from '../../domain/import-cells.js';
import type { ImportField, Mapping } from '../../domain/import-mapping.js';
import { sectorFromText } from '../../domain/sector-text.js';
import { readRows, type FileFormat } from '../../files/readers.js';

/** One problem with one cell, as stored with the staged row and shown in the report. */
export interface RowError {
  field: ImportField | 'row';
  column: string;
  value: string;
  code: string;
  id: string;
  en: string;
}

/** The file's header for a problem: problems found in SQL name only the field, so look up its mapped column. */
export function problemColumn(headers: readonly string[], mapping: Mapping, e: { field: string; column: string }): string {
  return e.column || headers[mapping[e.field as ImportField] ?? -1] || '';
}

/** CSV cells are strings already; only XLSX cells need turning into text. */
function rawOf(cells: Cell[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (i > 0) out += RAW_SEPARATOR;
    out += typeof c === 'string' ? c : cellText(c);
  }
  return out;
}

/** The original cells of a row are kept joined by the ASCII unit separator: cheaper to store than JSON. */
export const RAW_SEPARATOR = '\x1f';

/** Rows per batch of COPY lines. */
const BATCH_ROWS = 20_000;

/** What reading and checking a file needs: plain data, so that it can be handed to a worker thread. */
export interface ParseOptions {
  importId: number;
  path: string;
  format: FileFormat;
  sheet: string | null;
  mapping: Mapping;
  headers: string[];
  /** lower-cased sector code / name → code */
  sectors: ReadonlyMap<string, string>;
  /** The day the checks are made on (birth dates in the future, deaths), an ISO date-time; now when absent. */
  today?: string;
  /** Whether to name the rows whose NIK may repeat an earlier row's (for a merge in chunks). */
  collectRepeats: boolean;
}

export interface ParseResult {
  rows: number;
  /** Row numbers whose NIK may repeat another row's, ascending (RepeatedNiks); null when not collected. */
  repeated: number[] | null;
}

/**
 * Hands over a full batch of COPY lines with the bytes of the file read and the rows parsed so far, and answers
 * with an empty buffer to go on with (the one handed over is not touched again).
 */
export type HandBatch = (full: CopyBuffer, bytes: number, rows: number) => Promise<CopyBuffer>;

/**
 * Reads the file row by row and repairs or rejects each cell (domain/import-cells), writing each row as a
 * COPY line for import_rows into a batch buffer that `hand` takes every 20,000 rows and at the end. No I/O
 * but the file: the same code runs in a worker thread (stage-worker.ts) or in the caller's thread.
 */
export async function parseRows(o: ParseOptions, first: CopyBuffer, hand: HandBatch): Promise<ParseResult> {
  let bytes = 0;
  let rows = 0;
  let batch = first;
  let inBatch = 0;
  const repeats = o.collectRepeats ? new RepeatedNiks() : null;
  const today = o.today === undefined ? undefined : new Date(o.today);
  const col = (f: ImportField) => o.mapping[f];
  const deathCol = col('deathDate') !== undefined;
  const asOf = (today ?? new Date()).toISOString().slice(0, 10);
  // Closures made once, not once per row: a million rows make that count.
  let cells: Cell[] = [];
  let errors: RowError[] = [];
  const cell = (f: ImportField): Cell => {
    const i = col(f);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const take = <T>(f: ImportField, parsed: Parsed<T>): T | null => {
    if (parsed.ok) return parsed.value;
    errors.push({ field: f, column: o.headers[col(f)!] ?? '', value: cellText(cell(f)), code: parsed.code, id: parsed.id, en: parsed.en });
    return null;
  };
  for await (const row of readRows(o.path, o.format, { sheet: o.sheet, onBytes: (n) => (bytes = n) })) {
    cells = row.cells;
    errors = [];
    const nik = take('nik', parseNikCell(cell('nik')));
    const fullName = take('fullName', parseTextCell(cell('fullName'), 200));
    const birthDate = take('birthDate', parseDateCell(cell('birthDate')));
    const sex = take('sex', parseSexCell(cell('sex')));
    const address = take('address', parseTextCell(cell('address'), 500));
    const villageCode = take('villageCode', parseVillageCell(cell('villageCode')));
    const sectorText = take('sectorCode', parseTextCell(cell('sectorCode'), 200));
    let occupation = take('occupation', parseTextCell(cell('occupation'), 200));
    const decile = take('welfareDecile', parseDecileCell(cell('welfareDecile')));
    const income = take('monthlyIncome', parseRupiahCell(cell('monthlyIncome')));
    const phone = take('phone', parsePhoneCell(cell('phone')));
    const wageEarner = take('isWageEarner', parseBoolCell(cell('isWageEarner')));
    const diedOn = deathCol ? take('deathDate', parseDeathCell(cell('deathDate'), asOf)) : null;
    let sectorCode: string | null = null;
    if (sectorText !== null) {
      const s = sectorFromText(sectorText, o.sectors);
      sectorCode = s.sectorCode;
      occupation ??= s.occupation;
    }
    if (nik === null) {
      if (!errors.some((e) => e.field === 'nik')) {
        errors.push({ field: 'nik', column: o.headers[col('nik')!] ?? '', value: '', code: 'required', id: 'NIK wajib diisi', en: 'NIK is required' });
      }
    } else {
      const check = checkNik(nik, { birthDate, sex, today });
      for (const p of check.problems) errors.push({ field: 'nik', column: o.headers[col('nik')!] ?? '', value: nik, code: p.code, id: p.id, en: p.en });
    }
    rows++;
    inBatch++;
    const stagedNik = nik !== null && /^\d{1,40}$/.test(nik) ? nik : null;
    if (stagedNik !== null) repeats?.add(stagedNik, row.rowNo);
    batch.push(
      csvLine([
        o.importId,
        row.rowNo,
        stagedNik,
        fullName,
        birthDate,
        sex,
        address,
        villageCode,
        sectorCode,
        occupation,
        decile,
        income,
        phone,
        wageEarner,
        diedOn,
        errors.length > 0 ? JSON.stringify(errors) : null,
        rawOf(row.cells),
      ]),
    );
    if (inBatch >= BATCH_ROWS) {
      batch = await hand(batch, bytes, rows);
      inBatch = 0;
    }
  }
  // The last batch, possibly empty: the caller reports the final progress with it.
  await hand(batch, bytes, rows);
  return { rows, repeated: repeats ? repeats.candidates() : null };
}
