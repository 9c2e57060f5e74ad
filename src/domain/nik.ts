import { problem, type Problem } from './problem.js';

/**
 * NIK, the 16-digit population number (DOMAIN §6.1): PP KK CC DD MM YY SSSS.
 * - digits 1–6: the district where the NIK was first issued — not the domicile, and it keeps its code
 *   after regions split or are renumbered, so an unknown code is flagged for verification, never rejected;
 * - DD: day of birth, plus 40 for women; MM: month; YY: two-digit year (century ambiguous);
 * - SSSS: serial from 0001.
 */
export type Sex = 'L' | 'P';

export interface NikCheckOptions {
  /** Stated birth date (YYYY-MM-DD), checked against the NIK when given. */
  birthDate?: string | null;
  /** Stated sex, checked against the NIK when given. */
  sex?: Sex | null;
  /** Whether a district code (PP.KK.CC) is in the current Kemendagri list. */
  districtKnown?: (districtCode: string) => boolean;
  /** Reference date for "not born in the future"; defaults to now. */
  today?: Date;
}

export interface NikInfo {
  districtCode: string;
  sex: Sex;
  /** Possible birth dates, newest century first (20YY before 19YY when both are valid). */
  birthDates: string[];
  serial: string;
}

export interface NikCheck {
  ok: boolean;
  problems: Problem[];
  /** Accepted but needs a human look: the issuing district is not in the current list. */
  needsVerification: boolean;
  info: NikInfo | null;
}

const FIELD = 'nik';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!);
}

let cachedToday: { at: number; iso: string } = { at: 0, iso: '' };
/** Today's date as YYYY-MM-DD, recomputed at most once a second (NIK checks run a million times in an import). */
function isoDay(today: Date | undefined): string {
  if (today) return today.toISOString().slice(0, 10);
  const now = Date.now();
  if (now - cachedToday.at > 1000) cachedToday = { at: now, iso: new Date(now).toISOString().slice(0, 10) };
  return cachedToday.iso;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const fail = (p: Problem): NikCheck => ({ ok: false, problems: [p], needsVerification: false, info: null });
/** Both centuries a two-digit year of a NIK can mean, the later first (hoisted: checked a million times in an import). */
const CENTURIES = [2000, 1900] as const;

export function checkNik(raw: string, opts: NikCheckOptions = {}): NikCheck {
  const nik = raw.trim();
  if (!/^\d+$/.test(nik)) {
    return fail(problem(FIELD, 'nik_not_digits', `NIK hanya boleh berisi angka, ditemukan "${nik}"`, `NIK must contain digits only, found "${nik}"`));
  }
  if (nik.length !== 16) {
    return fail(problem(FIELD, 'nik_length', `NIK harus 16 digit, ditemukan ${nik.length}`, `NIK must be 16 digits, found ${nik.length}`));
  }
  const problems: Problem[] = [];
  const districtCode = `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`;
  const dayField = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const serial = nik.slice(12);
  const sex: Sex = dayField > 40 ? 'P' : 'L';
  const day = dayField > 40 ? dayField - 40 : dayField;
  const todayIso = isoDay(opts.today);

  const birthDates: string[] = [];
  for (const century of CENTURIES) {
    const y = century + yy;
    if (!isValidDate(y, month, day)) continue;
    const iso = `${y}-${pad(month)}-${pad(day)}`;
    if (iso <= todayIso) birthDates.push(iso);
  }
  if (dayField === 0 || (dayField > 31 && dayField <= 40) || dayField > 71 || birthDates.length === 0) {
    problems.push(
      problem(
        FIELD,
        'nik_birth_date',
        `NIK memuat tanggal lahir yang tidak ada (${nik.slice(6, 12)})`,
        `NIK holds a birth date that does not exist (${nik.slice(6, 12)})`,
      ),
    );
  }
  if (serial === '0000') {
    problems.push(problem(FIELD, 'nik_serial', 'Nomor urut NIK (4 digit terakhir) tidak boleh 0000', 'NIK serial number (last 4 digits) must not be 0000'));
  }
  if (opts.birthDate && birthDates.length > 0 && !birthDates.includes(opts.birthDate)) {
    problems.push(
      problem(
        FIELD,
        'nik_birth_mismatch',
        `Tanggal lahir pada NIK (${pad(day)}-${pad(month)}-${pad(yy)}) tidak sama dengan tanggal lahir ${opts.birthDate}`,
        `Birth date in the NIK (${pad(day)}-${pad(month)}-${pad(yy)}) does not match birth date ${opts.birthDate}`,
      ),
    );
  }
  if (opts.sex && birthDates.length > 0 && opts.sex !== sex) {
    const nikSex = sex === 'P' ? ['perempuan', 'female'] : ['laki-laki', 'male'];
    problems.push(
      problem(
        FIELD,
        'nik_sex_mismatch',
        `NIK menunjukkan ${nikSex[0]}, tidak sesuai jenis kelamin yang diisi`,
        `NIK indicates ${nikSex[1]}, which does not match the stated sex`,
      ),
    );
  }
  const needsVerification = problems.length === 0 && opts.districtKnown !== undefined && !opts.districtKnown(districtCode);
  return {
    ok: problems.length === 0,
    problems,
    needsVerification,
    info: birthDates.length > 0 ? { districtCode, sex, birthDates, serial } : null,
  };
}

/** Sixteen digits: the shape of a NIK, for finding a registered person (the full check with region codes is `checkNik`). */
export function isNikShape(v: string): boolean {
  return /^\d{16}$/.test(v);
}

/** The NIK as shown to roles that do not need it in full: first 4 and last 4 digits. */
export function maskNik(nik: string): string {
  if (nik.length < 8) return '•'.repeat(nik.length);
  return nik.slice(0, 4) + '•'.repeat(nik.length - 8) + nik.slice(-4);
}
