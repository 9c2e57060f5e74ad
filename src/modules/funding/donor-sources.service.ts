import { todayJakarta } from '../../domain/calendar.js';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as repo from './funding.repository.js';

// ---------------------------------------------------------------- donors' money (called by the donors module)

/** The name of the program each regency's donor sources belong to. */
export const DONOR_PROGRAM_NAME = 'Donatur — Sertakan Cinta & GN Lingkaran';

/** Makes the regency's donor program (lowest income band in force, JKK + JKM); the donors module remembers its id. */
export async function createDonorProgram(tx: Queryable, actor: Actor, regencyCode: string): Promise<number> {
  const income = (await repo.incomeBand(tx, todayJakarta()))?.declared_income ?? 1_000_000;
  const id = await repo.insertProgram(tx, {
    regionCode: regencyCode,
    name: DONOR_PROGRAM_NAME,
    description: 'Iuran JKK dan JKM yang dibayar donatur perorangan (Sertakan) dan perusahaan (GN Lingkaran, CSR) — DOMAIN §7',
    declaredIncome: income,
    includeJht: false,
    createdBy: actor.username,
  });
  await insertAudit(tx, actor, {
    action: 'program.create',
    entity: 'program',
    entityId: String(id),
    regionCode: regencyCode,
    after: { name: DONOR_PROGRAM_NAME, income },
  });
  return id;
}

/**
 * A donor's own funding source in the donor program: BPJS type SC for a company's CSR, SL for a person
 * (DOMAIN §6.5); workers of the regency, the default ages, no wage earners, nobody funded elsewhere.
 */
export async function createDonorSource(
  tx: Queryable,
  actor: Actor,
  programId: number,
  d: { donorId: number; name: string; company: boolean; regencyCode: string },
): Promise<number> {
  const name = `Donatur #${d.donorId} ${d.name}`.slice(0, 200);
  const id = await repo.insertSource(tx, programId, {
    name,
    kind: d.company ? 'CSR' : 'DONOR',
    fundingType: d.company ? 'SC' : 'SL',
    domicileCode: d.regencyCode,
    maxDecile: null,
    minAge: null,
    maxAge: null,
    verifiedWithinMonths: null,
    excludeWageEarners: true,
    excludeFundedElsewhere: true,
    sectors: [],
  });
  await insertAudit(tx, actor, {
    action: 'source.create',
    entity: 'funding_source',
    entityId: String(id),
    regionCode: d.regencyCode,
    after: { name, donorId: d.donorId },
  });
  return id;
}

/** A paid donation raises the donor source's budget of the year by its amount (a revision that keeps the history). */
export async function addDonationToBudget(tx: Queryable, actor: Actor, sourceId: number, fiscalYear: number, amount: number, reference: string): Promise<void> {
  const current = (await repo.budgetPositions(tx, (await repo.findSource(tx, sourceId))!.program_id, fiscalYear, null)).get(sourceId)?.allocation ?? 0;
  const first = !(await repo.hasBudget(tx, sourceId, fiscalYear));
  await repo.insertBudget(tx, {
    sourceId,
    fiscalYear,
    stage: first ? 'original' : 'revision',
    amount: current + amount,
    decidedOn: todayJakarta(),
    reference: reference.slice(0, 200),
    createdBy: actor.username,
  });
}

export { findSource, loadTariffTables, findProgram, referenceValue } from './funding.repository.js';
