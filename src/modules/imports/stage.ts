import * as repo from './imports.repository.js';
import type { Db } from '../../db/db.js';
import { CopyBuffer, csvLine } from '../../db/csv.js';
import { checkNik } from '../../domain/nik.js';
import type { RepeatedNiks } from './repeated-niks.js';
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

export class ImportCancelled extends Error {}

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

const BATCH_ROWS = 20_000;

export interface StageOptions {
  importId: number;
  path: string;
  format: FileFormat;
  sheet: string | null;
  mapping: Mapping;
  headers: string[];
  /** lower-cased sector code / name → code */
  sectors: ReadonlyMap<string, string>;
  /** Called after each batch with bytes and rows read; throws ImportCancelled to stop. */
  onBatch: (bytes: number, rows: number) => Promise<void>;
  today?: Date;
  /** Collects the rows whose NIK may repeat an earlier row's (for a merge in chunks). */
  repeats?: RepeatedNiks;
}

/**
 * Reads the file row by row, repairs or rejects each cell (domain/import-cells), and COPYs the rows
 * in batches into import_rows. Memory holds two batches' bytes at most (one being COPYed). Returns the number of data rows.
 */
export async function stageRows(db: Db, o: StageOptions): Promise<number> {
  let bytes = 0;
  let rows = 0;
  // Two byte buffers: one is COPYed (lent to the database, no copy made) while the next batch is parsed into
  // the other — on PostgreSQL the server ingests on the other core. At most one batch is in flight.
  let batch = new CopyBuffer();
  let spare = new CopyBuffer();
  let inBatch = 0;
  let inFlight: Promise<void> | null = null;
  const flush = async () => {
    if (inFlight) await inFlight;
    inFlight = null;
    if (inBatch > 0) {
      const sent = batch;
      inFlight = repo.copyStaged(db, sent.lend()).finally(() => sent.release());
      inFlight.catch(() => undefined); // surfaced by the await above or below, never unhandled
      [batch, spare] = [spare, batch];
    }
    inBatch = 0;
    await o.onBatch(bytes, rows);
  };
  const col = (f: ImportField) => o.mapping[f];
  const deathCol = col('deathDate') !== undefined;
  const asOf = (o.today ?? new Date()).toISOString().slice(0, 10);
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
      const check = checkNik(nik, { birthDate, sex, today: o.today });
      for (const p of check.problems) errors.push({ field: 'nik', column: o.headers[col('nik')!] ?? '', value: nik, code: p.code, id: p.id, en: p.en });
    }
    rows++;
    inBatch++;
    const stagedNik = nik !== null && /^\d{1,40}$/.test(nik) ? nik : null;
    if (stagedNik !== null) o.repeats?.add(stagedNik, row.rowNo);
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
    if (inBatch >= BATCH_ROWS) await flush();
  }
  await flush();
  if (inFlight) await inFlight;
  return rows;
}
