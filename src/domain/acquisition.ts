/**
 * BPJS Ketenagakerjaan's acquisition KPI for subsidised vulnerable workers (shared/DOMAIN.md §5.3, from the
 * Perdir 22/2022 process document [S13]): a worker funded by government or village money counts fully toward
 * a branch's acquisition with at least `fullMonths` months of contributions (masa iur) and proportionally
 * below (1,000 workers × 3 months → 500 at 6 months); a worker funded by a company's CSR, a bank or a donor
 * counts fully at `fullMonths` and not at all below. `fullMonths` is dated reference data
 * (reference_values 'kpi.full_credit_months'). Pure, no I/O.
 */

/** Kinds of money that count as government or village funding (SG, SD, SA); everything else is private. */
const GOVERNMENT_KINDS = new Set(['DBHCHT', 'APBD', 'DBH_SAWIT', 'APBDES', 'DANA_DESA']);

export type CreditClass = 'government' | 'private';

export function creditClass(sourceKind: string): CreditClass {
  return GOVERNMENT_KINDS.has(sourceKind) ? 'government' : 'private';
}

/** The share of one worker credited for `months` paid months (0 … 1). */
export function workerCredit(cls: CreditClass, months: number, fullMonths: number): number {
  if (months <= 0) return 0;
  if (months >= fullMonths) return 1;
  return cls === 'government' ? months / fullMonths : 0;
}

export interface MonthsHistogram {
  /** How many workers had exactly `months` paid months in the period. */
  months: number;
  workers: number;
}

export interface Acquisition {
  workers: number;
  /** Workers with at least fullMonths months: counted fully. */
  full: number;
  /** Workers below fullMonths counted proportionally (government money). */
  partial: number;
  /** Workers below fullMonths that count nothing (private money). */
  uncounted: number;
  /** The KPI figure: full workers plus the proportional shares, to two decimals. */
  credited: number;
}

/** A source's workers, by their paid months, turned into the KPI figure. */
export function acquisition(cls: CreditClass, histogram: MonthsHistogram[], fullMonths: number): Acquisition {
  let workers = 0;
  let full = 0;
  let partial = 0;
  let uncounted = 0;
  // Shares summed in whole months so that 1,000 × 3/6 is exactly 500.
  let partialMonths = 0;
  for (const h of histogram) {
    if (h.months <= 0 || h.workers <= 0) continue;
    workers += h.workers;
    if (h.months >= fullMonths) full += h.workers;
    else if (cls === 'government') {
      partial += h.workers;
      partialMonths += h.months * h.workers;
    } else uncounted += h.workers;
  }
  return { workers, full, partial, uncounted, credited: Math.round((full + partialMonths / fullMonths) * 100) / 100 };
}
