import * as repo from './scholarships.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { checkDate, todayJakarta } from '../../domain/calendar.js';
import { scholarshipYearCheck } from '../../domain/benefits.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { findIncident } from './claims.repository.js';
import { getIncident, notFound, type IncidentView } from './claims.service.js';
import { presentScholarshipYear, type ScholarshipYearView } from './claims.presenter.js';

/**
 * The scholarship year by year (DOMAIN §3.3: claimed every year; ends at 23, on marriage or work):
 * each child's school year is re-verified before it is paid — enrolled, not married, not working, under
 * the age limit — and a failed check stops that year and every later one of the child. A daily job marks
 * the years whose reminder day has come; the home page and the claims page list them.
 */
export interface YearCheckInput {
  enrolled: boolean;
  married: boolean;
  working: boolean;
  on?: string;
}

async function yearOf(db: Queryable, actor: Actor, id: number) {
  const y = await repo.findYear(db, actor, id);
  if (!y) throw notFound('Tahun beasiswa/Scholarship year', id);
  return y;
}

/** Re-verifies one school year; answers the incident with its schedule (a failed check stops the rest of that child's years). */
export async function verifyYear(db: Queryable, actor: Actor, id: number, input: YearCheckInput): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  const on = checkDate('on', input.on ?? todayJakarta());
  return db.transaction(async (tx) => {
    const y = await yearOf(tx, actor, id);
    if (y.status !== 'scheduled') throw new AppError('conflict', { id: `Tahun ajaran ini sudah ${y.status}`, en: `This school year is already ${y.status}` });
    const incident = (await findIncident(tx, actor, y.incident_id))!;
    const check = scholarshipYearCheck(await funding.loadBenefitRows(tx), {
      schoolYear: y.school_year,
      birthDate: y.birth_date,
      eventDate: incident.occurred_on,
      enrolled: input.enrolled,
      married: input.married,
      working: input.working,
    });
    let stopped = 0;
    if (check.ok) await repo.setVerified(tx, id, on, actor.username);
    else stopped = await repo.stopFrom(tx, y.heir_id, y.school_year, check.reason);
    await insertAudit(tx, actor, {
      action: check.ok ? 'scholarship.verify' : 'scholarship.stop',
      entity: 'scholarship_year',
      entityId: String(id),
      regionCode: y.region_code,
      after: check.ok ? { schoolYear: y.school_year } : { schoolYear: y.school_year, reason: check.reason, rule: check.rule, yearsStopped: stopped },
    });
    return getIncident(tx, actor, y.incident_id);
  });
}

/** Records BPJS's payment of a verified school year (amount, day, reference). */
export async function payYear(db: Queryable, actor: Actor, id: number, p: { amount: number; paidOn: string; reference: string }): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  const problems: Problem[] = [];
  if (!Number.isSafeInteger(p.amount) || p.amount < 0)
    problems.push(problem('amount', 'required', 'Jumlah dibayar wajib (bilangan bulat Rupiah)', 'The amount paid is required (whole Rupiah)'));
  if (!p.reference?.trim()) problems.push(problem('reference', 'required', 'Nomor referensi pembayaran wajib', 'A payment reference is required'));
  let paidOn = '';
  try {
    paidOn = checkDate('paidOn', p.paidOn);
  } catch (e) {
    if (e instanceof AppError) problems.push(...e.problems);
    else throw e;
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    const y = await yearOf(tx, actor, id);
    if (y.status !== 'verified')
      throw new AppError('conflict', {
        id: 'Hanya tahun ajaran yang sudah diverifikasi ulang yang dapat dibayar',
        en: 'Only a re-verified school year can be paid',
      });
    await repo.setPaid(tx, id, { amount: p.amount, on: paidOn, reference: p.reference.trim().slice(0, 100) });
    await insertAudit(tx, actor, {
      action: 'scholarship.paid',
      entity: 'scholarship_year',
      entityId: String(id),
      regionCode: y.region_code,
      after: { schoolYear: y.school_year, amount: p.amount, computed: y.amount, paidOn },
    });
    return getIncident(tx, actor, y.incident_id);
  });
}

/**
 * School years waiting for their re-verification in the actor's scope: their reminder day (the reference
 * value's days before 1 July) has come and they are not verified — whether or not the daily job has run.
 */
export async function dueScholarshipYears(
  db: Queryable,
  actor: Actor,
  asOf?: string,
): Promise<{ count: number; items: (ScholarshipYearView & { incidentId: number })[] }> {
  requirePermission(actor, 'funding.read');
  const day = checkDate('asOf', asOf);
  const rows = await repo.dueYears(db, actor, day, 200);
  return { count: await repo.remindersOpen(db, actor, day), items: rows.map((r) => ({ ...presentScholarshipYear(r), incidentId: r.incident_id })) };
}

/** The daily reminder: school years whose reminder day has come are marked; answers how many. */
export async function markScholarshipReminders(db: Queryable, today: string): Promise<number> {
  return (await repo.markReminders(db, today)).length;
}
