import { problem } from './problem.js';

/**
 * The benefits a protected BPU worker's claim pays (DOMAIN §3), computed from dated reference rows (the
 * `benefit_amounts` table): JKM for a death not from work, JKK for a work accident (death, total
 * disability, temporary incapacity month by month), and the scholarship schedule per child. Pure: the
 * caller loads the rows in force on the event day. Every line says the rule and the regulation it
 * comes from. Amounts are integer Rupiah.
 */
export interface BenefitRow {
  key: string;
  unit: 'rupiah' | 'times_income' | 'income_bp' | 'months' | 'years' | 'children';
  value: number;
  validFrom: string;
  validTo: string | null;
  legalBasis: string;
}

export interface BenefitLine {
  key: string;
  label: { id: string; en: string };
  amount: number;
  rule: string;
  legalBasis: string;
}

export class MissingBenefitRule extends Error {
  constructor(
    readonly key: string,
    readonly day: string,
  ) {
    super(`No benefit rule ${key} in force on ${day}`);
  }
}

/** The row of `key` in force on `day`, or an error naming both (reference data, never a constant in code). */
export function ruleOn(rows: readonly BenefitRow[], key: string, day: string): BenefitRow {
  const r = rows
    .filter((x) => x.key === key && x.validFrom <= day && (x.validTo === null || x.validTo >= day))
    .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
  if (!r) throw new MissingBenefitRule(key, day);
  return r;
}

/** Whole months from `from` to `to` (both "YYYY-MM-DD"): 2026-01-15 → 2026-04-14 is 2, → 2026-04-15 is 3. */
export function completedMonths(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, months);
}

const line = (r: BenefitRow, label: BenefitLine['label'], amount: number, rule: string): BenefitLine => ({
  key: r.key,
  label,
  amount,
  rule,
  legalBasis: r.legalBasis,
});

const rp = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

export interface JkmResult {
  lines: BenefitLine[];
  total: number;
  /** Whether the children may receive the scholarship (membership long enough for a death not from work). */
  scholarship: { eligible: boolean; reason: string; legalBasis: string };
}

/**
 * JKM for a death not from a work accident: the death lump sum, the periodic benefit paid at once and
 * the funeral cost; within the first months of membership only the funeral cost (DOMAIN §3.1). The
 * scholarship needs a minimum contribution period for such a death.
 */
export function jkmBenefit(rows: readonly BenefitRow[], e: { deathDate: string; membershipStart: string; contributionMonths: number }): JkmResult {
  const day = e.deathDate;
  const lump = ruleOn(rows, 'jkm.death_lump_sum', day);
  const periodic = ruleOn(rows, 'jkm.periodic_lump_sum', day);
  const funeral = ruleOn(rows, 'jkm.funeral', day);
  const minMonths = ruleOn(rows, 'jkm.min_membership_months', day);
  const minYears = ruleOn(rows, 'jkm.scholarship_min_years', day);
  const months = completedMonths(e.membershipStart, e.deathDate);
  const early = months < minMonths.value;
  const lines: BenefitLine[] = early
    ? [
        line(
          funeral,
          { id: 'Biaya pemakaman', en: 'Funeral cost' },
          funeral.value,
          `meninggal pada bulan ke-${months + 1} kepesertaan, sebelum ${minMonths.value} bulan penuh: hanya biaya pemakaman (${minMonths.legalBasis})`,
        ),
      ]
    : [
        line(lump, { id: 'Santunan kematian', en: 'Death benefit' }, lump.value, rp(lump.value)),
        line(periodic, { id: 'Santunan berkala (dibayar sekaligus)', en: 'Periodic benefit (paid at once)' }, periodic.value, rp(periodic.value)),
        line(funeral, { id: 'Biaya pemakaman', en: 'Funeral cost' }, funeral.value, rp(funeral.value)),
      ];
  const eligible = e.contributionMonths >= minYears.value * 12;
  return {
    lines,
    total: lines.reduce((a, l) => a + l.amount, 0),
    scholarship: {
      eligible,
      reason: eligible
        ? `masa iur ${e.contributionMonths} bulan ≥ ${minYears.value} tahun`
        : `masa iur ${e.contributionMonths} bulan < ${minYears.value} tahun: beasiswa tidak diberikan untuk kematian bukan karena kecelakaan kerja`,
      legalBasis: minYears.legalBasis,
    },
  };
}

/** JKK death from a work accident: a multiple of the declared income (DOMAIN §3.2); the scholarship needs no minimum period. */
export function jkkDeathBenefit(rows: readonly BenefitRow[], e: { date: string; declaredIncome: number }): BenefitLine {
  const m = ruleOn(rows, 'jkk.death_multiple', e.date);
  return line(
    m,
    { id: 'Santunan kematian karena kecelakaan kerja', en: 'Work-accident death benefit' },
    m.value * e.declaredIncome,
    `${m.value} × ${rp(e.declaredIncome)}`,
  );
}

/** JKK total permanent disability: a multiple of the declared income (DOMAIN §3.2). */
export function jkkTotalDisability(rows: readonly BenefitRow[], e: { date: string; declaredIncome: number }): BenefitLine {
  const m = ruleOn(rows, 'jkk.total_disability_multiple', e.date);
  return line(
    m,
    { id: 'Santunan cacat total tetap', en: 'Total permanent disability benefit' },
    m.value * e.declaredIncome,
    `${m.value} × ${rp(e.declaredIncome)}`,
  );
}

/** JKK partial permanent disability: the percentage from the disability table × the multiple × the declared income (DOMAIN §3.2). */
export function jkkPartialDisability(rows: readonly BenefitRow[], e: { date: string; declaredIncome: number; percent: number }): BenefitLine {
  const m = ruleOn(rows, 'jkk.partial_disability_multiple', e.date);
  return line(
    m,
    { id: `Santunan cacat sebagian tetap ${e.percent} %`, en: `Partial permanent disability benefit, ${e.percent} %` },
    Math.floor((e.percent * m.value * e.declaredIncome) / 100),
    `${e.percent} % × ${m.value} × ${rp(e.declaredIncome)}`,
  );
}

/**
 * Temporary incapacity (STMB) month by month: the full rate for the first months, the reduced rate after
 * (DOMAIN §3.2), of the declared income, rounded down to whole Rupiah.
 */
export function stmbSchedule(rows: readonly BenefitRow[], e: { date: string; declaredIncome: number; months: number }): BenefitLine[] {
  if (!Number.isInteger(e.months) || e.months < 0)
    throw Object.assign(new Error('months'), {
      problem: problem('months', 'range', 'Jumlah bulan harus bilangan bulat ≥ 0', 'Months must be a whole number ≥ 0'),
    });
  const first = ruleOn(rows, 'jkk.stmb_first_months', e.date);
  const full = ruleOn(rows, 'jkk.stmb_first_bp', e.date);
  const after = ruleOn(rows, 'jkk.stmb_after_bp', e.date);
  return Array.from({ length: e.months }, (_, i) => {
    const r = i < first.value ? full : after;
    return line(
      r,
      { id: `STMB bulan ke-${i + 1}`, en: `Temporary incapacity, month ${i + 1}` },
      Math.floor((e.declaredIncome * r.value) / 10_000),
      `${r.value / 100} % × ${rp(e.declaredIncome)}${i < first.value ? ` (${first.value} bulan pertama)` : ` (sesudah ${first.value} bulan)`}`,
    );
  });
}

export const SCHOOL_LEVELS = ['tk_sd', 'smp', 'sma', 'pt'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export interface Child {
  name: string;
  birthDate: string;
  /** Where the child is in school on the event day; null when not yet at school. */
  level: SchoolLevel | null;
  /** Which year of that level (1 = first), when at school. */
  yearInLevel: number;
  /** The school year schooling starts, for a child not yet at school (e.g. 2028). */
  startsYear?: number;
}

export interface ScholarshipYear {
  child: string;
  /** The child's place in the list given (0 = the eldest). */
  childIndex: number;
  schoolYear: number;
  level: SchoolLevel;
  yearInLevel: number;
  amount: number;
  legalBasis: string;
}

/**
 * The scholarship years still to come for the children of a participant who died or became totally
 * disabled: at most the number of children the rules allow (in the order given: the eldest first), each
 * level for its maximum years at its yearly amount, from the school year of the event (or when schooling
 * starts) until the child turns the maximum age (DOMAIN §3.3). A school year is counted by the calendar
 * year it starts in; the child's age is taken on 1 July of that year (the Indonesian school year starts in July).
 */
export function scholarshipSchedule(
  rows: readonly BenefitRow[],
  e: { eventDate: string; children: readonly Child[] },
): { years: ScholarshipYear[]; excluded: { child: string; reason: string }[]; total: number } {
  const day = e.eventDate;
  const maxChildren = ruleOn(rows, 'beasiswa.children', day);
  const maxAge = ruleOn(rows, 'beasiswa.max_age', day);
  const eventYear = Number(day.slice(0, 4)) - (Number(day.slice(5, 7)) < 7 ? 1 : 0);
  const years: ScholarshipYear[] = [];
  const excluded: { child: string; reason: string }[] = [];
  e.children.forEach((c, i) => {
    if (i >= maxChildren.value) {
      excluded.push({ child: c.name, reason: `paling banyak ${maxChildren.value} anak (${maxChildren.legalBasis})` });
      return;
    }
    let level = SCHOOL_LEVELS.indexOf(c.level ?? 'tk_sd');
    let inLevel = c.level ? c.yearInLevel : 1;
    let year = c.level ? eventYear : Math.max(eventYear, c.startsYear ?? eventYear);
    while (level < SCHOOL_LEVELS.length) {
      const lv = SCHOOL_LEVELS[level]!;
      const perYear = ruleOn(rows, `beasiswa.${lv}.per_year`, day);
      const maxYears = ruleOn(rows, `beasiswa.${lv}.max_years`, day);
      if (inLevel > maxYears.value) {
        level++;
        inLevel = 1;
        continue;
      }
      const age = completedMonths(c.birthDate, `${year}-07-01`) / 12;
      if (age >= maxAge.value) break;
      years.push({ child: c.name, childIndex: i, schoolYear: year, level: lv, yearInLevel: inLevel, amount: perYear.value, legalBasis: perYear.legalBasis });
      year++;
      inLevel++;
    }
  });
  return { years, excluded, total: years.reduce((a, y) => a + y.amount, 0) };
}

/**
 * The most a scholarship can total on `day`: per child, each level's yearly amount × its maximum years
 * (Rp 87,000,000 under PP 82/2019), times the number of children allowed (Rp 174,000,000).
 */
export function scholarshipCapOn(rows: readonly BenefitRow[], day: string): { perChild: number; children: number; total: number; legalBasis: string } {
  const children = ruleOn(rows, 'beasiswa.children', day);
  const perChild = SCHOOL_LEVELS.reduce(
    (a, lv) => a + ruleOn(rows, `beasiswa.${lv}.per_year`, day).value * ruleOn(rows, `beasiswa.${lv}.max_years`, day).value,
    0,
  );
  return { perChild, children: children.value, total: perChild * children.value, legalBasis: children.legalBasis };
}

/** Why a child's scholarship year may not be paid (DOMAIN §3.3): it ends at the maximum age, on marriage, or when the child works. */
export function scholarshipYearCheck(
  rows: readonly BenefitRow[],
  y: { schoolYear: number; birthDate: string | null; eventDate: string; enrolled: boolean; married: boolean; working: boolean },
): { ok: true } | { ok: false; reason: 'age' | 'married' | 'working' | 'not_enrolled'; rule: string } {
  const maxAge = ruleOn(rows, 'beasiswa.max_age', y.eventDate);
  if (y.birthDate && completedMonths(y.birthDate, `${y.schoolYear}-07-01`) / 12 >= maxAge.value)
    return { ok: false, reason: 'age', rule: `usia ${maxAge.value} tahun (${maxAge.legalBasis})` };
  if (y.married) return { ok: false, reason: 'married', rule: `menikah (${maxAge.legalBasis})` };
  if (y.working) return { ok: false, reason: 'working', rule: `bekerja (${maxAge.legalBasis})` };
  if (!y.enrolled) return { ok: false, reason: 'not_enrolled', rule: 'tidak terdaftar di sekolah/perguruan tinggi' };
  return { ok: true };
}

/** The years within which a claim must be made after the incident: the JKK rule for a work-related incident, the JKM rule for a death not from work (DOMAIN §3.2, §3.5). */
export function claimDeadlineYears(rows: readonly BenefitRow[], kind: string, day: string): BenefitRow {
  return ruleOn(rows, kind === 'death' ? 'jkm.claim_deadline_years' : 'jkk.claim_deadline_years', day);
}

/**
 * JKK medical care: the costs recorded so far, each a line, paid as needed until recovery — no ceiling
 * while the rule's ceiling is 0 (DOMAIN §3.2); a ceiling above 0 caps the total.
 */
export function medicalCareLines(
  rows: readonly BenefitRow[],
  e: { date: string; costs: readonly { amount: number; on: string; description: string }[] },
): BenefitLine[] {
  const ceiling = ruleOn(rows, 'jkk.medical_ceiling', e.date);
  let left = ceiling.value > 0 ? ceiling.value : Number.POSITIVE_INFINITY;
  return e.costs.map((c) => {
    const amount = Math.min(c.amount, left);
    left -= amount;
    return line(
      ceiling,
      { id: `Biaya perawatan ${c.on}: ${c.description}`, en: `Medical care ${c.on}: ${c.description}` },
      amount,
      ceiling.value > 0 ? `biaya tercatat, paling banyak ${rp(ceiling.value)} seluruhnya` : 'biaya tercatat, sesuai kebutuhan medis, tanpa batas biaya',
    );
  });
}
