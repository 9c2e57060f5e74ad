import * as repo from './claims.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { addDays, addMonthsToDay, checkDate, todayJakarta } from '../../domain/calendar.js';
import {
  jkkDeathBenefit,
  jkkPartialDisability,
  jkkTotalDisability,
  jkmBenefit,
  MissingBenefitRule,
  claimDeadlineYears,
  scholarshipCapOn,
  stmbSchedule,
  type BenefitLine,
  type JkmResult,
} from '../../domain/benefits.js';
import { isNikShape } from '../../domain/nik.js';
import {
  benefitsFor,
  canAdvance,
  CLAIM_STATUSES,
  entitlementOn,
  INCIDENT_KINDS,
  isWorkRelated,
  type ClaimStatus,
  type IncidentKind,
} from '../../domain/claims.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { findParticipant } from '../enrolment/enrolment.service.js';
import { monthsOf, protectionFrom } from '../billing/billing.service.js';
import * as documents from './documents.repository.js';
import * as scholarships from './scholarships.repository.js';
import { presentClaim, presentIncident, type ClaimView, type IncidentView } from './claims.presenter.js';

export type { ClaimView, IncidentView } from './claims.presenter.js';

/**
 * Claims (issue 13): an incident is reported for a participant; entitlement on the incident day comes
 * from paid months and the arrears rule (billing's protection answer); each benefit the incident opens
 * becomes a claim whose amount is computed by the rules in force that day and kept with the claim; the
 * claim moves reported → verified → submitted to BPJS → paid | rejected | expired, each step dated and
 * audited, with the deadline of its step; heirs are recorded in their legal order.
 */
export interface IncidentInput {
  participantId?: number;
  nik?: string;
  /** The BPJS participant number (11 digits), instead of the NIK. */
  kpj?: string;
  kind: string;
  occurredOn: string;
  place?: string;
  description?: string;
  /** For a work accident: the months of temporary incapacity known so far. */
  stmbMonths?: number;
  /** For a permanent disability: the percentage from the disability table (100 = total). */
  disabilityPercent?: number;
}

export const notFound = (what: string, id: number) =>
  new AppError('not_found', {
    id: `${what.split('/')[0]} #${id} tidak ditemukan di wilayah Anda`,
    en: `${what.split('/')[1]} #${id} not found in your region`,
  });

/** A benefit rule missing on the incident day is the reporter's problem to see, named, not a server error. */
function noRule(e: unknown, day: string): unknown {
  return e instanceof MissingBenefitRule
    ? AppError.validation([
        problem('occurredOn', 'no_rule', `Belum ada aturan manfaat ${e.key} yang berlaku pada ${day}`, `No benefit rule ${e.key} in force on ${day}`),
      ])
    : e;
}

/** Reports an incident; answers the entitlement and, when entitled, the claims it opens with their computed amounts. */
export async function reportIncident(db: Queryable, actor: Actor, input: IncidentInput): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  const problems: Problem[] = [];
  if (!(INCIDENT_KINDS as readonly string[]).includes(input.kind))
    problems.push(
      problem('kind', 'invalid', `Jenis kejadian harus salah satu: ${INCIDENT_KINDS.join(', ')}`, `Kind must be one of: ${INCIDENT_KINDS.join(', ')}`),
    );
  let day = '';
  try {
    day = checkDate('occurredOn', input.occurredOn);
  } catch (e) {
    if (e instanceof AppError) problems.push(...e.problems);
    else throw e;
  }
  if (day && day > todayJakarta())
    problems.push(problem('occurredOn', 'future', 'Tanggal kejadian tidak boleh di masa depan', 'The incident date cannot be in the future'));
  const kpj = input.kpj?.replace(/\D/g, '');
  if (input.participantId === undefined && !(input.nik && isNikShape(input.nik)) && !(kpj && kpj.length === 11))
    problems.push(
      problem(
        'nik',
        'required',
        'Sebutkan peserta: NIK 16 angka, KPJ 11 angka, atau pilih dari pencarian nama',
        'Name the participant: a 16-digit NIK, an 11-digit KPJ, or pick one found by name',
      ),
    );
  const stmbMonths = input.stmbMonths ?? 0;
  if (!Number.isInteger(stmbMonths) || stmbMonths < 0 || stmbMonths > 120)
    problems.push(problem('stmbMonths', 'range', 'Bulan STMB harus 0–120', 'Incapacity months must be 0–120'));
  const disabilityPct = input.kind === 'permanent_disability' ? (input.disabilityPercent ?? 100) : null;
  if (disabilityPct !== null && (!Number.isInteger(disabilityPct) || disabilityPct < 1 || disabilityPct > 100))
    problems.push(problem('disabilityPercent', 'range', 'Persentase cacat harus 1–100', 'The disability percentage must be 1–100'));
  if (problems.length > 0) throw AppError.validation(problems);
  const kind = input.kind as IncidentKind;
  return db.transaction(async (tx) => {
    const p = await findParticipant(
      tx,
      actor,
      input.participantId !== undefined ? { id: input.participantId } : input.nik && isNikShape(input.nik) ? { nik: input.nik } : { kpj: kpj! },
    );
    const months = await monthsOf(tx, p.id);
    const entitlement = entitlementOn(await protectionFrom(tx, p, months, day));
    const rules = await funding.loadBenefitRows(tx);
    let claimDeadline: string;
    try {
      claimDeadline = addMonthsToDay(day, 12 * claimDeadlineYears(rules, kind, day).value);
    } catch (e) {
      throw noRule(e, day);
    }
    const incidentId = await repo.insertIncident(tx, {
      participantId: p.id,
      regionCode: p.region_code,
      kind,
      occurredOn: day,
      place: (input.place ?? '').trim().slice(0, 200),
      description: (input.description ?? '').trim().slice(0, 2000),
      entitlement,
      claimDeadline,
      disabilityPct,
      by: actor.username,
    });
    if (entitlement.entitled !== 'no') {
      const rows = rules;
      const program = (await funding.findProgram(tx, p.program_id))!;
      const paid = months.filter((m) => m.paid && m.month <= day.slice(0, 7));
      const membershipStart = paid[0] ? `${paid[0].month}-01` : day;
      const reportHours = await funding.referenceValue(tx, 'claim.accident_report_hours', day);
      const dueOn = isWorkRelated(kind) ? addDays(day, Math.ceil(reportHours / 24)) : null;
      for (const benefit of benefitsFor(kind)) {
        let lines: BenefitLine[];
        // A JKM claim keeps, with its lines, whether the children may get the scholarship (decided on the day).
        let scholarship: JkmResult['scholarship'] | undefined;
        try {
          if (benefit === 'jkm') ({ lines, scholarship } = jkmBenefit(rows, { deathDate: day, membershipStart, contributionMonths: paid.length }));
          else
            lines =
              benefit === 'jkk_death'
                ? [jkkDeathBenefit(rows, { date: day, declaredIncome: program.declared_income })]
                : benefit === 'jkk_disability'
                  ? [
                      disabilityPct === 100
                        ? jkkTotalDisability(rows, { date: day, declaredIncome: program.declared_income })
                        : jkkPartialDisability(rows, { date: day, declaredIncome: program.declared_income, percent: disabilityPct! }),
                    ]
                  : benefit === 'jkk_stmb'
                    ? stmbSchedule(rows, { date: day, declaredIncome: program.declared_income, months: stmbMonths })
                    : [];
        } catch (e) {
          throw noRule(e, day);
        }
        const amount = lines.reduce((a, l) => a + l.amount, 0);
        await repo.insertClaim(tx, { incidentId, regionCode: p.region_code, benefit, dueOn, amount, computation: { lines, scholarship }, by: actor.username });
      }
      // Reported after the claim deadline: the claims are recorded, and expire at once with the reason.
      await repo.expirePastDeadline(tx, todayJakarta(), actor.username, incidentId);
    }
    await insertAudit(tx, actor, {
      action: 'claim.report_incident',
      entity: 'incident',
      entityId: String(incidentId),
      regionCode: p.region_code,
      after: { kind, occurredOn: day, entitled: entitlement.entitled, code: entitlement.code },
    });
    return getIncident(tx, actor, incidentId);
  });
}

export async function getIncident(db: Queryable, actor: Actor, id: number): Promise<IncidentView> {
  requirePermission(actor, 'funding.read');
  const incident = await repo.findIncident(db, actor, id);
  if (!incident) throw notFound('Kejadian/Incident', id);
  const claims = await repo.claimsOfIncident(db, id);
  const years = await scholarships.yearsOfIncident(db, id);
  let scholarshipCap: number | null = null;
  if (claims.some((c) => c.benefit === 'scholarship')) scholarshipCap = scholarshipCapOn(await funding.loadBenefitRows(db), incident.occurred_on).total;
  return presentIncident(actor, todayJakarta(), {
    incident,
    claims,
    events: await repo.eventsOfIncident(db, id),
    heirs: await repo.heirsOf(db, id),
    documents: await documents.documentsOf(db, id),
    years,
    scholarshipCap,
  });
}

export async function listClaims(
  db: Queryable,
  actor: Actor,
  q: { status?: string; overdue?: boolean; page?: number; pageSize?: number },
): Promise<{ items: ClaimView[] }> {
  requirePermission(actor, 'funding.read');
  if (q.status !== undefined && !(CLAIM_STATUSES as readonly string[]).includes(q.status))
    throw AppError.validation([
      problem('status', 'invalid', `Status harus salah satu: ${CLAIM_STATUSES.join(', ')}`, `Status must be one of: ${CLAIM_STATUSES.join(', ')}`),
    ]);
  const today = todayJakarta();
  const pageSize = Math.min(500, Math.max(1, q.pageSize ?? 50));
  const rows = await repo.listClaimRows(db, actor, {
    status: q.status as ClaimStatus | undefined,
    overdueOn: q.overdue ? today : undefined,
    limit: pageSize,
    offset: (Math.max(1, q.page ?? 1) - 1) * pageSize,
  });
  return { items: rows.map((r) => presentClaim(actor, r, today)) };
}

export interface ClaimStep {
  to: string;
  version: number;
  note?: string;
  paidAmount?: number;
  paidOn?: string;
  reference?: string;
  reason?: string;
}

/**
 * Moves a claim one step. Submitting to BPJS starts BPJS's decision deadline; a payment needs the amount,
 * day and reference (the difference with the computed amount is kept and flagged); a rejection its reason.
 */
export async function advanceClaim(db: Queryable, actor: Actor, id: number, step: ClaimStep): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  const problems: Problem[] = [];
  if (!(CLAIM_STATUSES as readonly string[]).includes(step.to))
    problems.push(problem('to', 'invalid', `Status harus salah satu: ${CLAIM_STATUSES.join(', ')}`, `Status must be one of: ${CLAIM_STATUSES.join(', ')}`));
  if (step.to === 'paid') {
    if (!Number.isSafeInteger(step.paidAmount) || (step.paidAmount ?? -1) < 0)
      problems.push(problem('paidAmount', 'required', 'Jumlah dibayar BPJS wajib (bilangan bulat Rupiah)', 'The amount BPJS paid is required (whole Rupiah)'));
    if (!step.reference?.trim()) problems.push(problem('reference', 'required', 'Nomor referensi pembayaran wajib', 'A payment reference is required'));
    try {
      checkDate('paidOn', step.paidOn ?? '');
    } catch (e) {
      if (e instanceof AppError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (step.to === 'rejected' && !step.reason?.trim())
    problems.push(problem('reason', 'required', 'Alasan penolakan wajib', 'The reason for the rejection is required'));
  if (problems.length > 0) throw AppError.validation(problems);
  const to = step.to as ClaimStatus;
  return db.transaction(async (tx) => {
    const c = await repo.findClaim(tx, actor, id, true);
    if (!c) throw notFound('Klaim/Claim', id);
    if (!canAdvance(c.status, to))
      throw new AppError('conflict', { id: `Klaim berstatus ${c.status} tidak dapat menjadi ${to}`, en: `A ${c.status} claim cannot become ${to}` });
    const today = todayJakarta();
    const dueOn = to === 'submitted' ? addDays(today, await funding.referenceValue(tx, 'claim.bpjs_decision_days', today)) : null;
    if (
      !(await repo.moveClaim(tx, {
        id,
        version: step.version,
        to,
        dueOn,
        paidAmount: step.paidAmount,
        paidOn: step.paidOn,
        reference: step.reference?.trim(),
        rejection: step.reason?.trim(),
      }))
    )
      throw new AppError('conflict', { id: 'Klaim sudah diubah orang lain; muat ulang', en: 'The claim was changed by someone else; reload' });
    await repo.insertEvent(tx, { claimId: id, from: c.status, to, note: (step.note ?? step.reason ?? '').trim().slice(0, 500), actor: actor.username });
    await insertAudit(tx, actor, {
      action: `claim.${to}`,
      entity: 'claim',
      entityId: String(id),
      regionCode: c.region_code,
      before: { status: c.status },
      after: { status: to, ...(to === 'paid' ? { paidAmount: step.paidAmount, paidOn: step.paidOn, computed: c.computed_amount } : {}) },
    });
    return getIncident(tx, actor, c.incident_id);
  });
}
