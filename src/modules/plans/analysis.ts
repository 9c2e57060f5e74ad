import { listSectors } from '../sectors/sectors.repository.js';
import type { Queryable } from '../../db/db.js';
import { type OptimizerInput, type OptimizerResult } from '../../domain/optimizer.js';
import { problem, type Problem } from '../../domain/problem.js';
import { isMonth } from '../../domain/calendar.js';
import { AppError } from '../../errors.js';
import * as funding from '../funding/funding.repository.js';
import {
  buildGroups,
  candidateGroups,
  planSession,
  rulesOf,
  costTable,
  rulePreview,
  type CandidateGroupRow,
  type CandidateScope,
  type CheckName,
  type CostTable,
  type RulePreview,
} from './candidates.repository.js';

/**
 * What every plan use case starts from: the program's period checked, its candidate table built,
 * budgets positioned, and the optimizer's answer summarised (run, what-if and money needed share it).
 */
export interface PlanPeriod {
  programId: number;
  fiscalYear: number;
  monthFrom: string;
  monthTo: string;
}

export interface PlanSourceSummary {
  sourceId: number;
  name: string;
  kind: string;
  fundingType: string;
  allocation: number;
  committed: number;
  available: number;
  costPerWorker: { min: number; max: number };
  admitted: number;
  workers: number;
  rupiah: number;
  left: number;
}

export interface PlanSummary {
  engine: 'flow' | 'milp' | 'sponsorship';
  millis: { candidates: number; optimize: number; save: number };
  /** Groups of interchangeable candidates the optimizer saw. */
  groups: number;
  levels: string[];
  objective: number[];
  candidates: number;
  eligible: number;
  funded: number;
  outOfBudget: number;
  ineligible: number;
  ineligibleByChecks: { checks: CheckName[]; count: number }[];
  sources: PlanSourceSummary[];
  totalRupiah: number;
  legalBasis: string[];
}

export function validatePeriod(p: PlanPeriod): void {
  const problems: Problem[] = [];
  if (!Number.isInteger(p.fiscalYear) || p.fiscalYear < 2014 || p.fiscalYear > 2100)
    problems.push(problem('fiscalYear', 'range', 'Tahun anggaran harus 2014–2100', 'Fiscal year must be 2014–2100'));
  for (const field of ['monthFrom', 'monthTo'] as const) {
    if (!isMonth(p[field] ?? '')) problems.push(problem(field, 'format', `${field} harus berbentuk TTTT-BB`, `${field} must look like YYYY-MM`));
    else if (!p[field].startsWith(`${p.fiscalYear}-`))
      problems.push(problem(field, 'year', `${field} harus di tahun anggaran ${p.fiscalYear}`, `${field} must lie in fiscal year ${p.fiscalYear}`));
  }
  if (problems.length === 0 && p.monthFrom > p.monthTo)
    problems.push(problem('monthTo', 'order', 'Bulan akhir sebelum bulan awal', 'The last month is before the first month'));
  if (problems.length > 0) throw AppError.validation(problems);
}

export interface Analysis {
  program: funding.ProgramRow;
  sources: funding.SourceRow[];
  groups: CandidateGroupRow[];
  costs: CostTable;
  positions: { allocation: number; committed: number }[];
  preview: RulePreview;
  /** The rules the candidates were judged by: what picks the funded workers and lists the others later. */
  scope: CandidateScope;
  millis: number;
}

/** Counts the candidates per verdict (inside `tx`) and everything the optimizer and the explanation need. */
export async function analyse(tx: Queryable, program: funding.ProgramRow, period: PlanPeriod, exceptPlan: number | null): Promise<Analysis> {
  const started = performance.now();
  const sources = await funding.listSources(tx, program.id);
  const day = `${period.monthFrom}-01`;
  const scope = rulesOf({
    regionCode: program.region_code,
    monthFrom: period.monthFrom,
    monthTo: period.monthTo,
    sources,
    defaultMinAge: await funding.referenceValue(tx, 'enrolment.min_age', day),
    defaultMaxAge: await funding.referenceValue(tx, 'enrolment.max_age', day),
    exceptPlan,
  });
  await planSession(tx);
  await buildGroups(tx, scope);
  const groups = await candidateGroups(tx);
  const preview = await rulePreview(tx, sources);
  const sectors = (await listSectors(tx)).map((s) => s.code);
  const costs = costTable(
    await funding.loadTariffTables(tx),
    { declaredIncome: program.declared_income, includeJht: program.include_jht },
    sources,
    sectors,
    period.monthFrom,
    period.monthTo,
  );
  const pos = await funding.budgetPositions(tx, program.id, period.fiscalYear, exceptPlan);
  return {
    program,
    sources,
    groups,
    costs,
    positions: sources.map((s) => pos.get(s.id) ?? { allocation: 0, committed: 0 }),
    preview,
    scope,
    millis: performance.now() - started,
  };
}

export const available = (a: Analysis, extra: number[] = []) => a.positions.map((p, i) => p.allocation - p.committed + (extra[i] ?? 0));

export function summarise(a: Analysis, input: OptimizerInput, result: OptimizerResult): Omit<PlanSummary, 'millis'> {
  const eligible = a.preview.eligibleAny;
  const funded = result.protectedWorkers;
  return {
    engine: result.engine,
    groups: a.groups.length,
    levels: result.levels,
    objective: result.objective,
    candidates: a.preview.candidates,
    eligible,
    funded,
    outOfBudget: eligible - funded,
    ineligible: a.preview.candidates - eligible,
    ineligibleByChecks: a.preview.ineligibleByChecks,
    sources: a.sources.map((s, i) => {
      const avail = input.sources[i]!.budget;
      return {
        sourceId: s.id,
        name: s.name,
        kind: s.kind,
        fundingType: s.funding_type,
        allocation: a.positions[i]!.allocation,
        committed: a.positions[i]!.committed,
        available: avail,
        costPerWorker: a.costs.ranges[i]!,
        admitted: a.preview.perSource[i]!.admitted,
        workers: result.perSource[i]!.workers,
        rupiah: result.perSource[i]!.rupiah,
        left: avail - result.perSource[i]!.rupiah,
      };
    }),
    totalRupiah: result.perSource.reduce((s, p) => s + p.rupiah, 0),
    legalBasis: a.costs.legalBasis,
  };
}
