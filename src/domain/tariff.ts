import { monthRange } from './calendar.js';
import { AppError } from '../errors.js';
import { problem } from './problem.js';

/**
 * BPU contribution engine: dated rates, declared income and time-boxed discounts → integer Rupiah
 * per month, each line naming its legal basis (shared/DOMAIN.md §1). No amount lives in code.
 */
export type TariffProgram = 'JKK' | 'JKM' | 'JHT';
export const FUNDING_TYPES = ['SC', 'SB', 'SG', 'SD', 'SA', 'SL'] as const;
export type FundingType = (typeof FUNDING_TYPES)[number];

export interface TariffRate {
  program: TariffProgram;
  /** Share of the declared income in basis points (100 = 1 %), or null for a flat amount. */
  rateBp: number | null;
  amount: number | null;
  validFrom: string;
  validTo: string | null;
  legalBasis: string;
}

export interface TariffDiscount {
  name: string;
  programs: TariffProgram[];
  discountBp: number;
  /** null = every sector. */
  sectorCodes: string[] | null;
  excludedFundingTypes: string[];
  validFrom: string;
  validTo: string;
  legalBasis: string;
}

export interface TariffTables {
  rates: TariffRate[];
  discounts: TariffDiscount[];
}

/** What a program buys for each worker: JKK + JKM always, JHT if chosen, on one declared income. */
export interface ContributionPackage {
  declaredIncome: number;
  includeJht: boolean;
}

export interface ContributionLine {
  program: TariffProgram;
  base: number;
  discountBp: number;
  amount: number;
  legalBasis: string;
  discountBasis: string | null;
}

export interface MonthlyContribution {
  month: string;
  total: number;
  lines: ContributionLine[];
}

export interface Payer {
  sectorCode: string;
  fundingType: FundingType;
}

function validOn(from: string, to: string | null, day: string): boolean {
  return from <= day && (to === null || day <= to);
}

/** Contribution for one worker and one month: rates valid on the 1st, the largest applicable discount per programme. */
export function monthlyContribution(tables: TariffTables, pkg: ContributionPackage, payer: Payer, month: string): MonthlyContribution {
  const day = `${month}-01`;
  const programs: TariffProgram[] = pkg.includeJht ? ['JKK', 'JKM', 'JHT'] : ['JKK', 'JKM'];
  const lines = programs.map((program): ContributionLine => {
    const rate = tables.rates.find((r) => r.program === program && validOn(r.validFrom, r.validTo, day));
    if (!rate) {
      throw AppError.validation([
        problem('month', 'no_tariff', `Tidak ada tarif ${program} yang berlaku untuk ${month}`, `No ${program} rate is valid for ${month}`),
      ]);
    }
    const base = rate.rateBp !== null ? Math.floor((pkg.declaredIncome * rate.rateBp) / 10000) : (rate.amount ?? 0);
    // Discounts never stack: the largest one that reaches this payer applies.
    let best: TariffDiscount | null = null;
    for (const d of tables.discounts) {
      if (!d.programs.includes(program) || !validOn(d.validFrom, d.validTo, day)) continue;
      if (d.sectorCodes !== null && !d.sectorCodes.includes(payer.sectorCode)) continue;
      if (d.excludedFundingTypes.includes(payer.fundingType)) continue;
      if (!best || d.discountBp > best.discountBp) best = d;
    }
    const discountBp = best?.discountBp ?? 0;
    const amount = Math.floor((base * (10000 - discountBp)) / 10000);
    return { program, base, discountBp, amount, legalBasis: rate.legalBasis, discountBasis: best ? `${best.name} (${best.legalBasis})` : null };
  });
  return { month, total: lines.reduce((sum, l) => sum + l.amount, 0), lines };
}

/** Total for one worker over the months from..to ("YYYY-MM", inclusive). */
export function periodContribution(tables: TariffTables, pkg: ContributionPackage, payer: Payer, from: string, to: string): number {
  return monthRange(from, to).reduce((sum, month) => sum + monthlyContribution(tables, pkg, payer, month).total, 0);
}

/** A source as the tariff explanation sees it: who pays, and for which sectors (empty = every sector). */
export interface ExplainedPayer {
  name: string;
  fundingType: FundingType;
  sectors: string[];
}

/**
 * The legal basis of a plan's prices, only of what applied: the rates of the programs in the package,
 * each reduction with the sources and months it reached, and — where a reduction in force did not reach
 * a source that pays for its sectors — why (the payer type it excludes). Pure; every line names its rule.
 */
export function explainTariff(tables: TariffTables, pkg: ContributionPackage, payers: ExplainedPayer[], months: string[], allSectors: string[]): string[] {
  const rates = new Set<string>();
  const applied = new Map<string, Set<string>>();
  const excluded = new Map<string, Set<string>>();
  for (const p of payers) {
    const sectors = p.sectors.length > 0 ? p.sectors : allSectors;
    for (const month of months)
      for (const sector of sectors)
        for (const l of monthlyContribution(tables, pkg, { sectorCode: sector, fundingType: p.fundingType }, month).lines) {
          rates.add(`${l.program}: ${l.legalBasis}`);
          if (l.discountBasis) (applied.get(l.discountBasis) ?? applied.set(l.discountBasis, new Set()).get(l.discountBasis)!).add(p.name);
        }
    for (const d of tables.discounts) {
      const inForce = months.some((m) => validOn(d.validFrom, d.validTo, `${m}-01`));
      const reachesSectors = d.sectorCodes === null || sectors.some((s) => d.sectorCodes!.includes(s));
      if (inForce && reachesSectors && d.excludedFundingTypes.includes(p.fundingType)) {
        const key = `${d.name} (${d.legalBasis})`;
        (excluded.get(key) ?? excluded.set(key, new Set()).get(key)!).add(`${p.name} (${p.fundingType})`);
      }
    }
  }
  return [
    ...rates,
    ...[...applied].map(([d, names]) => `${d}: berlaku untuk / applies to ${[...names].join(', ')}`),
    ...[...excluded].map(
      ([d, names]) => `${d}: tidak berlaku untuk / does not apply to ${[...names].join(', ')} — jenis pembayar dikecualikan / payer type excluded`,
    ),
  ];
}
