import { monthRange } from './calendar.js';
import { addMonths } from './protection.js';
import { problem, type Problem } from './problem.js';
import { monthlyContribution, type ContributionPackage, type FundingType, type TariffTables } from './tariff.js';

/**
 * Donor rules (DOMAIN §7: GN Lingkaran for companies' CSR, Sertakan for persons). A sponsorship pays JKK + JKM
 * for 3, 6 or 12 months — GN Lingkaran collected "three-monthly periodic" payments [S18]; 6 and 12 are the
 * regency's offer. The price of each month comes from the tariff engine for the worker's sector and the
 * donor's BPJS type (SL for a person, SC for a company): PP 50/2025's discount reaches donors, because it
 * excludes only contributions paid from APBN/APBD (SG/SA), so a driver sponsored from January 2027 pays the
 * discounted rate until March 2027 and the full rate after (DOMAIN §1.4).
 */
export const SPONSORSHIP_MONTHS = [3, 6, 12] as const;
export const DONOR_KINDS = ['civil_servant', 'citizen', 'company'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];
/** How a worker said yes to being sponsored: the donor records who agreed, when and how — never a bare checkbox. */
export const CONSENT_METHODS = ['in_person', 'phone', 'written', 'message'] as const;

export const fundingTypeOf = (kind: DonorKind): FundingType => (kind === 'company' ? 'SC' : 'SL');

export interface MonthPrice {
  month: string;
  amount: number;
  discountBasis: string | null;
}

export interface SponsorshipPrice {
  months: MonthPrice[];
  total: number;
  /** The months split by fiscal year: each becomes one plan (budgets are per year). */
  segments: { year: number; from: string; to: string; amount: number }[];
}

/** The price for one worker of `sector` over `months` months from `monthFrom`, month by month. */
export function priceSponsorship(
  tables: TariffTables,
  pkg: ContributionPackage,
  fundingType: FundingType,
  sector: string,
  monthFrom: string,
  months: number,
): SponsorshipPrice {
  const list = monthRange(monthFrom, addMonths(monthFrom, months - 1)).map((m) => {
    const c = monthlyContribution(tables, pkg, { sectorCode: sector, fundingType }, m);
    return { month: m, amount: c.total, discountBasis: c.lines.find((l) => l.discountBasis)?.discountBasis ?? null };
  });
  const segments: SponsorshipPrice['segments'] = [];
  for (const m of list) {
    const year = Number(m.month.slice(0, 4));
    const last = segments[segments.length - 1];
    if (last && last.year === year) {
      last.to = m.month;
      last.amount += m.amount;
    } else segments.push({ year, from: m.month, to: m.month, amount: m.amount });
  }
  return { months: list, total: list.reduce((a, m) => a + m.amount, 0), segments };
}

/** Checks the request of a sponsorship: duration, first month (not in the past), and for a named worker the consent. */
export function sponsorshipProblems(
  s: {
    months: number;
    monthFrom: string;
    kind: 'named' | 'pool';
    workersWanted?: number | null;
    consent?: { by?: string; method?: string; at?: string } | null;
  },
  currentMonth: string,
): Problem[] {
  const out: Problem[] = [];
  if (!(SPONSORSHIP_MONTHS as readonly number[]).includes(s.months))
    out.push(problem('months', 'choice', 'Lama sponsor harus 3, 6 atau 12 bulan', 'A sponsorship lasts 3, 6 or 12 months'));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(s.monthFrom ?? ''))
    out.push(problem('monthFrom', 'format', 'Bulan mulai harus berbentuk TTTT-BB', 'The first month must look like YYYY-MM'));
  else if (s.monthFrom < currentMonth)
    out.push(problem('monthFrom', 'past', 'Bulan mulai tidak boleh sebelum bulan ini', 'The first month cannot be before this month'));
  else if (s.monthFrom > addMonths(currentMonth, 6))
    out.push(problem('monthFrom', 'far', 'Bulan mulai paling lambat 6 bulan dari sekarang', 'The first month must be within 6 months'));
  if (s.kind === 'pool' && (!Number.isInteger(s.workersWanted) || s.workersWanted! < 1 || s.workersWanted! > 10000))
    out.push(problem('workersWanted', 'range', 'Jumlah pekerja 1–10.000', 'Number of workers must be 1–10,000'));
  if (s.kind === 'named') {
    const c = s.consent ?? {};
    if (!c.by || c.by.trim().length < 2)
      out.push(
        problem('consent.by', 'required', 'Tulis siapa yang menyatakan setuju (nama pekerja atau walinya)', 'Say who agreed (the worker or their guardian)'),
      );
    if (!c.method || !(CONSENT_METHODS as readonly string[]).includes(c.method))
      out.push(
        problem(
          'consent.method',
          'choice',
          'Pilih cara persetujuan: langsung, telepon, tertulis atau pesan',
          'Choose how consent was given: in person, phone, written or message',
        ),
      );
    if (!c.at || !/^\d{4}-\d{2}-\d{2}$/.test(c.at))
      out.push(problem('consent.at', 'format', 'Tanggal persetujuan harus berbentuk TTTT-BB-HH', 'The consent date must look like YYYY-MM-DD'));
  }
  return out;
}

/**
 * Whether a named worker can be sponsored by the donor's source: living in the regency, of working age on
 * the first month (the dated defaults, enrolment.min_age/max_age), not a wage earner (a wage earner is a PU
 * participant, not BPU — DOMAIN §2.1).
 */
export function workerRefusals(
  w: { villageCode: string; birthDate: string; isWageEarner: boolean },
  regencyCode: string,
  monthFrom: string,
  ages: { min: number; max: number },
): Problem[] {
  const out: Problem[] = [];
  if (!w.villageCode.startsWith(`${regencyCode}.`))
    out.push(
      problem('villageCode', 'outside', `Desa pekerja harus di kabupaten/kota ${regencyCode}`, `The worker's village must be in regency ${regencyCode}`),
    );
  const [y, m] = monthFrom.split('-').map(Number) as [number, number];
  const [by, bm, bd] = w.birthDate.split('-').map(Number) as [number, number, number];
  const age = y - by - (m < bm || (m === bm && 1 < bd) ? 1 : 0);
  if (age < ages.min || age > ages.max)
    out.push(
      problem(
        'birthDate',
        'age',
        `Usia pekerja pada ${monthFrom} harus ${ages.min}–${ages.max} tahun`,
        `The worker must be ${ages.min}–${ages.max} years old in ${monthFrom}`,
      ),
    );
  if (w.isWageEarner)
    out.push(
      problem(
        'isWageEarner',
        'wage_earner',
        'Pekerja penerima upah didaftarkan pemberi kerjanya (PU), bukan donatur',
        'A wage earner is enrolled by the employer (PU), not by a donor',
      ),
    );
  return out;
}

/** A bank line against the donation its payment code names: the same amount is paid; anything else waits for a person. */
export function matchLine(lineAmount: number, expected: number): 'matched' | 'partial' {
  return lineAmount === expected ? 'matched' : 'partial';
}

/** The 16-digit payment codes a bank line's reference and description carry. */
export function paymentCodesIn(text: string): string[] {
  return [...new Set([...text.replace(/[\s.-]/g, ' ').matchAll(/(?<!\d)8\d{15}(?!\d)/g)].map((m) => m[0]))];
}

/** Small counts are not published: a regency with fewer than `min` donors shows no figures (public.min_count, as coverage). */
export function suppressCounters<T extends { donors: number; workers: number; months: number }>(rows: T[], min: number): (T & { suppressed: boolean })[] {
  return rows.map((r) => (r.donors < min ? { ...r, donors: 0, workers: 0, months: 0, suppressed: true } : { ...r, suppressed: false }));
}
