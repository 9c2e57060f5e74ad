import type { Queryable } from '../../db/db.js';
import { type Actor } from '../../actor.js';
import { optimize } from '../../domain/optimizer.js';
import { problem } from '../../domain/problem.js';
import { monthRange } from '../../domain/calendar.js';
import { AppError } from '../../errors.js';
import { readableProgram } from '../funding/funding.service.js';
import { optimizerInput } from './candidates.repository.js';
import { approvedPlanOverlapping } from './plans.repository.js';

import { analyse, available, validatePeriod, type Analysis, type PlanPeriod } from './analysis.js';

/** What-if scenarios and the money a target needs, on the same analysis a plan run uses. */
export interface ScenarioOutcome {
  monthFrom: string;
  monthTo: string;
  months: number;
  protectedWorkers: number;
  totalRupiah: number;
  eligible: number;
  sources: { sourceId: number; name: string; available: number; workers: number; rupiah: number; left: number }[];
}

/**
 * What is already funded: the program's approved plan for these months. A what-if and a target start
 * from it — its workers and its Rupiah count as the baseline, not as "funded elsewhere" — so a target
 * always means the total protected, never new workers on top of an unseen plan.
 */
export type Baseline = { planId: number; workers: number; rupiah: number } | null;

async function baselineOf(tx: Queryable, period: PlanPeriod): Promise<Baseline> {
  const p = await approvedPlanOverlapping(tx, { programId: period.programId, fiscalYear: period.fiscalYear, from: period.monthFrom, to: period.monthTo });
  return p ? { planId: p.id, workers: p.workers, rupiah: p.rupiah } : null;
}

export interface WhatIfInput extends PlanPeriod {
  scenario: { monthFrom?: string; monthTo?: string; budgetChanges?: { sourceId: number; add: number }[] };
}

async function scenario(a: Analysis, period: PlanPeriod, changes: { sourceId: number; add: number }[]): Promise<ScenarioOutcome> {
  const extra = a.sources.map((s) => changes.filter((c) => c.sourceId === s.id).reduce((sum, c) => sum + c.add, 0));
  const input = optimizerInput(a.groups, a.sources, a.costs, available(a, extra));
  const r = await optimize(input);
  return {
    monthFrom: period.monthFrom,
    monthTo: period.monthTo,
    months: monthRange(period.monthFrom, period.monthTo).length,
    protectedWorkers: r.protectedWorkers,
    totalRupiah: r.perSource.reduce((s, p) => s + p.rupiah, 0),
    eligible: a.preview.eligibleAny,
    sources: a.sources.map((s, i) => ({
      sourceId: s.id,
      name: s.name,
      available: input.sources[i]!.budget,
      workers: r.perSource[i]!.workers,
      rupiah: r.perSource[i]!.rupiah,
      left: input.sources[i]!.budget - r.perSource[i]!.rupiah,
    })),
  };
}

/** "If the revision adds Rp X to source S" / "if protection lasts 7 months instead of 12": base and scenario side by side. */
export async function whatIf(
  db: Queryable,
  actor: Actor,
  input: WhatIfInput,
): Promise<{ baseline: Baseline; base: ScenarioOutcome; scenario: ScenarioOutcome; extraWorkers: number; extraRupiah: number }> {
  validatePeriod(input);
  const scen: PlanPeriod = { ...input, monthFrom: input.scenario.monthFrom ?? input.monthFrom, monthTo: input.scenario.monthTo ?? input.monthTo };
  validatePeriod(scen);
  const changes = input.scenario.budgetChanges ?? [];
  changes.forEach((c, i) => {
    if (!Number.isSafeInteger(c.add))
      throw AppError.validation([
        problem(`scenario.budgetChanges[${i}].add`, 'invalid', 'Tambahan harus bilangan bulat Rupiah', 'The addition must be a whole number of Rupiah'),
      ]);
  });
  const program = await readableProgram(db, actor, input.programId);
  return db.transaction(async (tx) => {
    const baseline = await baselineOf(tx, input);
    const baseAnalysis = await analyse(tx, program, input, baseline?.planId ?? null);
    const base = await scenario(baseAnalysis, input, []);
    // Only other months change who is eligible and what they cost; other budgets reuse the same candidates.
    const sameMonths = scen.monthFrom === input.monthFrom && scen.monthTo === input.monthTo;
    const other = await scenario(sameMonths ? baseAnalysis : await analyse(tx, program, scen, baseline?.planId ?? null), scen, changes);
    return {
      baseline,
      base,
      scenario: other,
      extraWorkers: other.protectedWorkers - base.protectedWorkers,
      extraRupiah: other.totalRupiah - base.totalRupiah,
    };
  });
}

export interface BudgetNeededInput extends PlanPeriod {
  sourceId: number;
  targetWorkers?: number;
  targetPercent?: number;
  baseWorkers?: number;
}

/**
 * The least extra Rupiah on one source that lets the optimizer protect the target number of workers
 * in total — the approved plan's workers included (exact: the count only grows with money, so a
 * binary search over whole Rupiah finds the minimum).
 */
export async function budgetNeeded(
  db: Queryable,
  actor: Actor,
  input: BudgetNeededInput,
): Promise<{
  baseline: Baseline;
  targetWorkers: number;
  currentWorkers: number;
  reachable: boolean;
  maxWorkers: number;
  extraRupiah: number | null;
  curve: { extraRupiah: number; workers: number }[];
}> {
  validatePeriod(input);
  let target = input.targetWorkers;
  if (target === undefined && input.targetPercent !== undefined && input.baseWorkers !== undefined)
    target = Math.ceil((input.targetPercent / 100) * input.baseWorkers);
  if (target === undefined || !Number.isSafeInteger(target) || target < 0)
    throw AppError.validation([
      problem(
        'targetWorkers',
        'required',
        'Sebutkan target pekerja, atau persen cakupan dan jumlah pekerja dasar',
        'Give a target number of workers, or a coverage percent and a base',
      ),
    ]);
  const program = await readableProgram(db, actor, input.programId);
  return db.transaction(async (tx) => {
    const baseline = await baselineOf(tx, input);
    const a = await analyse(tx, program, input, baseline?.planId ?? null);
    const idx = a.sources.findIndex((s) => s.id === input.sourceId);
    if (idx < 0)
      throw AppError.validation([
        problem('sourceId', 'unknown', `Sumber dana #${input.sourceId} bukan milik program ini`, `Source #${input.sourceId} is not in this program`),
      ]);
    const count = async (extra: number) => {
      const add = a.sources.map((_, i) => (i === idx ? extra : 0));
      return (await optimize(optimizerInput(a.groups, a.sources, a.costs, available(a, add)))).protectedWorkers;
    };
    const current = await count(0);
    const maxCost = Math.max(...a.costs.costs[idx]!.values());
    const admitted = a.preview.perSource[idx]!.admitted;
    const ceiling = (admitted + a.preview.eligibleAny) * maxCost + 1;
    const maxWorkers = await count(ceiling);
    const curve: { extraRupiah: number; workers: number }[] = [];
    for (let k = 0; k <= 8; k++) {
      const extra = Math.round((Math.max(0, target - current) * maxCost * k) / 6);
      curve.push({ extraRupiah: extra, workers: await count(extra) });
    }
    if (target <= current) return { baseline, targetWorkers: target, currentWorkers: current, reachable: true, maxWorkers, extraRupiah: 0, curve };
    if (maxWorkers < target) return { baseline, targetWorkers: target, currentWorkers: current, reachable: false, maxWorkers, extraRupiah: null, curve };
    let lo = 0; // count(lo) < target
    let hi = ceiling; // count(hi) >= target
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await count(mid)) >= target) hi = mid;
      else lo = mid;
    }
    return { baseline, targetWorkers: target, currentWorkers: current, reachable: true, maxWorkers, extraRupiah: hi, curve };
  });
}
