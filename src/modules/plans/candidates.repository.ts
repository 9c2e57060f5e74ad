import type { Queryable } from '../../db/db.js';
import type { OptimizerGroup, OptimizerInput } from '../../domain/optimizer.js';
import { explainTariff, periodContribution, type ContributionPackage, type TariffTables } from '../../domain/tariff.js';
import { monthRange } from '../../domain/calendar.js';
import type { SourceRow } from '../funding/funding.repository.js';

/**
 * Candidates of a plan, set-based: one temporary table holds, per worker of the program's region,
 * a bit set of the rules each source's eligibility fails; the optimizer then sees only the counts
 * per (eligible sources, sector, decile, continuity) group.
 */
export const CHECKS = { sector: 1, decile: 2, age: 4, domicile: 8, wage_earner: 16, funded_elsewhere: 32 } as const;
export type CheckName = keyof typeof CHECKS;

export function checkNames(bits: number): CheckName[] {
  return (Object.keys(CHECKS) as CheckName[]).filter((k) => (bits & CHECKS[k]) !== 0);
}

export interface CandidateScope {
  regionCode: string;
  /** First and last month, 'YYYY-MM'. */
  monthFrom: string;
  monthTo: string;
  sources: SourceRow[];
  defaultMinAge: number;
  defaultMaxAge: number;
  /** A plan whose own approved funding should not count as "funded elsewhere". */
  exceptPlan: number | null;
}

const firstDay = (month: string) => `${month}-01`;

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Creates the temporary table `plan_cand` (dropped at commit): one row per candidate. Must run inside a transaction. */
export async function buildCandidates(tx: Queryable, c: CandidateScope): Promise<void> {
  const params: unknown[] = [c.regionCode, firstDay(c.monthFrom), firstDay(c.monthTo), firstDay(previousMonth(c.monthFrom)), c.exceptPlan ?? -1];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const checks = c.sources.map((s) => {
    const parts: string[] = [];
    if (s.sectors.length > 0) parts.push(`CASE WHEN w.sector_code = ANY(${p(s.sectors.map((x) => x.sectorCode))}::text[]) THEN 0 ELSE ${CHECKS.sector} END`);
    if (s.max_decile !== null) parts.push(`CASE WHEN w.welfare_decile IS NOT NULL AND w.welfare_decile <= ${s.max_decile} THEN 0 ELSE ${CHECKS.decile} END`);
    // Age on the first day of the plan between min and max ⟺ birth date between two fixed dates
    // (compared as dates: far cheaper than age() on every row).
    const [y, m] = c.monthFrom.split('-') as [string, string];
    const bornBy = `${Number(y) - (s.min_age ?? c.defaultMinAge)}-${m}-01`;
    const bornAfter = `${Number(y) - (s.max_age ?? c.defaultMaxAge) - 1}-${m}-01`;
    parts.push(`CASE WHEN w.birth_date <= ${p(bornBy)}::date AND w.birth_date > ${p(bornAfter)}::date THEN 0 ELSE ${CHECKS.age} END`);
    if (s.domicile_code !== c.regionCode) {
      const d = p(s.domicile_code);
      parts.push(`CASE WHEN w.village_code = ${d} OR w.village_code LIKE ${d} || '.%' THEN 0 ELSE ${CHECKS.domicile} END`);
    }
    if (s.exclude_wage_earners) parts.push(`CASE WHEN w.is_wage_earner THEN ${CHECKS.wage_earner} ELSE 0 END`);
    if (s.exclude_funded_elsewhere) parts.push(`CASE WHEN w.overlap THEN ${CHECKS.funded_elsewhere} ELSE 0 END`);
    return `(${parts.join(' | ')})`;
  });
  const fCols = checks.map((expr, i) => `${expr} AS f${i}`).join(',\n           ');
  const mask = c.sources.length === 0 ? '0' : c.sources.map((_, i) => `(CASE WHEN f${i} = 0 THEN ${2 ** i} ELSE 0 END)`).join(' + ');
  await tx.query('DROP TABLE IF EXISTS plan_cand');
  await tx.query(
    `CREATE TEMP TABLE plan_cand ON COMMIT DROP AS
     SELECT x.*, (${mask})::int AS mask
       FROM (SELECT w.worker_id, w.sector_code, w.decile, w.continuing${fCols ? ',\n           ' + fCols : ''}
               FROM (SELECT w.id AS worker_id, w.sector_code, w.village_code, w.welfare_decile, COALESCE(w.welfare_decile, 0)::smallint AS decile,
                            w.is_wage_earner, w.birth_date,
                            COALESCE(f.overlap, false) AS overlap, COALESCE(f.prev, false) AS continuing
                       FROM workers w
                       LEFT JOIN (SELECT pc.worker_id,
                                         bool_or(p.month_from <= $3::date AND p.month_to >= $2::date) AS overlap,
                                         bool_or(p.month_from <= $4::date AND p.month_to >= $4::date) AS prev
                                    FROM plan_candidates pc JOIN plans p ON p.id = pc.plan_id
                                   WHERE pc.outcome = 'funded' AND p.status = 'approved' AND p.id <> $5
                                   GROUP BY pc.worker_id) f ON f.worker_id = w.id
                      WHERE w.village_code = $1 OR w.village_code LIKE $1 || '.%') w) x`,
    params,
  );
}

export interface CandidateGroupRow {
  mask: number;
  sector_code: string;
  decile: number;
  continuing: boolean;
  n: number;
}

export async function candidateGroups(tx: Queryable): Promise<CandidateGroupRow[]> {
  return tx.query<CandidateGroupRow>(
    `SELECT mask, sector_code, decile, continuing, count(*)::int AS n FROM plan_cand WHERE mask <> 0
      GROUP BY mask, sector_code, decile, continuing ORDER BY mask, sector_code, decile, continuing`,
  );
}

export interface RulePreview {
  candidates: number;
  eligibleAny: number;
  /** Candidates no source admits, by the rules the sources turned them away for (all sources together). */
  ineligibleByChecks: { checks: CheckName[]; count: number }[];
  perSource: { sourceId: number; admitted: number; failing: Record<CheckName, number> }[];
}

export async function rulePreview(tx: Queryable, sources: SourceRow[]): Promise<RulePreview> {
  const cols = ['count(*)::int AS candidates', 'count(*) FILTER (WHERE mask <> 0)::int AS eligible'];
  sources.forEach((_, i) => {
    cols.push(`count(*) FILTER (WHERE f${i} = 0)::int AS ok${i}`);
    for (const [name, bit] of Object.entries(CHECKS)) cols.push(`count(*) FILTER (WHERE f${i} & ${bit} <> 0)::int AS "f${i}_${name}"`);
  });
  const [row] = await tx.query<Record<string, number>>(`SELECT ${cols.join(', ')} FROM plan_cand`);
  const common = sources.length === 0 ? '0' : sources.map((_, i) => `f${i}`).join(' | ');
  const ineligible = await tx.query<{ common: number; n: number }>(
    `SELECT (${common})::int AS common, count(*)::int AS n FROM plan_cand WHERE mask = 0 GROUP BY 1 ORDER BY 2 DESC`,
  );
  return {
    candidates: row!.candidates!,
    eligibleAny: row!.eligible!,
    ineligibleByChecks: ineligible.map((r) => ({ checks: checkNames(r.common), count: r.n })),
    perSource: sources.map((s, i) => ({
      sourceId: s.id,
      admitted: row![`ok${i}`]!,
      failing: Object.fromEntries(Object.keys(CHECKS).map((name) => [name, row![`f${i}_${name}`]!])) as Record<CheckName, number>,
    })),
  };
}

export interface CostTable {
  /** costs[sourceIndex][sector] = Rupiah per worker for the whole period. */
  costs: Map<string, number>[];
  /** Per source, the cheapest and dearest worker among the sectors it admits. */
  ranges: { min: number; max: number }[];
  legalBasis: string[];
}

export function costTable(
  tables: TariffTables,
  pkg: ContributionPackage,
  sources: SourceRow[],
  sectors: string[],
  monthFrom: string,
  monthTo: string,
): CostTable {
  const costs = sources.map(
    (s) => new Map(sectors.map((sector) => [sector, periodContribution(tables, pkg, { sectorCode: sector, fundingType: s.funding_type }, monthFrom, monthTo)])),
  );
  const admitted = (s: SourceRow) => (s.sectors.length > 0 ? s.sectors.map((x) => x.sectorCode) : sectors);
  const ranges = sources.map((s, i) => {
    const c = admitted(s).map((sector) => costs[i]!.get(sector) ?? 0);
    return { min: Math.min(...c), max: Math.max(...c) };
  });
  const legalBasis = explainTariff(
    tables,
    pkg,
    sources.map((s) => ({ name: s.name, fundingType: s.funding_type, sectors: admitted(s) })),
    monthRange(monthFrom, monthTo),
    sectors,
  );
  return { costs, ranges, legalBasis };
}

/** The optimizer's input from the grouped candidates. */
export function optimizerInput(groups: CandidateGroupRow[], sources: SourceRow[], costs: CostTable, available: number[]): OptimizerInput {
  return {
    sources: sources.map((s, i) => ({ id: s.id, budget: Math.max(0, available[i]!) })),
    groups: groups.map((g): OptimizerGroup => ({
      count: g.n,
      decile: g.decile === 0 ? null : g.decile,
      continuing: g.continuing,
      options: sources.flatMap((s, i) =>
        (g.mask & (2 ** i)) === 0
          ? []
          : [{ source: i, cost: costs.costs[i]!.get(g.sector_code)!, tier: s.sectors.find((x) => x.sectorCode === g.sector_code)?.tier ?? 1 }],
      ),
    })),
  };
}
