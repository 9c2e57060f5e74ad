import { todayJakarta } from '../../domain/calendar.js';
import { canSee, canSeeShared } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { isWithinScope, normalizeRegionCode } from '../../domain/region-code.js';
import { problem, type Problem } from '../../domain/problem.js';
import { FUNDING_TYPES, type FundingType } from '../../domain/tariff.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegion } from '../regions/regions.repository.js';
import { listSectors } from '../sectors/sectors.repository.js';
import * as repo from './funding.repository.js';

export const SOURCE_KINDS = ['DBHCHT', 'APBD', 'APBDES', 'DANA_DESA', 'DBH_SAWIT', 'CSR', 'BANK', 'DONOR'] as const;

/** The BPJS wadah code a kind of money normally maps to (DOMAIN §6.5); operators may choose another. */
export const DEFAULT_FUNDING_TYPE: Record<(typeof SOURCE_KINDS)[number], FundingType> = {
  DBHCHT: 'SG',
  APBD: 'SG',
  DBH_SAWIT: 'SG',
  APBDES: 'SD',
  DANA_DESA: 'SD',
  CSR: 'SC',
  BANK: 'SB',
  DONOR: 'SL',
};

export interface ProgramView {
  id: number;
  regionCode: string;
  regionName: string;
  name: string;
  description: string;
  declaredIncome: number;
  includeJht: boolean;
  createdBy: string;
}

export interface SourceView extends repo.SourceFields {
  id: number;
  programId: number;
  version: number;
  billingCycle: 'monthly' | 'quarterly' | 'yearly';
}

export interface BudgetView {
  id: number;
  sourceId: number;
  fiscalYear: number;
  seq: number;
  stage: 'original' | 'revision';
  amount: number;
  decidedOn: string | null;
  reference: string;
  createdBy: string;
  createdAt: string;
}

export interface ProgramDetail extends ProgramView {
  sources: SourceView[];
  budgets: BudgetView[];
}

const presentProgram = (p: repo.ProgramRow): ProgramView => ({
  id: p.id,
  regionCode: p.region_code,
  regionName: p.region_name,
  name: p.name,
  description: p.description,
  declaredIncome: p.declared_income,
  includeJht: p.include_jht,
  createdBy: p.created_by,
});

const presentSource = (s: repo.SourceRow): SourceView => ({
  id: s.id,
  programId: s.program_id,
  name: s.name,
  kind: s.kind,
  fundingType: s.funding_type,
  domicileCode: s.domicile_code,
  maxDecile: s.max_decile,
  minAge: s.min_age,
  maxAge: s.max_age,
  verifiedWithinMonths: s.verified_within_months,
  excludeWageEarners: s.exclude_wage_earners,
  excludeFundedElsewhere: s.exclude_funded_elsewhere,
  sectors: s.sectors,
  version: s.version,
  billingCycle: s.billing_cycle,
});

const presentBudget = (b: repo.BudgetRow): BudgetView => ({
  id: b.id,
  sourceId: b.source_id,
  fiscalYear: b.fiscal_year,
  seq: b.seq,
  stage: b.stage,
  amount: b.amount,
  decidedOn: b.decided_on,
  reference: b.reference,
  createdBy: b.created_by,
  createdAt: new Date(b.created_at).toISOString(),
});

const programNotFound = (id: number) =>
  new AppError('not_found', { id: `Program #${id} tidak ditemukan di wilayah Anda`, en: `Program #${id} not found in your region` });

/** A program the actor may read: inside their scope, or containing it. */
export async function readableProgram(db: Queryable, actor: Actor, id: number): Promise<repo.ProgramRow> {
  requirePermission(actor, 'funding.read');
  const p = await repo.findProgram(db, id);
  if (!p || !canSeeShared(actor, p.region_code)) throw programNotFound(id);
  return p;
}

/** A program the actor may change: wholly inside their scope. */
export async function writableProgram(db: Queryable, actor: Actor, id: number): Promise<repo.ProgramRow> {
  requirePermission(actor, 'funding.write');
  const p = await readableProgram(db, actor, id);
  if (!canSee(actor, p.region_code)) throw new AppError('forbidden');
  return p;
}

export async function listPrograms(db: Queryable, actor: Actor): Promise<ProgramView[]> {
  requirePermission(actor, 'funding.read');
  return (await repo.listPrograms(db, actor)).map(presentProgram);
}

export async function getProgram(db: Queryable, actor: Actor, id: number): Promise<ProgramDetail> {
  const p = await readableProgram(db, actor, id);
  return {
    ...presentProgram(p),
    sources: (await repo.listSources(db, id)).map(presentSource),
    budgets: (await repo.listBudgets(db, id)).map(presentBudget),
  };
}

export interface ProgramInput {
  regionCode: string;
  name: string;
  description?: string;
  declaredIncome?: number;
  includeJht?: boolean;
}

export async function createProgram(db: Queryable, actor: Actor, input: ProgramInput): Promise<ProgramDetail> {
  requirePermission(actor, 'funding.write');
  const problems: Problem[] = [];
  const code = normalizeRegionCode(input.regionCode ?? '');
  const region = code ? await findRegion(db, code) : null;
  if (!region) problems.push(problem('regionCode', 'unknown', `Kode wilayah "${input.regionCode}" tidak dikenal`, `Unknown region code "${input.regionCode}"`));
  else if (!canSee(actor, region.code))
    problems.push(problem('regionCode', 'out_of_scope', `Wilayah ${region.code} di luar wilayah Anda`, `Region ${region.code} is outside your region`));
  const name = (input.name ?? '').trim();
  if (name.length === 0 || name.length > 200)
    problems.push(problem('name', 'required', 'Nama program wajib diisi (maks. 200 huruf)', 'Program name is required (max 200 characters)'));
  // Without a declared income a program insures the lowest band in force (income_bands, PP 44/2015 Lampiran II).
  const income = input.declaredIncome ?? (await repo.incomeBand(db, todayJakarta()))?.declared_income ?? 0;
  if (!Number.isSafeInteger(income) || income <= 0)
    problems.push(
      problem(
        'declaredIncome',
        'invalid',
        'Penghasilan yang dilaporkan harus bilangan bulat Rupiah > 0',
        'Declared income must be a whole number of Rupiah > 0',
      ),
    );
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    if (await repo.programNameTaken(tx, region!.code, name))
      throw AppError.validation([
        problem('name', 'duplicate', `Program "${name}" sudah ada di wilayah ini`, `Program "${name}" already exists in this region`),
      ]);
    const id = await repo.insertProgram(tx, {
      regionCode: region!.code,
      name,
      description: (input.description ?? '').trim(),
      declaredIncome: income,
      includeJht: input.includeJht ?? false,
      createdBy: actor.username,
    });
    await insertAudit(tx, actor, { action: 'program.create', entity: 'program', entityId: String(id), regionCode: region!.code, after: { name, income } });
    return getProgram(tx, actor, id);
  });
}

export interface SourceInput {
  name: string;
  kind: string;
  fundingType?: string | null;
  domicileCode?: string | null;
  maxDecile?: number | null;
  minAge?: number | null;
  maxAge?: number | null;
  /** Only workers verified in the field within this many months (1–60). */
  verifiedWithinMonths?: number | null;
  excludeWageEarners?: boolean;
  excludeFundedElsewhere?: boolean;
  sectors?: { sectorCode: string; tier: number }[];
}

async function validateSource(db: Queryable, program: repo.ProgramRow, input: SourceInput): Promise<repo.SourceFields> {
  const problems: Problem[] = [];
  const name = (input.name ?? '').trim();
  if (!name || name.length > 200) problems.push(problem('name', 'required', 'Nama sumber dana wajib diisi', 'Source name is required'));
  const kind = input.kind as (typeof SOURCE_KINDS)[number];
  if (!SOURCE_KINDS.includes(kind))
    problems.push(
      problem('kind', 'invalid', `Jenis sumber dana harus salah satu: ${SOURCE_KINDS.join(', ')}`, `Kind must be one of: ${SOURCE_KINDS.join(', ')}`),
    );
  const fundingType = (input.fundingType ?? DEFAULT_FUNDING_TYPE[kind] ?? '') as FundingType;
  if (!FUNDING_TYPES.includes(fundingType))
    problems.push(
      problem(
        'fundingType',
        'invalid',
        `Kode pendanaan BPJS harus salah satu: ${FUNDING_TYPES.join(', ')}`,
        `BPJS funding type must be one of: ${FUNDING_TYPES.join(', ')}`,
      ),
    );
  const domicile = normalizeRegionCode(input.domicileCode ?? program.region_code);
  if (!domicile || !(await findRegion(db, domicile)))
    problems.push(
      problem('domicileCode', 'unknown', `Kode wilayah domisili "${input.domicileCode}" tidak dikenal`, `Unknown domicile region "${input.domicileCode}"`),
    );
  else if (!isWithinScope(domicile, program.region_code))
    problems.push(
      problem(
        'domicileCode',
        'outside_program',
        `Domisili ${domicile} di luar wilayah program ${program.region_code}`,
        `Domicile ${domicile} is outside the program's region ${program.region_code}`,
      ),
    );
  const intIn = (field: string, v: number | null | undefined, lo: number, hi: number) => {
    if (v === null || v === undefined) return null;
    if (!Number.isInteger(v) || v < lo || v > hi)
      problems.push(problem(field, 'range', `${field} harus bilangan bulat ${lo}–${hi}`, `${field} must be a whole number ${lo}–${hi}`));
    return v;
  };
  const maxDecile = intIn('maxDecile', input.maxDecile, 1, 10);
  const minAge = intIn('minAge', input.minAge, 0, 120);
  const maxAge = intIn('maxAge', input.maxAge, 0, 120);
  const verifiedWithinMonths = intIn('verifiedWithinMonths', input.verifiedWithinMonths, 1, 60);
  if (minAge !== null && maxAge !== null && minAge > maxAge)
    problems.push(problem('maxAge', 'order', 'Usia maksimum lebih kecil dari usia minimum', 'Maximum age is below the minimum age'));
  const known = new Set((await listSectors(db)).map((s) => s.code));
  const sectors = input.sectors ?? [];
  sectors.forEach((s, i) => {
    if (!known.has(s.sectorCode))
      problems.push(problem(`sectors[${i}].sectorCode`, 'unknown', `Sektor "${s.sectorCode}" tidak dikenal`, `Unknown sector "${s.sectorCode}"`));
    if (!Number.isInteger(s.tier) || s.tier < 1 || s.tier > 9)
      problems.push(problem(`sectors[${i}].tier`, 'range', 'Tingkat prioritas harus 1–9', 'Priority tier must be 1–9'));
  });
  if (new Set(sectors.map((s) => s.sectorCode)).size !== sectors.length)
    problems.push(problem('sectors', 'duplicate', 'Sektor yang sama disebut dua kali', 'The same sector is listed twice'));
  if (problems.length > 0) throw AppError.validation(problems);
  return {
    name,
    kind,
    fundingType,
    domicileCode: domicile!,
    maxDecile,
    minAge,
    maxAge,
    verifiedWithinMonths,
    excludeWageEarners: input.excludeWageEarners ?? true,
    excludeFundedElsewhere: input.excludeFundedElsewhere ?? true,
    sectors,
  };
}

export async function createSource(db: Queryable, actor: Actor, programId: number, input: SourceInput): Promise<SourceView> {
  return db.transaction(async (tx) => {
    const program = await writableProgram(tx, actor, programId);
    const fields = await validateSource(tx, program, input);
    if (await repo.sourceNameTaken(tx, programId, fields.name))
      throw AppError.validation([problem('name', 'duplicate', `Sumber "${fields.name}" sudah ada`, `Source "${fields.name}" already exists`)]);
    const id = await repo.insertSource(tx, programId, fields);
    await insertAudit(tx, actor, { action: 'source.create', entity: 'funding_source', entityId: String(id), regionCode: program.region_code, after: fields });
    return presentSource((await repo.findSource(tx, id))!);
  });
}

export async function updateSource(db: Queryable, actor: Actor, sourceId: number, version: number, input: SourceInput): Promise<SourceView> {
  return db.transaction(async (tx) => {
    const before = await repo.findSource(tx, sourceId);
    if (!before) throw new AppError('not_found', { id: `Sumber dana #${sourceId} tidak ditemukan`, en: `Funding source #${sourceId} not found` });
    const program = await writableProgram(tx, actor, before.program_id);
    const fields = await validateSource(tx, program, input);
    if (!(await repo.updateSource(tx, sourceId, version, fields))) {
      throw new AppError('conflict', {
        id: 'Sumber dana ini baru saja diubah orang lain; muat ulang lalu ulangi',
        en: 'Someone else just changed this source; reload and try again',
      });
    }
    await insertAudit(tx, actor, {
      action: 'source.update',
      entity: 'funding_source',
      entityId: String(sourceId),
      regionCode: program.region_code,
      before: presentSource(before),
      after: fields,
    });
    return presentSource((await repo.findSource(tx, sourceId))!);
  });
}

export interface BudgetInput {
  fiscalYear: number;
  amount: number;
  stage?: 'original' | 'revision';
  decidedOn?: string | null;
  reference?: string;
}

/** Adds the original budget or a revision; history is never overwritten. */
export async function addBudget(db: Queryable, actor: Actor, sourceId: number, input: BudgetInput): Promise<BudgetView> {
  const problems: Problem[] = [];
  if (!Number.isInteger(input.fiscalYear) || input.fiscalYear < 2014 || input.fiscalYear > 2100)
    problems.push(problem('fiscalYear', 'range', 'Tahun anggaran harus 2014–2100', 'Fiscal year must be 2014–2100'));
  if (!Number.isSafeInteger(input.amount) || input.amount < 0)
    problems.push(
      problem('amount', 'invalid', 'Pagu harus bilangan bulat Rupiah ≥ 0 (tanpa desimal)', 'Budget must be a whole number of Rupiah ≥ 0 (no decimals)'),
    );
  if (input.decidedOn && !/^\d{4}-\d{2}-\d{2}$/.test(input.decidedOn))
    problems.push(problem('decidedOn', 'format', 'Tanggal penetapan harus TTTT-BB-HH', 'Decision date must be YYYY-MM-DD'));
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    const source = await repo.findSource(tx, sourceId);
    if (!source) throw new AppError('not_found', { id: `Sumber dana #${sourceId} tidak ditemukan`, en: `Funding source #${sourceId} not found` });
    const program = await writableProgram(tx, actor, source.program_id);
    const existing = await repo.hasBudget(tx, sourceId, input.fiscalYear);
    const stage = input.stage ?? (existing ? 'revision' : 'original');
    if (stage === 'original' && existing)
      throw AppError.validation([
        problem(
          'stage',
          'exists',
          `Pagu awal ${input.fiscalYear} sudah ada; catat sebagai perubahan (PAK)`,
          `The ${input.fiscalYear} original budget exists; record a revision`,
        ),
      ]);
    if (stage === 'revision' && !existing)
      throw AppError.validation([
        problem('stage', 'no_original', `Belum ada pagu awal ${input.fiscalYear}`, `There is no original ${input.fiscalYear} budget yet`),
      ]);
    const row = await repo.insertBudget(tx, {
      sourceId,
      fiscalYear: input.fiscalYear,
      stage,
      amount: input.amount,
      decidedOn: input.decidedOn ?? null,
      reference: (input.reference ?? '').trim(),
      createdBy: actor.username,
    });
    await insertAudit(tx, actor, {
      action: 'budget.add',
      entity: 'funding_source',
      entityId: String(sourceId),
      regionCode: program.region_code,
      after: presentBudget(row),
    });
    return presentBudget(row);
  });
}

export async function getReference(db: Queryable, actor: Actor): Promise<repo.ReferenceListing> {
  requirePermission(actor, 'funding.read');
  return repo.listReference(db);
}
