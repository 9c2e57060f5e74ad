import { regionCodesUnder } from './demo.repository.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/db.js';
import { writeCsv } from '../../db/csv.js';
import { AppError } from '../../errors.js';
import { pick, seededRandom } from './random.js';
import { syntheticPopulation, type PersonRow } from './population.js';

/**
 * Synthetic worker lists with the dirt real files carry, for tests and benchmarks. Deterministic for
 * a seed. About 30 % of rows are dirty but repairable (date formats, codes without dots, sex spelled
 * out, stray spaces, "Rp 1.500.000"); `errorRate` of rows carry one real error; 0.5 % repeat an
 * earlier NIK. The returned counts say what an import must find.
 */
export const GENERATED_HEADERS = ['NIK', 'NAMA LENGKAP', 'TGL LAHIR', 'JENIS KELAMIN', 'ALAMAT', 'KODE DESA', 'PEKERJAAN', 'DESIL', 'PENGHASILAN', 'NO HP'];

const SECTOR_TEXT: Record<string, string[]> = {
  tobacco_farm_labourer: ['Buruh Tani Tembakau', 'BURUH TANI TEMBAKAU', 'tobacco_farm_labourer'],
  religious_social_worker: ['Guru Ngaji', 'MARBOT', 'Modin'],
  food_farmer: ['Petani', 'PETANI PADI', 'food_farmer'],
  village_vulnerable_worker: ['Pekerja Rentan Desa', 'BURUH SERABUTAN'],
  fisher: ['Nelayan', 'NELAYAN'],
  itinerant_trader: ['Mlijo', 'Pedagang Keliling'],
  cigarette_factory_worker: ['Buruh Pabrik Rokok', 'BURUH LINTING'],
  domestic_worker: ['PRT', 'Pembantu Rumah Tangga'],
  driver_ojek: ['Ojek', 'Sopir'],
  village_apparatus: ['Perangkat Desa'],
  palm_oil_worker: ['Buruh Sawit'],
  other: ['Lainnya'],
};

export interface GenerateOptions {
  regency: string;
  rows: number;
  errorRate: number;
  seed: number;
  out: string;
  delimiter?: ',' | ';';
  /** End a CSV with empty rows as spreadsheets do (default true; a raw COPY baseline needs false). */
  trailingEmptyRows?: boolean;
}

export interface GenerateResult {
  rows: number;
  errorRows: number;
  duplicateRows: number;
  file: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const excelSerial = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);

function dirtyDate(rand: () => number, iso: string): string | number {
  const [y, m, d] = iso.split('-');
  const r = rand();
  if (r < 0.4) return iso;
  if (r < 0.6) return `${d}-${m}-${y}`;
  if (r < 0.8) return `${d}/${m}/${y}`;
  if (r < 0.9) return `${Number(d)}/${Number(m)}/${y}`;
  return excelSerial(iso);
}

function cleanish(rand: () => number, p: PersonRow): (string | number)[] {
  const dirty = rand() < 0.3;
  const sexWords = p.sex === 'L' ? ['L', 'LAKI-LAKI', 'Laki-laki', 'M', 'l', 'LK'] : ['P', 'PEREMPUAN', 'Perempuan', 'F', 'p', 'PR'];
  return [
    p.nik,
    dirty ? `  ${p.fullName.toUpperCase()} ` : p.fullName,
    dirty ? dirtyDate(rand, p.birthDate) : p.birthDate,
    dirty ? pick(rand, sexWords) : p.sex,
    p.address,
    dirty && rand() < 0.5 ? p.villageCode.replaceAll('.', '') : p.villageCode,
    pick(rand, SECTOR_TEXT[p.sectorCode] ?? ['Lainnya']),
    p.welfareDecile ?? '',
    dirty && rand() < 0.5 ? `Rp ${p.monthlyIncome.toLocaleString('id-ID')}` : p.monthlyIncome,
    p.phone ? (dirty ? p.phone.replace('+62', '0') : p.phone) : '',
  ];
}

/** One real error per call, of a kind drawn at random. */
function spoil(rand: () => number, row: (string | number)[], p: PersonRow): void {
  const kind = Math.floor(rand() * 7);
  if (kind === 0) row[0] = (Number(p.nik) / 1e15).toPrecision(6) + 'E+15';
  else if (kind === 1) row[0] = p.nik.slice(0, 15);
  else if (kind === 2) row[0] = p.nik.slice(0, 8) + 'O' + p.nik.slice(9);
  else if (kind === 3) row[2] = `31-02-${p.birthDate.slice(0, 4)}`;
  else if (kind === 4) row[5] = `${p.villageCode.slice(0, 6)}.99.2999`;
  else if (kind === 5) row[3] = 'X';
  else {
    const [y, m, d] = p.birthDate.split('-').map(Number) as [number, number, number];
    row[2] = `${y}-${pad(m)}-${pad(d === 1 ? 2 : d - 1)}`;
  }
}

export async function* generatedRows(db: Queryable, o: Omit<GenerateOptions, 'out'>, result: GenerateResult): AsyncGenerator<(string | number)[]> {
  const villages = await regionCodesUnder(db, 'village', o.regency);
  if (villages.length === 0) throw new AppError('validation', { id: `Kabupaten/kota ${o.regency} tidak ada`, en: `Regency/city ${o.regency} does not exist` });
  const rand = seededRandom(o.seed ^ 0x5eed);
  const recent: string[] = [];
  for (const p of syntheticPopulation({ count: o.rows, seed: o.seed, villages, otherDistricts: [], retiredDistrict: null, referenceYear: 2025 })) {
    const row = cleanish(rand, p);
    const r = rand();
    if (r < o.errorRate) {
      spoil(rand, row, p);
      result.errorRows++;
    } else if (r < o.errorRate + 0.005 && recent.length > 0) {
      row[0] = pick(rand, recent);
      result.duplicateRows++;
    } else if (recent.length < 1000) {
      recent.push(p.nik);
    } else if (rand() < 0.01) {
      recent[Math.floor(rand() * recent.length)] = p.nik;
    }
    result.rows++;
    yield row;
  }
}

export async function generateWorkersFile(db: Queryable, o: GenerateOptions): Promise<GenerateResult> {
  const result: GenerateResult = { rows: 0, errorRows: 0, duplicateRows: 0, file: o.out };
  if (o.out.toLowerCase().endsWith('.xlsx')) {
    // Our own file stream: exceljs's commit() resolves before a file it opened itself is flushed and
    // closed, so a reader right after could see a truncated workbook (seen under load on CI).
    const file = createWriteStream(o.out);
    const closed = once(file, 'close');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet('Pekerja');
    ws.addRow(GENERATED_HEADERS).commit();
    for await (const row of generatedRows(db, o, result)) ws.addRow(row).commit();
    ws.commit();
    await wb.commit();
    await closed;
    return result;
  }
  const d = o.delimiter ?? ',';
  const out = createWriteStream(o.out);
  const finished = once(out, 'finish');
  // Spreadsheets often leave empty rows at the end.
  const trailer = o.trailingEmptyRows === false ? '' : d.repeat(GENERATED_HEADERS.length - 1) + '\r\n\r\n';
  await writeCsv(out, generatedRows(db, o, result), { header: GENERATED_HEADERS, delimiter: d, trailer });
  await finished;
  return result;
}
