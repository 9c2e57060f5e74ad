import * as repo from './claims.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { addDays, checkDate } from '../../domain/calendar.js';
import * as scholarships from './scholarships.repository.js';
import { scholarshipSchedule, SCHOOL_LEVELS, type BenefitLine, type SchoolLevel } from '../../domain/benefits.js';
import { HEIR_RELATIONS, heirRank, opensScholarship, type HeirRelation } from '../../domain/claims.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { getIncident, notFound, type IncidentView } from './claims.service.js';

/** Heirs of an incident and the children's scholarship claim (issue 13). */

import { isNikShape } from '../../domain/nik.js';

export interface HeirInput {
  relation: string;
  fullName: string;
  nik?: string | null;
  birthDate?: string | null;
  bankName?: string;
  bankAccount?: string;
  /** A child's school level and year on the incident day, or the school year schooling starts. */
  schoolLevel?: string | null;
  yearInLevel?: number | null;
  schoolStartsYear?: number | null;
}

/** Records an heir; the rank follows from the relation (DOMAIN §3.5), and the first rank present receives. */
export async function addHeir(db: Queryable, actor: Actor, incidentId: number, h: HeirInput): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  const problems: Problem[] = [];
  if (!(HEIR_RELATIONS as readonly string[]).includes(h.relation))
    problems.push(
      problem('relation', 'invalid', `Hubungan harus salah satu: ${HEIR_RELATIONS.join(', ')}`, `Relation must be one of: ${HEIR_RELATIONS.join(', ')}`),
    );
  const fullName = (h.fullName ?? '').trim();
  if (!fullName || fullName.length > 200)
    problems.push(problem('fullName', 'required', 'Nama ahli waris wajib (≤ 200 karakter)', 'The heir’s name is required (≤ 200 characters)'));
  const nik = h.nik?.replace(/\s/g, '') || null;
  if (nik !== null && !isNikShape(nik)) problems.push(problem('nik', 'format', 'NIK harus 16 angka', 'The NIK must be 16 digits'));
  const account = (h.bankAccount ?? '').replace(/[\s.-]/g, '');
  if (!/^\d{0,20}$/.test(account))
    problems.push(problem('bankAccount', 'format', 'Nomor rekening hanya angka (≤ 20)', 'The account number is digits only (≤ 20)'));
  let birthDate: string | null = null;
  if (h.birthDate) {
    try {
      birthDate = checkDate('birthDate', h.birthDate);
    } catch (e) {
      if (e instanceof AppError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (h.schoolLevel != null && !(SCHOOL_LEVELS as readonly string[]).includes(h.schoolLevel))
    problems.push(
      problem('schoolLevel', 'invalid', `Jenjang harus salah satu: ${SCHOOL_LEVELS.join(', ')}`, `Level must be one of: ${SCHOOL_LEVELS.join(', ')}`),
    );
  if (h.yearInLevel != null && (!Number.isInteger(h.yearInLevel) || h.yearInLevel < 1 || h.yearInLevel > 8))
    problems.push(problem('yearInLevel', 'range', 'Kelas/tahun di jenjang harus 1–8', 'The year in the level must be 1–8'));
  if (h.schoolStartsYear != null && (!Number.isInteger(h.schoolStartsYear) || h.schoolStartsYear < 2000 || h.schoolStartsYear > 2100))
    problems.push(problem('schoolStartsYear', 'range', 'Tahun mulai sekolah harus 2000–2100', 'The year schooling starts must be 2000–2100'));
  if (problems.length > 0) throw AppError.validation(problems);
  const relation = h.relation as HeirRelation;
  return db.transaction(async (tx) => {
    const i = await repo.findIncident(tx, actor, incidentId);
    if (!i) throw notFound('Kejadian/Incident', incidentId);
    const id = await repo.insertHeir(tx, {
      incidentId,
      regionCode: i.region_code,
      relation,
      rank: heirRank(relation),
      fullName,
      nik,
      birthDate,
      bankName: (h.bankName ?? '').trim().slice(0, 100),
      bankAccount: account,
      schoolLevel: relation === 'child' ? (h.schoolLevel ?? null) : null,
      yearInLevel: relation === 'child' && h.schoolLevel ? (h.yearInLevel ?? 1) : null,
      schoolStartsYear: relation === 'child' && !h.schoolLevel ? (h.schoolStartsYear ?? null) : null,
      by: actor.username,
    });
    await insertAudit(tx, actor, {
      action: 'claim.heir_add',
      entity: 'heir',
      entityId: String(id),
      regionCode: i.region_code,
      after: { relation, incidentId },
    });
    return getIncident(tx, actor, incidentId);
  });
}

const LEVEL_ID: Record<SchoolLevel, string> = { tk_sd: 'TK–SD', smp: 'SMP', sma: 'SMA', pt: 'Perguruan tinggi' };

/**
 * The children's scholarship (DOMAIN §3.3) as a claim: the school years still to come for the children
 * recorded as heirs (the eldest first, at most the number the rules allow), each year a line with its
 * amount and rule. A death not from work needs the minimum contribution period; a work-accident death
 * or total disability does not. Recomputed while the claim is still "reported".
 */
export async function scholarshipClaim(db: Queryable, actor: Actor, incidentId: number): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  return db.transaction(async (tx) => {
    const i = await repo.findIncident(tx, actor, incidentId);
    if (!i) throw notFound('Kejadian/Incident', incidentId);
    if (!opensScholarship(i.kind, i.disability_pct))
      throw AppError.validation([
        problem('kind', 'no_scholarship', 'Hanya kematian atau cacat total yang memberi beasiswa', 'Only a death or total disability gives a scholarship'),
      ]);
    if (i.entitlement.entitled === 'no')
      throw new AppError('conflict', { id: 'Peserta tidak berhak pada hari kejadian', en: 'The participant was not entitled on the day' });
    const view = await getIncident(tx, actor, incidentId);
    if (view.scholarship && !view.scholarship.eligible)
      throw new AppError('conflict', {
        id: `Beasiswa tidak diberikan: ${view.scholarship.reason}`,
        en: 'No scholarship: the contribution period is too short',
      });
    const children = (await repo.heirsOf(tx, incidentId))
      .filter((h) => h.relation === 'child' && h.birth_date)
      .sort((a, b) => (a.birth_date! < b.birth_date! ? -1 : 1));
    if (children.length === 0)
      throw AppError.validation([
        problem(
          'heirs',
          'no_child',
          'Catat anak (dengan tanggal lahir) sebagai ahli waris dahulu',
          'Record the children (with their birth dates) as heirs first',
        ),
      ]);
    const rows = await funding.loadBenefitRows(tx);
    const s = scholarshipSchedule(rows, {
      eventDate: i.occurred_on,
      children: children.map((c) => ({
        name: c.full_name,
        birthDate: c.birth_date!,
        level: c.school_level,
        yearInLevel: c.year_in_level ?? 1,
        startsYear: c.school_starts_year ?? undefined,
      })),
    });
    const lines: BenefitLine[] = s.years.map((y) => ({
      key: `beasiswa.${y.level}.per_year`,
      label: {
        id: `${y.child}: ${y.schoolYear}/${y.schoolYear + 1}, ${LEVEL_ID[y.level]} tahun ke-${y.yearInLevel}`,
        en: `${y.child}: ${y.schoolYear}/${y.schoolYear + 1}, ${y.level} year ${y.yearInLevel}`,
      },
      amount: y.amount,
      rule: 'per anak per tahun, diklaim setiap tahun; berhenti pada usia 23, menikah atau bekerja',
      legalBasis: y.legalBasis,
    }));
    const computation = { lines, excluded: s.excluded };
    const existing = (await repo.claimsOfIncident(tx, incidentId)).find((c) => c.benefit === 'scholarship');
    let claimId: number;
    if (existing) {
      if (!(await repo.recompute(tx, existing.id, s.total, computation)))
        throw new AppError('conflict', {
          id: 'Klaim beasiswa sudah diproses; jadwal tidak dihitung ulang',
          en: 'The scholarship claim is already in progress; the schedule is not recomputed',
        });
      claimId = existing.id;
    } else
      claimId = await repo.insertClaim(tx, {
        incidentId,
        regionCode: i.region_code,
        benefit: 'scholarship',
        dueOn: null,
        amount: s.total,
        computation,
        by: actor.username,
      });
    // Each school year of each child becomes a row to re-verify, remind and pay, year by year.
    const reminderDays = await funding.referenceValue(tx, 'scholarship.reminder_days', i.occurred_on);
    await scholarships.replaceSchedule(
      tx,
      claimId,
      i.region_code,
      s.years.map((y) => ({
        heirId: children[y.childIndex]!.id,
        schoolYear: y.schoolYear,
        level: y.level,
        yearInLevel: y.yearInLevel,
        amount: y.amount,
        legalBasis: y.legalBasis,
        reminderDueOn: addDays(`${y.schoolYear}-07-01`, -reminderDays),
      })),
    );
    await insertAudit(tx, actor, {
      action: 'claim.scholarship',
      entity: 'incident',
      entityId: String(incidentId),
      regionCode: i.region_code,
      after: { years: lines.length, total: s.total },
    });
    return getIncident(tx, actor, incidentId);
  });
}
