import { normalizeRegionCode } from './region-code.js';
import { normalizePhone } from './worker-rules.js';

/**
 * Reading one spreadsheet cell into a field value. Each parser repairs what can be repaired exactly
 * and otherwise says why not, in both languages. Nothing is ever guessed.
 */
export type Cell = string | number | boolean | Date | null;

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; code: string; id: string; en: string };

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const bad = (code: string, id: string, en: string): Parsed<never> => ({ ok: false, code, id, en });

/** The cell as the operator sees it, for reports. */
export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c);
}

const blank = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');
/** Runs of white space to one space, trimmed; a clean cell (most of a million) is returned as it is. */
const squash = (s: string) => (/[^\S ]| {2}|^ | $/.test(s) ? s.replace(/\s+/g, ' ').trim() : s);

/**
 * NIK. Spreadsheets damage NIKs in two ways: scientific notation (3.50917E+15 — the digits are gone)
 * and numeric cells, where Excel keeps only 15 significant digits and turns the 16th into 0.
 * A numeric 16-digit NIK ending in a non-zero digit cannot have been cut, so it is exact.
 */
export function parseNikCell(c: Cell): Parsed<string> {
  if (blank(c)) return ok(null);
  if (typeof c === 'number') {
    if (!Number.isSafeInteger(c))
      return bad(
        'nik_scientific',
        'NIK tersimpan sebagai angka pecahan/notasi ilmiah; digit asli hilang',
        'NIK stored as a fractional/scientific number; the original digits are lost',
      );
    const s = String(c);
    if (s.length === 16 && !s.endsWith('0')) return ok(s);
    if (s.length === 16) {
      return bad(
        'nik_excel_number',
        'NIK tersimpan sebagai angka di Excel (hanya 15 digit yang disimpan); format kolom sebagai Teks dan ketik ulang',
        'NIK stored as an Excel number (only 15 digits are kept); format the column as Text and re-enter it',
      );
    }
    return bad(
      'nik_length',
      `NIK harus 16 digit, ditemukan ${s.length} (kolom angka: nol di depan atau digit bisa hilang)`,
      `NIK must be 16 digits, found ${s.length} (numeric column: leading zeros or digits may be lost)`,
    );
  }
  const raw = squash(String(c)).replace(/^'/, '');
  if (/^\d+([.,]\d+)?e[+-]?\d+$/i.test(raw)) {
    return bad(
      'nik_scientific',
      `NIK "${raw}" dalam notasi ilmiah; digit asli hilang, ambil dari KTP/KK`,
      `NIK "${raw}" is in scientific notation; the digits are lost, take it from the ID card`,
    );
  }
  // "3509171203850001.0" (a number written out by some exports) and "3509 1712 0385 0001" (grouped).
  return ok(raw.replace(/^(\d{16})\.0+$/, '$1').replace(/[\s-]/g, ''));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function isoOrNull(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 ? `${y}-${pad2(m)}-${pad2(d)}` : null;
}

/** Excel's day 1 is 1900-01-01 and it counts a 29 Feb 1900 that never was: serial 60. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 61 || serial > 73050) return null;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

// The message is built only for a cell that fails (not for each of a million good dates); module-level
// functions rather than closures made on every call.
const dateFail = (c: Cell): Parsed<never> =>
  bad(
    'date_invalid',
    `Tanggal "${cellText(c)}" tidak dikenali (gunakan HH-BB-TTTT atau TTTT-BB-HH)`,
    `Date "${cellText(c)}" not recognised (use DD-MM-YYYY or YYYY-MM-DD)`,
  );

/** The format is right but the day may not be in the calendar (29-02-1999, 31-04-1990): say so, not "not recognised". */
function dateOf(y: number, mo: number, d: number, s: string): Parsed<string> {
  const iso = isoOrNull(y, mo, d);
  if (iso) return ok(iso);
  if (y < 1900 || y > 2100) return bad('date_year', `Tahun ${y} pada tanggal "${s}" di luar 1900–2100`, `Year ${y} of date "${s}" is outside 1900–2100`);
  return bad(
    'date_not_a_day',
    `Tanggal "${s}" tidak ada di kalender (periksa hari dan bulan)`,
    `Date "${s}" is not a day of the calendar (check day and month)`,
  );
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/;
const DMY_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

/** Dates as DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD, Excel serial numbers or real date cells. */
export function parseDateCell(c: Cell): Parsed<string> {
  if (blank(c)) return ok(null);
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? dateFail(c) : ok(c.toISOString().slice(0, 10));
  if (typeof c === 'number') return excelSerialToIso(c) ? ok(excelSerialToIso(c)) : dateFail(c);
  const s = squash(String(c));
  let m = ISO_DATE.exec(s);
  if (m) return dateOf(+m[1]!, +m[2]!, +m[3]!, s);
  m = DMY_DATE.exec(s);
  if (m) return dateOf(+m[3]!, +m[2]!, +m[1]!, s);
  if (/^\d{5}$/.test(s)) return excelSerialToIso(+s) ? ok(excelSerialToIso(+s)) : dateFail(c);
  return dateFail(c);
}

const SEX: Record<string, 'L' | 'P'> = {
  L: 'L',
  LK: 'L',
  'LAKI-LAKI': 'L',
  'LAKI LAKI': 'L',
  LAKI: 'L',
  PRIA: 'L',
  M: 'L',
  MALE: 'L',
  '1': 'L',
  P: 'P',
  PR: 'P',
  PEREMPUAN: 'P',
  WANITA: 'P',
  F: 'P',
  FEMALE: 'P',
  W: 'P',
  '2': 'P',
};

export function parseSexCell(c: Cell): Parsed<'L' | 'P'> {
  if (blank(c)) return ok(null);
  const v = SEX[squash(cellText(c)).toUpperCase()];
  return v
    ? ok(v)
    : bad(
        'sex_invalid',
        `Jenis kelamin "${cellText(c)}" tidak dikenali (L/P, LAKI-LAKI/PEREMPUAN, M/F)`,
        `Sex "${cellText(c)}" not recognised (L/P, LAKI-LAKI/PEREMPUAN, M/F)`,
      );
}

export function parseVillageCell(c: Cell): Parsed<string> {
  if (blank(c)) return ok(null);
  const code = normalizeRegionCode(cellText(c).replace(/\s/g, ''));
  if (code && code.length === 13) return ok(code);
  return bad(
    'village_code_format',
    `Kode desa "${cellText(c)}" harus 10 digit (PP.KK.CC.DDDD)`,
    `Village code "${cellText(c)}" must have 10 digits (PP.KK.CC.DDDD)`,
  );
}

export function parseDecileCell(c: Cell): Parsed<number> {
  if (blank(c)) return ok(null);
  const n = Number(cellText(c).trim());
  return Number.isInteger(n) && n >= 1 && n <= 10 ? ok(n) : bad('decile_range', `Desil "${cellText(c)}" harus 1–10`, `Decile "${cellText(c)}" must be 1–10`);
}

/** Rupiah as people write them: 1500000, 1.500.000, Rp 1.500.000, 1,500,000. Never fractions. */
export function parseRupiahCell(c: Cell): Parsed<number> {
  if (blank(c)) return ok(null);
  if (typeof c === 'number')
    return Number.isSafeInteger(c) && c >= 0
      ? ok(c)
      : bad('income_invalid', `Penghasilan "${c}" harus bilangan bulat Rupiah ≥ 0`, `Income "${c}" must be whole Rupiah ≥ 0`);
  const s = squash(String(c)).replace(/^rp\.?\s*/i, '');
  if (/^\d{1,3}([.,]\d{3})+$/.test(s) || /^\d+$/.test(s)) return ok(Number(s.replace(/[.,]/g, '')));
  return bad('income_invalid', `Penghasilan "${cellText(c)}" harus bilangan bulat Rupiah ≥ 0`, `Income "${cellText(c)}" must be whole Rupiah ≥ 0`);
}

export function parsePhoneCell(c: Cell): Parsed<string> {
  if (blank(c)) return ok(null);
  const raw = typeof c === 'number' ? `0${c}` : cellText(c);
  const p = normalizePhone(raw);
  return p ? ok(p) : bad('phone_invalid', `Nomor HP "${cellText(c)}" tidak valid`, `Phone number "${cellText(c)}" is not valid`);
}

export function parseBoolCell(c: Cell): Parsed<boolean> {
  if (blank(c)) return ok(null);
  if (typeof c === 'boolean') return ok(c);
  const v = squash(cellText(c)).toUpperCase();
  if (['YA', 'Y', 'YES', '1', 'TRUE', 'BENAR', 'SUDAH'].includes(v)) return ok(true);
  if (['TIDAK', 'T', 'TDK', 'N', 'NO', '0', 'FALSE', 'SALAH', 'BELUM'].includes(v)) return ok(false);
  return bad('bool_invalid', `Nilai "${cellText(c)}" harus YA atau TIDAK`, `Value "${cellText(c)}" must be YES or NO`);
}

export function parseTextCell(c: Cell, max: number): Parsed<string> {
  if (blank(c)) return ok(null);
  const s = squash(cellText(c));
  return s.length <= max ? ok(s) : bad('too_long', `Teks terlalu panjang (maks. ${max} karakter)`, `Text too long (max ${max} characters)`);
}

const ALIVE = new Set(['HIDUP', 'TIDAK', 'T', 'TDK', 'N', 'NO', '0', '-', 'ALIVE', 'BELUM']);
const DIED = new Set(['MENINGGAL', 'MENINGGAL DUNIA', 'WAFAT', 'MD', 'YA', 'Y', 'YES', '1', 'DIED', 'DECEASED', 'DEAD']);

/**
 * Death as a DTSEN extract reports it: a date of death, or a word (MENINGGAL, YA) without a date, which
 * counts from `asOf` (the day the file is read). Blank, HIDUP or TIDAK: alive. A date after `asOf` is refused.
 */
export function parseDeathCell(c: Cell, asOf: string): Parsed<string> {
  if (blank(c) || (typeof c === 'boolean' && !c)) return ok(null);
  if (typeof c === 'boolean') return ok(asOf);
  if (typeof c === 'string') {
    const word = squash(c).toUpperCase();
    if (ALIVE.has(word)) return ok(null);
    if (DIED.has(word)) return ok(asOf);
  }
  const d = parseDateCell(c);
  if (!d.ok) {
    return bad(
      'death_invalid',
      `Status meninggal "${cellText(c)}" tidak dikenali (tanggal meninggal, MENINGGAL, atau HIDUP)`,
      `Death status "${cellText(c)}" not recognised (a date of death, MENINGGAL, or HIDUP)`,
    );
  }
  if (d.value !== null && d.value > asOf) {
    return bad('death_future', `Tanggal meninggal ${d.value} belum terjadi`, `Date of death ${d.value} is in the future`);
  }
  return d;
}
