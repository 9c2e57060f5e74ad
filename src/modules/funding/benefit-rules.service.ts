import * as repo from './benefit-rules.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { checkDate } from '../../domain/calendar.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';

/**
 * The dated benefit rules behind claims (DOMAIN §3: amounts, multiples, the claim deadlines): listed with
 * their legal basis, and replaced from a day by a new dated rule when a regulation — or, where the sources
 * differ (the claim deadline), the branch's practice — changes. The old rule stays for incidents before
 * that day; nothing is edited in place.
 */
export interface BenefitRuleView {
  key: string;
  program: 'JKK' | 'JKM' | 'BEASISWA';
  unit: string;
  value: number;
  validFrom: string;
  validTo: string | null;
  legalBasis: string;
  note: string;
}

const present = (r: repo.BenefitRuleRow): BenefitRuleView => ({
  key: r.key,
  program: r.program,
  unit: r.unit,
  value: Number(r.value),
  validFrom: r.valid_from,
  validTo: r.valid_to,
  legalBasis: r.legal_basis,
  note: r.note,
});

export async function listBenefitRules(db: Queryable, actor: Actor): Promise<{ items: BenefitRuleView[] }> {
  requirePermission(actor, 'funding.read');
  return { items: (await repo.listBenefitRules(db)).map(present) };
}

/** Replaces the rule of `key` in force from `validFrom` with a new value and its legal basis; audit-logged. */
export async function replaceBenefitRule(
  db: Queryable,
  actor: Actor,
  input: { key: string; value: number; validFrom: string; legalBasis: string; note?: string },
): Promise<{ items: BenefitRuleView[] }> {
  requirePermission(actor, 'reference.write');
  const problems: Problem[] = [];
  if (!Number.isSafeInteger(input.value) || input.value < 0)
    problems.push(problem('value', 'range', 'Nilai harus bilangan bulat ≥ 0', 'The value must be a whole number ≥ 0'));
  const legalBasis = (input.legalBasis ?? '').trim();
  if (!legalBasis || legalBasis.length > 200)
    problems.push(problem('legalBasis', 'required', 'Dasar hukum wajib (≤ 200 karakter)', 'The legal basis is required (≤ 200 characters)'));
  let from = '';
  try {
    from = checkDate('validFrom', input.validFrom);
  } catch (e) {
    if (e instanceof AppError) problems.push(...e.problems);
    else throw e;
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    const prev = await repo.openRule(tx, input.key);
    if (!prev)
      throw AppError.validation([
        problem('key', 'unknown', `Aturan "${input.key}" tidak dikenal atau sudah berakhir`, `Rule "${input.key}" is unknown or has ended`),
      ]);
    if (from <= prev.valid_from)
      throw AppError.validation([
        problem(
          'validFrom',
          'order',
          `Berlaku mulai harus sesudah ${prev.valid_from} (aturan yang sedang berlaku)`,
          `Must start after ${prev.valid_from} (the rule in force)`,
        ),
      ]);
    await repo.replaceRule(tx, prev, { value: input.value, from, legalBasis, note: (input.note ?? '').trim().slice(0, 300) });
    await insertAudit(tx, actor, {
      action: 'reference.benefit_rule',
      entity: 'benefit_amounts',
      entityId: input.key,
      regionCode: null,
      before: { value: Number(prev.value), validFrom: prev.valid_from, legalBasis: prev.legal_basis },
      after: { value: input.value, validFrom: from, legalBasis },
    });
    return listBenefitRules(tx, actor);
  });
}
