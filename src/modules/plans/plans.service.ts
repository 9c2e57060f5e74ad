import * as repo from './plans.repository.js';
import { personal } from '../../access/personal.js';
import { canSeeShared, coversWhole } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { optimize } from '../../domain/optimizer.js';
import { problem } from '../../domain/problem.js';
import { monthRange } from '../../domain/calendar.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { readableProgram, writableProgram } from '../funding/funding.service.js';
import { checkNames, optimizerInput, planSession, type CheckName, type RulePreview } from './candidates.repository.js';

import { analyse, available, summarise, validatePeriod, type PlanPeriod, type PlanSummary } from './analysis.js';

export type { PlanPeriod, PlanSourceSummary, PlanSummary } from './analysis.js';

/** Plan runs: preview the rules, run the optimizer into a draft, read plans and their candidates, delete a draft. */
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

export async function findPlan(db: Queryable, actor: Actor, id: number, lock = false): Promise<PlanRow> {
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
      rules: a.scope,
      createdBy: actor.username,
      createdById: actor.id,
    });
    // Which candidates of each group each source funds: the lowest worker ids first (registered earliest).
    const alloc = {
      group: [] as number[],
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
      alloc.group.push(al.group + 1);
      alloc.mask.push(g.mask);
      alloc.sector.push(g.sector_code);
      alloc.decile.push(g.decile);
      alloc.cont.push(g.continuing);
      alloc.source.push(a.sources[al.source]!.id);
      alloc.lo.push(lo);
      alloc.hi.push(lo + al.count - 1);
      alloc.amount.push(optInput.groups[al.group]!.options.find((o) => o.source === al.source)!.cost);
    }
    await repo.saveFunded(tx, planId, a.scope, alloc);
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

export const wrongState = (status: string, action: { id: string; en: string }) =>
  new AppError('conflict', { id: `Rencana berstatus ${status}; tidak bisa ${action.id}`, en: `The plan is ${status}; cannot ${action.en}` });

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

/**
 * How many candidates a list holds: for an actor who sees the plan's whole region, the run's own counts
 * (the summary: its unfunded candidates are counts, not rows); for a narrower scope, counted now.
 */
function candidateTotal(db: Queryable, actor: Actor, plan: PlanRow, outcome: PlanCandidateView['outcome'] | undefined): Promise<number> {
  const s = plan.summary;
  if (plan.rules === null || !coversWhole(actor, plan.region_code)) return repo.candidateCount(db, actor, plan, outcome);
  return Promise.resolve(outcome === undefined ? s.candidates : { funded: s.funded, out_of_budget: s.outOfBudget, ineligible: s.ineligible }[outcome]);
}

export async function listPlanCandidates(
  db: Queryable,
  actor: Actor,
  id: number,
  opts: { outcome?: PlanCandidateView['outcome']; page: number; pageSize: number },
): Promise<{ items: PlanCandidateView[]; total: number }> {
  const plan = await findPlan(db, actor, id);
  // The unfunded are judged again by the plan's rules: the plan's session settings (no JIT for a query
  // that reads 50 workers but is costed as reading 1.5 million).
  const [total, rows] = await db.transaction(async (tx) => {
    await planSession(tx);
    return [await candidateTotal(tx, actor, plan, opts.outcome), await repo.candidatePage(tx, actor, plan, opts)] as const;
  });
  const p = personal(actor);
  return {
    total,
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

// ---------------------------------------------------------------- plans made from donors' sponsorships

/**
 * A paid sponsorship becomes an approved plan of the regency's donor program: the donor's source funds the
 * named or assigned workers for the months paid for, so enrolment (batches, BPJS's answer) and billing treat
 * them like any other plan. The donation is the approval; the double-funding check comes first — a worker
 * already funded for any of these months is refused with the source and months that fund them.
 */
export async function recordSponsoredPlan(
  tx: Queryable,
  actor: Actor,
  p: {
    programId: number;
    regionCode: string;
    sourceId: number;
    sourceName: string;
    monthFrom: string;
    monthTo: string;
    name: string;
    workers: { workerId: number; amount: number }[];
  },
): Promise<number> {
  await repo.lockApprovals(tx);
  const clash = await repo.existingFunding(
    tx,
    p.workers.map((w) => w.workerId),
    `${p.monthFrom}-01`,
    `${p.monthTo}-01`,
  );
  if (clash.length > 0) throw alreadyFunded(clash[0]!);
  const months = monthRange(p.monthFrom, p.monthTo).length;
  const total = p.workers.reduce((a, w) => a + w.amount, 0);
  const fiscalYear = Number(p.monthFrom.slice(0, 4));
  const summary: PlanSummary = {
    engine: 'sponsorship',
    millis: { candidates: 0, optimize: 0, save: 0 },
    groups: 0,
    levels: [],
    objective: [],
    candidates: p.workers.length,
    eligible: p.workers.length,
    funded: p.workers.length,
    outOfBudget: 0,
    ineligible: 0,
    ineligibleByChecks: [],
    sources: [
      {
        sourceId: p.sourceId,
        name: p.sourceName,
        kind: 'DONOR',
        fundingType: '',
        allocation: total,
        committed: 0,
        available: total,
        costPerWorker: { min: Math.min(...p.workers.map((w) => w.amount)), max: Math.max(...p.workers.map((w) => w.amount)) },
        admitted: p.workers.length,
        workers: p.workers.length,
        rupiah: total,
        left: 0,
      },
    ],
    totalRupiah: total,
    legalBasis: [],
  };
  const planId = await repo.insertPlan(tx, {
    programId: p.programId,
    regionCode: p.regionCode,
    fiscalYear,
    from: `${p.monthFrom}-01`,
    to: `${p.monthTo}-01`,
    months,
    name: p.name,
    engine: 'sponsorship',
    summary,
    rules: null,
    createdBy: actor.username,
    createdById: actor.id,
  });
  await repo.insertFundedCandidates(tx, planId, p.sourceId, p.workers);
  await repo.savePlanSources(tx, planId, [{ sourceId: p.sourceId, allocation: total, committed: 0, workers: p.workers.length, rupiah: total }]);
  await repo.markReviewed(tx, planId, 'approved', actor.username, p.name);
  await insertAudit(tx, actor, {
    action: 'plan.sponsored',
    entity: 'plan',
    entityId: String(planId),
    regionCode: p.regionCode,
    after: { sourceId: p.sourceId, workers: p.workers.length, totalRupiah: total, from: p.monthFrom, to: p.monthTo },
  });
  return planId;
}

/** Months already paid for, per worker, within from..to ('YYYY-MM'): what a sponsorship must not pay again. */
export async function fundedMonths(db: Queryable, workerIds: number[], monthFrom: string, monthTo: string) {
  return (await repo.existingFunding(db, workerIds, `${monthFrom}-01`, `${monthTo}-01`)).map((r) => ({
    workerId: r.worker_id,
    sourceName: r.source_name,
    monthFrom: r.month_from.slice(0, 7),
    monthTo: r.month_to.slice(0, 7),
  }));
}

function alreadyFunded(c: { source_name: string; month_from: string; month_to: string }): AppError {
  const from = c.month_from.slice(0, 7);
  const to = c.month_to.slice(0, 7);
  return new AppError('conflict', {
    id: `Pekerja ini sudah dibiayai oleh ${c.source_name} untuk ${from}–${to}; satu bulan tidak dibayar dua kali`,
    en: `This worker is already funded by ${c.source_name} for ${from}–${to}; a month is never paid twice`,
  });
}
