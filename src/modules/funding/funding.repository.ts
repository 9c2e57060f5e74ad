import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { sharedRowsOf } from '../../access/access.js';
import type { FundingType, TariffDiscount, TariffProgram, TariffRate, TariffTables } from '../../domain/tariff.js';
import type { BenefitRow } from '../../domain/benefits.js';

export interface ProgramRow {
  id: number;
  region_code: string;
  region_name: string;
  name: string;
  description: string;
  declared_income: number;
  include_jht: boolean;
  created_by: string;
  created_at: Date;
}

export interface SourceRow {
  id: number;
  program_id: number;
  name: string;
  kind: string;
  funding_type: FundingType;
  domicile_code: string;
  max_decile: number | null;
  min_age: number | null;
  max_age: number | null;
  verified_within_months: number | null;
  exclude_wage_earners: boolean;
  exclude_funded_elsewhere: boolean;
  version: number;
  billing_cycle: 'monthly' | 'quarterly' | 'yearly';
  sectors: { sectorCode: string; tier: number }[];
}

export interface BudgetRow {
  id: number;
  source_id: number;
  fiscal_year: number;
  seq: number;
  stage: 'original' | 'revision';
  amount: number;
  decided_on: string | null;
  reference: string;
  created_by: string;
  created_at: Date;
}

/**
 * Programs visible to a scope: those inside it, and those whose region contains it (a village
 * operator sees the regency's program that pays for its villagers).
 */
export async function listPrograms(db: Queryable, actor: Actor): Promise<ProgramRow[]> {
  const visible = sharedRowsOf(actor, 'p.region_code', 1);
  return db.query<ProgramRow>(
    `SELECT p.id, p.region_code, r.name AS region_name, p.name, p.description, p.declared_income, p.include_jht, p.created_by, p.created_at
       FROM programs p JOIN regions r ON r.code = p.region_code
      WHERE ${visible.sql}
      ORDER BY p.region_code, p.name`,
    visible.params,
  );
}

export async function findProgram(db: Queryable, id: number): Promise<ProgramRow | null> {
  const rows = await db.query<ProgramRow>(
    `SELECT p.id, p.region_code, r.name AS region_name, p.name, p.description, p.declared_income, p.include_jht, p.created_by, p.created_at
       FROM programs p JOIN regions r ON r.code = p.region_code WHERE p.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function insertProgram(
  db: Queryable,
  p: { regionCode: string; name: string; description: string; declaredIncome: number; includeJht: boolean; createdBy: string },
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO programs (region_code, name, description, declared_income, include_jht, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [p.regionCode, p.name, p.description, p.declaredIncome, p.includeJht, p.createdBy],
  );
  return rows[0]!.id;
}

const SOURCE_COLUMNS = `s.id, s.program_id, s.name, s.kind, s.funding_type, s.domicile_code, s.max_decile, s.min_age, s.max_age, s.verified_within_months,
  s.exclude_wage_earners, s.exclude_funded_elsewhere, s.version, s.billing_cycle,
  COALESCE((SELECT json_agg(json_build_object('sectorCode', ss.sector_code, 'tier', ss.tier) ORDER BY ss.tier, ss.sector_code)
              FROM source_sectors ss WHERE ss.source_id = s.id), '[]'::json) AS sectors`;

export async function listSources(db: Queryable, programId: number): Promise<SourceRow[]> {
  return db.query<SourceRow>(`SELECT ${SOURCE_COLUMNS} FROM funding_sources s WHERE s.program_id = $1 ORDER BY s.id`, [programId]);
}

export async function findSource(db: Queryable, id: number): Promise<SourceRow | null> {
  const rows = await db.query<SourceRow>(`SELECT ${SOURCE_COLUMNS} FROM funding_sources s WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
}

/** A source's own fields (the rules included); the view adds id, program and version. */
export interface SourceFields {
  name: string;
  kind: string;
  fundingType: FundingType;
  domicileCode: string;
  maxDecile: number | null;
  minAge: number | null;
  maxAge: number | null;
  verifiedWithinMonths: number | null;
  excludeWageEarners: boolean;
  excludeFundedElsewhere: boolean;
  sectors: { sectorCode: string; tier: number }[];
}

/** A source's own columns in the order insert and update bind them. */
const ruleParams = (f: SourceFields) => [
  f.name,
  f.kind,
  f.fundingType,
  f.domicileCode,
  f.maxDecile,
  f.minAge,
  f.maxAge,
  f.excludeWageEarners,
  f.excludeFundedElsewhere,
  f.verifiedWithinMonths,
];

export async function insertSource(db: Queryable, programId: number, f: SourceFields): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO funding_sources (program_id, name, kind, funding_type, domicile_code, max_decile, min_age, max_age, exclude_wage_earners, exclude_funded_elsewhere,
                                  verified_within_months)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [programId, ...ruleParams(f)],
  );
  const id = rows[0]!.id;
  await replaceSectors(db, id, f.sectors);
  return id;
}

/** Optimistic update: false when someone else changed the source since `version`. */
export async function updateSource(db: Queryable, id: number, version: number, f: SourceFields): Promise<boolean> {
  const rows = await db.query(
    `UPDATE funding_sources SET name = $3, kind = $4, funding_type = $5, domicile_code = $6, max_decile = $7, min_age = $8, max_age = $9,
            exclude_wage_earners = $10, exclude_funded_elsewhere = $11, verified_within_months = $12, version = version + 1
      WHERE id = $1 AND version = $2 RETURNING id`,
    [id, version, ...ruleParams(f)],
  );
  if (rows.length === 0) return false;
  await replaceSectors(db, id, f.sectors);
  return true;
}

async function replaceSectors(db: Queryable, sourceId: number, sectors: { sectorCode: string; tier: number }[]): Promise<void> {
  await db.query('DELETE FROM source_sectors WHERE source_id = $1', [sourceId]);
  if (sectors.length === 0) return;
  await db.query(`INSERT INTO source_sectors (source_id, sector_code, tier) SELECT $1, code, tier FROM unnest($2::text[], $3::smallint[]) AS t(code, tier)`, [
    sourceId,
    sectors.map((s) => s.sectorCode),
    sectors.map((s) => s.tier),
  ]);
}

export async function listBudgets(db: Queryable, programId: number): Promise<BudgetRow[]> {
  return db.query<BudgetRow>(
    `SELECT b.id, b.source_id, b.fiscal_year, b.seq, b.stage, b.amount, b.decided_on, b.reference, b.created_by, b.created_at
       FROM source_budgets b JOIN funding_sources s ON s.id = b.source_id
      WHERE s.program_id = $1 ORDER BY b.source_id, b.fiscal_year, b.seq`,
    [programId],
  );
}

/** Appends a budget revision; the row lock on the source serialises two revisions of the same year. */
export async function insertBudget(
  db: Queryable,
  b: { sourceId: number; fiscalYear: number; stage: 'original' | 'revision'; amount: number; decidedOn: string | null; reference: string; createdBy: string },
): Promise<BudgetRow> {
  await db.query('SELECT id FROM funding_sources WHERE id = $1 FOR UPDATE', [b.sourceId]);
  const rows = await db.query<BudgetRow>(
    `INSERT INTO source_budgets (source_id, fiscal_year, seq, stage, amount, decided_on, reference, created_by)
     SELECT $1, $2, COALESCE(max(seq), 0) + 1, $3, $4, $5, $6, $7 FROM source_budgets WHERE source_id = $1 AND fiscal_year = $2
     RETURNING id, source_id, fiscal_year, seq, stage, amount, decided_on, reference, created_by, created_at`,
    [b.sourceId, b.fiscalYear, b.stage, b.amount, b.decidedOn, b.reference, b.createdBy],
  );
  return rows[0]!;
}

/**
 * Per source of a program for one fiscal year: the current allocation (latest revision) and what
 * approved plans other than `exceptPlan` have already committed, plus what extensions and renewals of
 * participants committed outside any plan.
 */
export async function budgetPositions(
  db: Queryable,
  programId: number,
  fiscalYear: number,
  exceptPlan: number | null,
): Promise<Map<number, { allocation: number; committed: number }>> {
  const rows = await db.query<{ source_id: number; allocation: number; committed: number }>(
    `SELECT s.id AS source_id,
            COALESCE((SELECT b.amount FROM source_budgets b WHERE b.source_id = s.id AND b.fiscal_year = $2 ORDER BY b.seq DESC LIMIT 1), 0) AS allocation,
            COALESCE((SELECT sum(ps.rupiah_used) FROM plan_sources ps JOIN plans p ON p.id = ps.plan_id
                       WHERE ps.source_id = s.id AND p.fiscal_year = $2 AND p.status = 'approved' AND p.id <> COALESCE($3, -1)), 0)::bigint
            + COALESCE((SELECT sum(pp.committed) FROM protection_periods pp WHERE pp.source_id = s.id AND pp.fiscal_year = $2), 0)::bigint AS committed
       FROM funding_sources s WHERE s.program_id = $1`,
    [programId, fiscalYear, exceptPlan],
  );
  return new Map(rows.map((r) => [r.source_id, { allocation: r.allocation, committed: r.committed }]));
}

/** The income band in force on `day` for a declared income (its legal basis), or the lowest band when `income` is null. */
export async function incomeBand(db: Queryable, day: string, income: number | null = null): Promise<{ declared_income: number; legal_basis: string } | null> {
  const rows = await db.query<{ declared_income: number; legal_basis: string }>(
    `SELECT declared_income, legal_basis FROM income_bands
      WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1) AND ($2::bigint IS NULL OR declared_income = $2)
      ORDER BY declared_income LIMIT 1`,
    [day, income],
  );
  return rows[0] ?? null;
}

export async function loadTariffTables(db: Queryable): Promise<TariffTables> {
  const rates = await db.query<{
    program: TariffProgram;
    rate_bp: number | null;
    amount: number | null;
    valid_from: string;
    valid_to: string | null;
    legal_basis: string;
  }>('SELECT program, rate_bp, amount, valid_from, valid_to, legal_basis FROM tariff_rates ORDER BY valid_from DESC, id');
  const discounts = await db.query<{
    name: string;
    programs: TariffProgram[];
    discount_bp: number;
    sector_codes: string[] | null;
    excluded_funding_types: string[];
    valid_from: string;
    valid_to: string;
    legal_basis: string;
  }>('SELECT name, programs, discount_bp, sector_codes, excluded_funding_types, valid_from, valid_to, legal_basis FROM tariff_discounts ORDER BY id');
  return {
    rates: rates.map((r): TariffRate => ({
      program: r.program,
      rateBp: r.rate_bp,
      amount: r.amount,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      legalBasis: r.legal_basis,
    })),
    discounts: discounts.map((d): TariffDiscount => ({
      name: d.name,
      programs: d.programs,
      discountBp: d.discount_bp,
      sectorCodes: d.sector_codes,
      excludedFundingTypes: d.excluded_funding_types,
      validFrom: d.valid_from,
      validTo: d.valid_to,
      legalBasis: d.legal_basis,
    })),
  };
}

interface Dated {
  validFrom: string;
  validTo: string | null;
  legalBasis: string;
  note: string;
}
export interface ReferenceListing {
  rates: (Dated & { id: number; program: string; rateBp: number | null; amount: number | null })[];
  bands: (Dated & { id: number; declaredIncome: number })[];
  discounts: (Dated & { id: number; name: string; programs: string[]; discountBp: number; sectorCodes: string[] | null; excludedFundingTypes: string[] })[];
  limits: (Dated & { key: string; value: number })[];
}

export async function listReference(db: Queryable): Promise<ReferenceListing> {
  return {
    rates: await db.query(
      'SELECT id, program, rate_bp AS "rateBp", amount, valid_from AS "validFrom", valid_to AS "validTo", legal_basis AS "legalBasis", note FROM tariff_rates ORDER BY program, valid_from',
    ),
    bands: await db.query(
      'SELECT id, declared_income AS "declaredIncome", valid_from AS "validFrom", valid_to AS "validTo", legal_basis AS "legalBasis", note FROM income_bands ORDER BY declared_income',
    ),
    discounts: await db.query(
      'SELECT id, name, programs, discount_bp AS "discountBp", sector_codes AS "sectorCodes", excluded_funding_types AS "excludedFundingTypes", valid_from AS "validFrom", valid_to AS "validTo", legal_basis AS "legalBasis", note FROM tariff_discounts ORDER BY valid_from',
    ),
    limits: await db.query(
      'SELECT key, value, valid_from AS "validFrom", valid_to AS "validTo", legal_basis AS "legalBasis", note FROM reference_values ORDER BY key, valid_from',
    ),
  };
}

/** A dated limit (e.g. enrolment.max_age) valid on `day`. */
/** A reference value in force on `day` with its legal basis, or null. */
export async function referenceEntry(db: Queryable, key: string, day: string): Promise<{ value: number; legal_basis: string } | null> {
  const rows = await db.query<{ value: number; legal_basis: string }>(
    `SELECT value, legal_basis FROM reference_values WHERE key = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2) ORDER BY valid_from DESC LIMIT 1`,
    [key, day],
  );
  return rows[0] ?? null;
}

export async function referenceValue(db: Queryable, key: string, day: string): Promise<number> {
  const entry = await referenceEntry(db, key, day);
  if (!entry) throw new Error(`reference value ${key} missing for ${day}`);
  return entry.value;
}

/** The registration-file layout a program's BPJS branch wants (null: the default). */
export async function findEnrolmentLayout<T>(db: Queryable, programId: number): Promise<T | null> {
  const rows = await db.query<{ enrolment_layout: T | null }>('SELECT enrolment_layout FROM programs WHERE id = $1', [programId]);
  return rows[0]?.enrolment_layout ?? null;
}

export async function updateEnrolmentLayout(db: Queryable, programId: number, layout: unknown[] | null): Promise<void> {
  await db.query('UPDATE programs SET enrolment_layout = $2 WHERE id = $1', [programId, layout === null ? null : JSON.stringify(layout)]);
}

export async function programNameTaken(db: Queryable, regionCode: string, name: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM programs WHERE region_code = $1 AND name = $2', [regionCode, name])).length > 0;
}

export async function sourceNameTaken(db: Queryable, programId: number, name: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM funding_sources WHERE program_id = $1 AND name = $2', [programId, name])).length > 0;
}

export async function hasBudget(db: Queryable, sourceId: number, fiscalYear: number): Promise<boolean> {
  return (await db.query('SELECT 1 FROM source_budgets WHERE source_id = $1 AND fiscal_year = $2', [sourceId, fiscalYear])).length > 0;
}

export async function updateBillingCycle(db: Queryable, sourceId: number, cycle: string): Promise<void> {
  await db.query('UPDATE funding_sources SET billing_cycle = $2 WHERE id = $1', [sourceId, cycle]);
}

/** A program's sources, locked: two billing runs for the same program run one after the other. */
export function lockProgramSources(db: Queryable, programId: number): Promise<{ id: number; name: string; funding_type: string; billing_cycle: string }[]> {
  return db.query(`SELECT id, name, funding_type, billing_cycle FROM funding_sources WHERE program_id = $1 ORDER BY id FOR UPDATE`, [programId]);
}

/** One writer at a time per program's budgets: extensions and renewals must not both spend the last Rupiah. */
export async function lockProgramBudgets(db: Queryable, programId: number): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('jaring.budget.' || $1::text))`, [programId]);
}

/** Every dated benefit rule (DOMAIN §3), for the claim calculator (domain/benefits.ts) to pick the ones in force. */
export function loadBenefitRows(db: Queryable): Promise<BenefitRow[]> {
  return db.query(
    `SELECT key, unit, value::bigint AS value, valid_from::text AS "validFrom", valid_to::text AS "validTo", legal_basis AS "legalBasis" FROM benefit_amounts`,
  );
}
