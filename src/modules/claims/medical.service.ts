import * as repo from './claims.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { checkDate, todayJakarta } from '../../domain/calendar.js';
import { medicalCareLines } from '../../domain/benefits.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { getIncident, notFound, type IncidentView } from './claims.service.js';

/**
 * JKK medical care (DOMAIN §3.2: as needed until recovery, no cost ceiling): each cost — a hospital bill,
 * a transport to hospital — is recorded on the medical claim with its day and description, and the claim's
 * amount is the sum of the lines under the rule in force on the accident day. Recorded until the claim is
 * submitted to BPJS.
 */
export async function recordMedicalCost(
  db: Queryable,
  actor: Actor,
  claimId: number,
  input: { amount: number; on: string; description: string; version: number },
): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  const problems: Problem[] = [];
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    problems.push(problem('amount', 'range', 'Biaya harus bilangan bulat Rupiah > 0', 'The cost must be whole Rupiah > 0'));
  const description = (input.description ?? '').trim();
  if (!description || description.length > 200)
    problems.push(problem('description', 'required', 'Uraian biaya wajib (≤ 200 karakter)', 'Describe the cost (≤ 200 characters)'));
  let on = '';
  try {
    on = checkDate('on', input.on);
    if (on > todayJakarta()) problems.push(problem('on', 'future', 'Tanggal biaya di masa depan', 'The cost date is in the future'));
  } catch (e) {
    if (e instanceof AppError) problems.push(...e.problems);
    else throw e;
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    const c = await repo.findClaim(tx, actor, claimId, true);
    if (!c) throw notFound('Klaim/Claim', claimId);
    if (c.benefit !== 'jkk_medical')
      throw AppError.validation([
        problem('claim', 'not_medical', 'Biaya hanya dicatat pada klaim perawatan JKK', 'Costs are recorded on a JKK medical claim only'),
      ]);
    if (on < c.occurred_on)
      throw AppError.validation([problem('on', 'before_incident', 'Tanggal biaya sebelum kejadian', 'The cost is dated before the incident')]);
    const costs = [
      ...((c.computation as { costs?: { amount: number; on: string; description: string }[] }).costs ?? []),
      { amount: input.amount, on, description },
    ];
    const lines = medicalCareLines(await funding.loadBenefitRows(tx), { date: c.occurred_on, costs });
    const total = lines.reduce((a, l) => a + l.amount, 0);
    if (c.version !== input.version || !(await repo.recompute(tx, claimId, total, { lines, costs }, ['reported', 'verified'])))
      throw new AppError('conflict', {
        id: 'Klaim sudah diajukan atau diubah orang lain; biaya tidak dicatat',
        en: 'The claim was submitted or changed by someone else; the cost was not recorded',
      });
    await insertAudit(tx, actor, {
      action: 'claim.medical_cost',
      entity: 'claim',
      entityId: String(claimId),
      regionCode: c.region_code,
      after: { amount: input.amount, on, total },
    });
    return getIncident(tx, actor, c.incident_id);
  });
}
