import { checkNik, type Sex } from './nik.js';
import { normalizeRegionCode } from './region-code.js';
import { problem, type Problem } from './problem.js';

/** What a person (form, API, CLI) sends to register or edit a worker. */
export interface WorkerInput {
  nik: string;
  fullName: string;
  birthDate: string;
  sex: string;
  address?: string | null;
  villageCode: string;
  sectorCode: string;
  occupation?: string | null;
  welfareDecile?: number | null;
  monthlyIncome?: number | null;
  phone?: string | null;
  isWageEarner?: boolean | null;
}

export interface CleanWorker {
  nik: string;
  nikNeedsVerification: boolean;
  fullName: string;
  birthDate: string;
  sex: Sex;
  address: string;
  villageCode: string;
  sectorCode: string;
  occupation: string;
  welfareDecile: number | null;
  monthlyIncome: number | null;
  phone: string | null;
  isWageEarner: boolean;
}

/** Facts from reference data that the rules need, looked up by the caller. */
export interface WorkerLookups {
  districtKnown: (districtCode: string) => boolean;
  villageExists: (villageCode: string) => boolean;
  sectorExists: (sectorCode: string) => boolean;
  today?: Date;
}

const collapse = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Indonesian mobile numbers: 08…, 628… or +628…, stored as +62…; 9–15 digits in all. */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s().-]/g, '');
  const m = /^(?:\+?62|0)(8\d{7,12})$/.exec(digits);
  return m ? `+62${m[1]}` : null;
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Checks and normalises every field, returning all problems at once. */
export function cleanWorker(input: WorkerInput, lookups: WorkerLookups): { worker: CleanWorker | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const today = (lookups.today ?? new Date()).toISOString().slice(0, 10);

  const fullName = collapse(input.fullName);
  if (!fullName) problems.push(problem('fullName', 'required', 'Nama lengkap wajib diisi', 'Full name is required'));
  else if (fullName.length > 200)
    problems.push(problem('fullName', 'too_long', 'Nama lengkap paling banyak 200 karakter', 'Full name must be at most 200 characters'));

  const birthDate = collapse(input.birthDate);
  const birthOk = isIsoDate(birthDate) && birthDate <= today && birthDate >= '1900-01-01';
  if (!birthOk) {
    problems.push(
      problem(
        'birthDate',
        'date_invalid',
        `Tanggal lahir "${birthDate}" tidak valid (format TTTT-BB-HH, tidak di masa depan)`,
        `Birth date "${birthDate}" is not valid (format YYYY-MM-DD, not in the future)`,
      ),
    );
  }

  const sexRaw = collapse(input.sex).toUpperCase();
  const sex = sexRaw === 'L' || sexRaw === 'P' ? (sexRaw as Sex) : null;
  if (!sex) problems.push(problem('sex', 'sex_invalid', 'Jenis kelamin harus L (laki-laki) atau P (perempuan)', 'Sex must be L (male) or P (female)'));

  const nik = collapse(input.nik);
  const nikCheck = checkNik(nik, { birthDate: birthOk ? birthDate : null, sex, districtKnown: lookups.districtKnown, today: lookups.today });
  problems.push(...nikCheck.problems);

  const villageCode = normalizeRegionCode(collapse(input.villageCode));
  if (!villageCode || villageCode.length !== 13) {
    problems.push(
      problem(
        'villageCode',
        'village_code_format',
        `Kode desa "${input.villageCode}" harus 10 digit (PP.KK.CC.DDDD)`,
        `Village code "${input.villageCode}" must have 10 digits (PP.KK.CC.DDDD)`,
      ),
    );
  } else if (!lookups.villageExists(villageCode)) {
    problems.push(
      problem(
        'villageCode',
        'village_unknown',
        `Desa/kelurahan ${villageCode} tidak ada dalam daftar Kemendagri`,
        `Village ${villageCode} is not in the Kemendagri list`,
      ),
    );
  }

  const sectorCode = collapse(input.sectorCode);
  if (!lookups.sectorExists(sectorCode)) {
    problems.push(problem('sectorCode', 'sector_unknown', `Sektor "${sectorCode}" tidak dikenal`, `Unknown sector "${sectorCode}"`));
  }

  const decile = input.welfareDecile ?? null;
  if (decile !== null && !(Number.isInteger(decile) && decile >= 1 && decile <= 10)) {
    problems.push(problem('welfareDecile', 'decile_range', 'Desil kesejahteraan harus 1–10', 'Welfare decile must be 1–10'));
  }
  const income = input.monthlyIncome ?? null;
  if (income !== null && !(Number.isSafeInteger(income) && income >= 0)) {
    problems.push(
      problem('monthlyIncome', 'income_invalid', 'Penghasilan per bulan harus bilangan bulat Rupiah ≥ 0', 'Monthly income must be whole Rupiah ≥ 0'),
    );
  }
  const phoneRaw = collapse(input.phone);
  const phone = phoneRaw ? normalizePhone(phoneRaw) : null;
  if (phoneRaw && !phone) {
    problems.push(
      problem(
        'phone',
        'phone_invalid',
        `Nomor HP "${phoneRaw}" tidak valid (contoh 081234567890)`,
        `Phone number "${phoneRaw}" is not valid (e.g. 081234567890)`,
      ),
    );
  }

  if (problems.length > 0 || !sex || !villageCode) return { worker: null, problems };
  return {
    worker: {
      nik,
      nikNeedsVerification: nikCheck.needsVerification,
      fullName,
      birthDate,
      sex,
      address: collapse(input.address),
      villageCode,
      sectorCode,
      occupation: collapse(input.occupation),
      welfareDecile: decile,
      monthlyIncome: income,
      phone,
      isWageEarner: input.isWageEarner ?? false,
    },
    problems,
  };
}
