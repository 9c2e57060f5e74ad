import * as repo from './plans.repository.js';
import { listSectors } from '../sectors/sectors.repository.js';
import { personal } from '../../access/personal.js';
import { canSee, canSeeShared } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { optimize, type OptimizerInput, type OptimizerResult } from '../../domain/optimizer.js';
import { problem, type Problem } from '../../domain/problem.js';
import { isMonth, monthRange } from '../../domain/calendar.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { readableProgram, writableProgram } from '../funding/funding.service.js';
import {
  buildCandidates,
  candidateGroups,
  checkNames,
  costTable,
  optimizerInput,
  rulePreview,
  type CandidateGroupRow,
  type CheckName,
  type CostTable,
  type RulePreview,
} from './candidates.repository.js';

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
  engine: 'flow' | 'milp';
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

export interface PlanView {
  id: number;
  programId: number;
  programName: string;
  regionCode: string;
  fiscalYear: number;
  monthFrom: string;
  monthTo: string;
  months: number;
  name: string;
  status: 'draft' | 'submitted' | 'approved' | 'rejected';
  createdBy: string;
  createdAt: string;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string;
  version: number;
  summary: PlanSummary;
}

function validatePeriod(p: PlanPeriod): void {
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

interface Analysis {
  program: funding.ProgramRow;
  sources: funding.SourceRow[];
  groups: CandidateGroupRow[];
  costs: CostTable;
  positions: { allocation: number; committed: number }[];
  preview: RulePreview;
  millis: number;
}

/** Builds the candidate table (inside `tx`) and everything the optimizer and the explanation need. */
async function analyse(tx: Queryable, program: funding.ProgramRow, period: PlanPeriod, exceptPlan: number | null): Promise<Analysis> {
  const started = performance.now();
  const sources = await funding.listSources(tx, program.id);
  const day = `${period.monthFrom}-01`;
  await buildCandidates(tx, {
    regionCode: program.region_code,
    monthFrom: period.monthFrom,
    monthTo: period.monthTo,
    sources,
    defaultMinAge: await funding.referenceValue(tx, 'enrolment.min_age', day),
    defaultMaxAge: await funding.referenceValue(tx, 'enrolment.max_age', day),
    exceptPlan,
  });
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
    millis: performance.now() - started,
  };
}

const available = (a: Analysis, extra: number[] = []) => a.positions.map((p, i) => p.allocation - p.committed + (extra[i] ?? 0));

function summarise(a: Analysis, input: OptimizerInput, result: OptimizerResult): Omit<PlanSummary, 'millis'> {
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
      const costs = [...a.costs.costs[i]!.values()];
      const avail = input.sources[i]!.budget;
      return {
        sourceId: s.id,
        name: s.name,
        kind: s.kind,
        fundingType: s.funding_type,
        allocation: a.positions[i]!.allocation,
        committed: a.positions[i]!.committed,
        available: avail,
        costPerWorker: { min: Math.min(...costs), max: Math.max(...costs) },
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

/** Eligibility preview: how many candidates each source's rules admit, and why the others are out. */
export async function previewPlan(db: Queryable, actor: Actor, period: PlanPeriod): Promise<RulePreview & { sources: { id: number; name: string }[] }> {
  validatePeriod(period);
  const program = await readableProgram(db, actor, period.programId);
  return db.transaction(async (tx) => {
    const a = await analyse(tx, program, period, null);
    return { ...a.preview, sources: a.sources.map((s) => ({ id: s.id, name: s.name })) };
  });
}

type PlanRow = repo.PlanRow;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const presentPlan = (r: PlanRow): PlanView => ({
  id: r.id,
  programId: r.program_id,
  programName: r.program_name,
  regionCode: r.region_code,
  fiscalYear: r.fiscal_year,
  monthFrom: r.month_from.slice(0, 7),
  monthTo: r.month_to.slice(0, 7),
  months: r.months,
  name: r.name,
  status: r.status,
  createdBy: r.created_by,
  createdAt: iso(r.created_at)!,
  submittedAt: iso(r.submitted_at),
  reviewedBy: r.reviewed_by,
  reviewedAt: iso(r.reviewed_at),
  reviewNote: r.review_note,
  version: r.version,
  summary: r.summary,
});

async function findPlan(db: Queryable, actor: Actor, id: number, lock = false): Promise<PlanRow> {
  requirePermission(actor, 'funding.read');
  const r = await repo.findPlanRow(db, id, lock);
  if (!r || !canSeeShared(actor, r.region_code))
    throw new AppError('not_found', { id: `Rencana #${id} tidak ditemukan di wilayah Anda`, en: `Plan #${id} not found in your region` });
  return r;
}

export async function getPlan(db: Queryable, actor: Actor, id: number): Promise<PlanView> {
  return presentPlan(await findPlan(db, actor, id));
}

export async function listPlans(db: Queryable, actor: Actor, programId?: number): Promise<PlanView[]> {
  requirePermission(actor, 'funding.read');
  const rows = await repo.listPlanRows(db, actor, programId);
  return rows.map(presentPlan);
}

/** Runs the optimizer for a program's period and saves the result as a draft plan. */
export async function runPlan(db: Queryable, actor: Actor, input: PlanPeriod & { name?: string }): Promise<PlanView> {
  validatePeriod(input);
  return db.transaction(async (tx) => {
    const program = await writableProgram(tx, actor, input.programId);
    const a = await analyse(tx, program, input, null);
    if (a.sources.length === 0)
      throw AppError.validation([problem('programId', 'no_sources', 'Program ini belum punya sumber dana', 'This program has no funding sources yet')]);
    const optInput = optimizerInput(a.groups, a.sources, a.costs, available(a));
    const result = await optimize(optInput);
    const saveStarted = performance.now();
    const months = monthRange(input.monthFrom, input.monthTo).length;
    const name = (input.name ?? '').trim() || `${program.name} ${input.monthFrom}–${input.monthTo}`;
    const base = summarise(a, optInput, result);
    const planId = await repo.insertPlan(tx, {
      programId: program.id,
      regionCode: program.region_code,
      fiscalYear: input.fiscalYear,
      from: `${input.monthFrom}-01`,
      to: `${input.monthTo}-01`,
      months,
      name,
      engine: result.engine,
      summary: base,
      createdBy: actor.username,
      createdById: actor.id,
    });
    // Which candidates of each group each source funds: the lowest worker ids first (registered earliest).
    const alloc = {
      mask: [] as number[],
      sector: [] as string[],
      decile: [] as number[],
      cont: [] as boolean[],
      source: [] as number[],
      lo: [] as number[],
      hi: [] as number[],
      amount: [] as number[],
    };
    const next = new Map<number, number>();
    for (const al of result.allocations) {
      const g = a.groups[al.group]!;
      const lo = (next.get(al.group) ?? 0) + 1;
      next.set(al.group, lo + al.count - 1);
      alloc.mask.push(g.mask);
      alloc.sector.push(g.sector_code);
      alloc.decile.push(g.decile);
      alloc.cont.push(g.continuing);
      alloc.source.push(a.sources[al.source]!.id);
      alloc.lo.push(lo);
      alloc.hi.push(lo + al.count - 1);
      alloc.amount.push(optInput.groups[al.group]!.options.find((o) => o.source === al.source)!.cost);
    }
    await repo.saveOutcomes(tx, planId, a.sources.length, alloc);
    const s = base.sources;
    await repo.savePlanSources(tx, planId, s);
    const summary: PlanSummary = {
      ...base,
      millis: { candidates: Math.round(a.millis), optimize: Math.round(result.millis), save: Math.round(performance.now() - saveStarted) },
    };
    await repo.setSummary(tx, planId, summary);
    await insertAudit(tx, actor, {
      action: 'plan.run',
      entity: 'plan',
      entityId: String(planId),
      regionCode: program.region_code,
      after: { funded: summary.funded, totalRupiah: summary.totalRupiah, engine: summary.engine },
    });
    return presentPlan((await repo.findPlanRow(tx, planId, false))!);
  });
}

const wrongState = (status: string, action: { id: string; en: string }) =>
  new AppError('conflict', { id: `Rencana berstatus ${status}; tidak bisa ${action.id}`, en: `The plan is ${status}; cannot ${action.en}` });

export async function submitPlan(db: Queryable, actor: Actor, id: number): Promise<PlanView> {
  return db.transaction(async (tx) => {
    const plan = await findPlan(tx, actor, id, true);
    await writableProgram(tx, actor, plan.program_id);
    if (plan.status !== 'draft') throw wrongState(plan.status, { id: 'diajukan', en: 'submit it' });
    await repo.markSubmitted(tx, id);
    await insertAudit(tx, actor, { action: 'plan.submit', entity: 'plan', entityId: String(id), regionCode: plan.region_code });
    return getPlan(tx, actor, id);
  });
}

export interface DoubleFundingRow {
  workerId: number;
  nik: string;
  fullName: string;
  villageCode: string;
  planA: { id: number; name: string; status: string; source: string; monthFrom: string; monthTo: string };
  planB: { id: number; name: string; status: string; source: string; monthFrom: string; monthTo: string };
  overlapMonths: number;
  rupiahAtStake: number;
}

/**
 * The same NIK funded by two plans (sources, programs or regencies) for overlapping months, among
 * approved and submitted plans. Rupiah at stake: the overlapping months at the smaller of the two
 * monthly amounts — what would be paid twice.
 */
export async function doubleFunding(
  db: Queryable,
  actor: Actor,
  opts: { fiscalYear?: number; planId?: number; limit?: number },
): Promise<{ items: DoubleFundingRow[]; total: number; rupiahAtStake: number }> {
  requirePermission(actor, 'funding.read');
  const rows = await repo.doubleFundingRows(db, actor, opts);
  const p = personal(actor);
  return {
    total: rows[0]?.total ?? 0,
    rupiahAtStake: rows[0]?.total_at_stake ?? 0,
    items: rows.map((r) => ({
      workerId: r.worker_id,
      nik: p.nik(r.nik),
      fullName: r.full_name,
      villageCode: r.village_code,
      planA: { id: r.a_id, name: r.a_name, status: r.a_status, source: r.a_source, monthFrom: r.a_from.slice(0, 7), monthTo: r.a_to.slice(0, 7) },
      planB: { id: r.b_id, name: r.b_name, status: r.b_status, source: r.b_source, monthFrom: r.b_from.slice(0, 7), monthTo: r.b_to.slice(0, 7) },
      overlapMonths: r.overlap,
      rupiahAtStake: r.at_stake,
    })),
  };
}

/** Maker–checker: a second person approves; the budgets must still cover it and no worker may be paid twice. */
export async function reviewPlan(db: Queryable, actor: Actor, id: number, decision: 'approve' | 'reject', note: string): Promise<PlanView> {
  requirePermission(actor, 'plans.approve');
  return db.transaction(async (tx) => {
    const plan = await findPlan(tx, actor, id, true);
    if (!canSee(actor, plan.region_code)) throw new AppError('forbidden');
    if (plan.status !== 'submitted') throw wrongState(plan.status, { id: 'ditinjau', en: 'review it' });
    if (plan.created_by === actor.username)
      throw new AppError('forbidden', {
        id: 'Pembuat rencana tidak boleh menyetujui rencananya sendiri (maker–checker)',
        en: 'The maker of a plan may not review it (maker–checker)',
      });
    if (decision === 'approve') {
      // One approval at a time, across programs and regencies: two checkers approving at once must not
      // both spend the last Rupiah of a source, nor both fund the same worker (plans of different
      // programs can share workers, so a per-program lock is not enough). Approvals are rare.
      await repo.lockApprovals(tx);
      const pos = await funding.budgetPositions(tx, plan.program_id, plan.fiscal_year, id);
      const short = plan.summary.sources.filter((s) => {
        const p = pos.get(s.sourceId) ?? { allocation: 0, committed: 0 };
        return s.rupiah > p.allocation - p.committed;
      });
      if (short.length > 0)
        throw new AppError('conflict', {
          id: `Pagu tidak lagi cukup untuk: ${short.map((s) => s.name).join(', ')}; jalankan ulang rencana`,
          en: `The budget no longer covers: ${short.map((s) => s.name).join(', ')}; run the plan again`,
        });
      const conflicts = await repo.fundedElsewhere(tx, { id, months: plan.months, from: plan.month_from, to: plan.month_to });
      if (conflicts[0]!.n > 0)
        throw new AppError('conflict', {
          id: `${conflicts[0]!.n} pekerja sudah didanai rencana lain yang disetujui untuk bulan yang sama; jalankan ulang rencana`,
          en: `${conflicts[0]!.n} workers are already funded by another approved plan for the same months; run the plan again`,
        });
    }
    await repo.markReviewed(tx, id, decision === 'approve' ? 'approved' : 'rejected', actor.username, note.trim());
    await insertAudit(tx, actor, { action: `plan.${decision}`, entity: 'plan', entityId: String(id), regionCode: plan.region_code, after: { note } });
    return getPlan(tx, actor, id);
  });
}

export async function deletePlan(db: Queryable, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const plan = await findPlan(tx, actor, id, true);
    await writableProgram(tx, actor, plan.program_id);
    if (plan.status === 'approved' || plan.status === 'submitted') throw wrongState(plan.status, { id: 'dihapus', en: 'delete it' });
    await repo.deletePlan(tx, id);
    await insertAudit(tx, actor, { action: 'plan.delete', entity: 'plan', entityId: String(id), regionCode: plan.region_code });
  });
}

export interface PlanCandidateView {
  workerId: number;
  nik: string;
  fullName: string;
  villageCode: string;
  sectorCode: string;
  welfareDecile: number | null;
  outcome: 'funded' | 'out_of_budget' | 'ineligible';
  sourceId: number | null;
  sourceName: string | null;
  amount: number;
  failedChecks: CheckName[];
}

export async function listPlanCandidates(
  db: Queryable,
  actor: Actor,
  id: number,
  opts: { outcome?: PlanCandidateView['outcome']; page: number; pageSize: number },
): Promise<{ items: PlanCandidateView[]; total: number }> {
  await findPlan(db, actor, id);
  const { count, rows } = await repo.candidatePage(db, actor, id, opts);
  const p = personal(actor);
  return {
    total: count!.n,
    items: rows.map((r) => ({
      workerId: r.worker_id,
      nik: p.nik(r.nik),
      fullName: r.full_name,
      villageCode: r.village_code,
      sectorCode: r.sector_code,
      welfareDecile: r.welfare_decile,
      outcome: r.outcome,
      sourceId: r.source_id,
      sourceName: r.source_name,
      amount: r.amount,
      failedChecks: checkNames(r.failed_checks),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// What-if: nothing is saved; the candidate table is temporary and dropped when the transaction ends.

export interface ScenarioOutcome {
  monthFrom: string;
  monthTo: string;
  months: number;
  protectedWorkers: number;
  totalRupiah: number;
  eligible: number;
  sources: { sourceId: number; name: string; available: number; workers: number; rupiah: number; left: number }[];
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
): Promise<{ base: ScenarioOutcome; scenario: ScenarioOutcome; extraWorkers: number; extraRupiah: number }> {
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
    const baseAnalysis = await analyse(tx, program, input, null);
    const base = await scenario(baseAnalysis, input, []);
    // Only other months change who is eligible and what they cost; other budgets reuse the same candidates.
    const sameMonths = scen.monthFrom === input.monthFrom && scen.monthTo === input.monthTo;
    const other = await scenario(sameMonths ? baseAnalysis : await analyse(tx, program, scen, null), scen, changes);
    return { base, scenario: other, extraWorkers: other.protectedWorkers - base.protectedWorkers, extraRupiah: other.totalRupiah - base.totalRupiah };
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
 * (exact: the count only grows with money, so a binary search over whole Rupiah finds the minimum).
 */
export async function budgetNeeded(
  db: Queryable,
  actor: Actor,
  input: BudgetNeededInput,
): Promise<{
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
    const a = await analyse(tx, program, input, null);
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
    if (target <= current) return { targetWorkers: target, currentWorkers: current, reachable: true, maxWorkers, extraRupiah: 0, curve };
    if (maxWorkers < target) return { targetWorkers: target, currentWorkers: current, reachable: false, maxWorkers, extraRupiah: null, curve };
    let lo = 0; // count(lo) < target
    let hi = ceiling; // count(hi) >= target
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await count(mid)) >= target) hi = mid;
      else lo = mid;
    }
    return { targetWorkers: target, currentWorkers: current, reachable: true, maxWorkers, extraRupiah: hi, curve };
  });
}
