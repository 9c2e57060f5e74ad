import * as repo from './participants.repository.js';
import { keepSubsidisedInStep } from '../coverage/subsidised.service.js';
import { withdrawUnpaidMonths } from '../billing/billing.service.js';
import type { Queryable } from '../../db/db.js';
import { SYSTEM_ACTOR, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { END_REASONS, addMonths, canMove, type EndReason, type ParticipantStatus } from '../../domain/protection.js';
import { periodContribution } from '../../domain/tariff.js';
import { isMonth } from '../../domain/calendar.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { buildCandidates } from '../plans/candidates.repository.js';
import { checkDate, todayJakarta } from '../../domain/calendar.js';
import { enrolProgram, findParticipant, presentParticipant, requireEnrolmentWriter, type ParticipantRow, type ParticipantView } from './enrolment.service.js';

/**
 * A participant's life after enrolment: ending a membership, extending it, renewing a cohort into the
 * next fiscal year, replacing a leaver, and lapsing on arrears. Every change is dated, reasoned,
 * written to the participant's timeline and to the audit log in the same transaction.
 */

async function moveParticipant(
  tx: Queryable,
  actor: Actor,
  p: ParticipantRow,
  to: ParticipantStatus,
  day: string,
  reason: string,
  detail = '',
  extra: { endReason?: EndReason } = {},
): Promise<void> {
  if (!canMove(p.status, to))
    throw new AppError('conflict', {
      id: `Peserta berstatus ${p.status}; tidak bisa menjadi ${to}`,
      en: `The participant is ${p.status}; cannot become ${to}`,
    });
  // An ended membership stops counting as active in the coverage aggregate from its end (kept in step).
  const countsInCoverage = to === 'ended' || p.status === 'ended';
  await keepSubsidisedInStep(tx, countsInCoverage ? [p.id] : [], () =>
    repo.moveParticipantRow(tx, {
      id: p.id,
      from: p.status,
      to,
      day,
      reason,
      detail,
      endReason: extra.endReason ?? null,
      actor: actor.username,
    }),
  );
  await insertAudit(tx, actor, {
    action: `participant.${to}`,
    entity: 'participant',
    entityId: String(p.id),
    regionCode: p.region_code,
    before: { status: p.status },
    after: { status: to, reason, at: day },
  });
}

/**
 * Ends a participant's membership (died, moved away, became a wage earner, left the program). Months
 * after the month of `on` are no longer paid: later periods are cut, and what they had committed is
 * released. Returns the months freed, which a replacement can take.
 */
export async function endParticipant(
  db: Queryable,
  actor: Actor,
  id: number,
  input: { reason: string; on?: string; detail?: string; version?: number },
): Promise<{ participant: ParticipantView; freed: { sourceId: number; monthFrom: string; monthTo: string; fiscalYear: number }[] }> {
  const day = checkDate('on', input.on);
  if (!(END_REASONS as readonly string[]).includes(input.reason))
    throw AppError.validation([
      problem('reason', 'invalid', `Alasan harus salah satu: ${END_REASONS.join(', ')}`, `Reason must be one of: ${END_REASONS.join(', ')}`),
    ]);
  requireEnrolmentWriter(actor);
  return db.transaction(async (tx) => {
    const p = await findParticipant(tx, actor, { id }, true);
    if (input.version !== undefined && input.version !== p.version)
      throw new AppError('conflict', { id: 'Data peserta sudah diubah orang lain; muat ulang', en: 'The participant was changed by someone else; reload' });
    const endMonth = day.slice(0, 7);
    const cut = await repo.cutPeriods(tx, id, `${endMonth}-01`);
    const freed = cut.map((c) => {
      const from = c.month_from.slice(0, 7) > endMonth ? c.month_from.slice(0, 7) : addMonths(endMonth, 1);
      return { sourceId: c.source_id, monthFrom: from, monthTo: c.month_to.slice(0, 7), fiscalYear: c.fiscal_year };
    });
    // Unpaid lines for months after the end are withdrawn from their (unpaid part of the) invoices.
    await withdrawUnpaidMonths(tx, id, endMonth);
    await moveParticipant(tx, actor, p, 'ended', day, input.reason, input.detail ?? '', { endReason: input.reason as EndReason });
    return { participant: presentParticipant(actor, await findParticipant(tx, actor, { id })), freed };
  });
}

/**
 * A pricer for one program: Rupiah a source pays for one worker over months, at the tariff in force
 * each month (the tariff engine's periodContribution). Program and tariff tables are read once.
 */
async function pricer(tx: Queryable, programId: number): Promise<(source: funding.SourceRow, sectorCode: string, from: string, to: string) => number> {
  const program = (await funding.findProgram(tx, programId))!;
  const tables = await funding.loadTariffTables(tx);
  const pkg = { declaredIncome: program.declared_income, includeJht: program.include_jht };
  return (source, sectorCode, from, to) => periodContribution(tables, pkg, { sectorCode, fundingType: source.funding_type }, from, to);
}

async function available(tx: Queryable, programId: number, sourceId: number, year: number): Promise<{ allocation: number; committed: number }> {
  // One writer at a time per program's budgets: extensions and renewals must not both spend the last Rupiah.
  await funding.lockProgramBudgets(tx, programId);
  return (await funding.budgetPositions(tx, programId, year, null)).get(sourceId) ?? { allocation: 0, committed: 0 };
}

function shortOfMoney(name: string, year: number, need: number, left: number, perWorker?: number) {
  const n = perWorker ? Math.floor(Math.max(0, left) / perWorker) : null;
  return new AppError('conflict', {
    id: `Sisa pagu ${name} ${year} Rp ${Math.max(0, left).toLocaleString('id-ID')} tidak cukup untuk Rp ${need.toLocaleString('id-ID')}${n !== null ? ` (cukup untuk ${n} pekerja)` : ''}`,
    en: `${name} ${year} has Rp ${Math.max(0, left).toLocaleString('en-US')} left, not enough for Rp ${need.toLocaleString('en-US')}${n !== null ? ` (enough for ${n} workers)` : ''}`,
  });
}

/** Extends a participant's protection by more months of the same (or another) source, within one fiscal year. */
export async function extendParticipant(
  db: Queryable,
  actor: Actor,
  id: number,
  input: { months: number; sourceId?: number },
): Promise<{ monthFrom: string; monthTo: string; rupiah: number }> {
  requireEnrolmentWriter(actor);
  if (!Number.isInteger(input.months) || input.months < 1 || input.months > 12)
    throw AppError.validation([problem('months', 'range', 'Jumlah bulan harus 1–12', 'Months must be 1–12')]);
  return db.transaction(async (tx) => {
    const p = await findParticipant(tx, actor, { id }, true);
    await enrolProgram(tx, actor, p.program_id);
    if (p.status === 'ended') throw new AppError('conflict', { id: 'Kepesertaan sudah berakhir', en: 'The membership has ended' });
    const last = await repo.lastPeriod(tx, id);
    if (!last) throw new AppError('conflict', { id: 'Peserta belum punya masa perlindungan', en: 'The participant has no protection period yet' });
    const from = addMonths(last.month_to.slice(0, 7), 1);
    const to = addMonths(from, input.months - 1);
    const year = Number(from.slice(0, 4));
    if (to.slice(0, 4) !== from.slice(0, 4))
      throw AppError.validation([
        problem(
          'months',
          'fiscal_year',
          `Perpanjangan ${from}–${to} melewati tahun anggaran ${year}; gunakan perpanjangan ke tahun berikutnya (renew)`,
          `Extension ${from}–${to} crosses fiscal year ${year}; use a renewal into the next year`,
        ),
      ]);
    const source = await funding.findSource(tx, input.sourceId ?? last.source_id);
    if (!source || source.program_id !== p.program_id)
      throw AppError.validation([problem('sourceId', 'unknown', 'Sumber dana bukan milik program peserta', "The source is not in the participant's program")]);
    const rupiah = (await pricer(tx, p.program_id))(source, p.sector_code, from, to);
    const pos = await available(tx, p.program_id, source.id, year);
    if (rupiah > pos.allocation - pos.committed) throw shortOfMoney(source.name, year, rupiah, pos.allocation - pos.committed);
    await repo.insertPeriods(tx, {
      ids: [id],
      costs: [rupiah],
      sourceId: source.id,
      year,
      from: `${from}-01`,
      to: `${to}-01`,
      kind: 'extension',
      actor: actor.username,
    });
    await repo.insertEvent(tx, {
      id,
      day: todayJakarta(),
      from: p.status,
      to: p.status,
      reason: 'extended',
      detail: `${from}–${to} ${source.name}`,
      actor: actor.username,
    });
    await insertAudit(tx, actor, {
      action: 'participant.extend',
      entity: 'participant',
      entityId: String(id),
      regionCode: p.region_code,
      after: { from, to, sourceId: source.id, rupiah },
    });
    return { monthFrom: from, monthTo: to, rupiah };
  });
}

/**
 * Renews a whole cohort into the next fiscal year once that year's budget is approved: every active or
 * submitted participant of the program protected in `fromYear` (by `sourceId`, or by any source) gets
 * `monthFrom..monthTo` of `toYear` from the same source. All or nothing: if a source's budget cannot pay
 * for its whole cohort, nothing is renewed and the answer says how many it could pay for.
 */
export async function renewCohort(
  db: Queryable,
  actor: Actor,
  input: { programId: number; fromYear: number; toYear?: number; monthFrom?: string; monthTo?: string; sourceId?: number },
): Promise<{ renewed: number; rupiah: number; perSource: { sourceId: number; name: string; workers: number; rupiah: number; left: number }[] }> {
  const toYear = input.toYear ?? input.fromYear + 1;
  const from = input.monthFrom ?? `${toYear}-01`;
  const to = input.monthTo ?? `${toYear}-12`;
  const problems: Problem[] = [];
  for (const [f, v] of [
    ['monthFrom', from],
    ['monthTo', to],
  ] as const)
    if (!isMonth(v) || !v.startsWith(`${toYear}-`))
      problems.push(problem(f, 'format', `${f} harus bulan TTTT-BB di tahun ${toYear}`, `${f} must be a YYYY-MM month in ${toYear}`));
  if (problems.length === 0 && from > to) problems.push(problem('monthTo', 'order', 'Bulan akhir sebelum bulan awal', 'The last month is before the first'));
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    const program = await enrolProgram(tx, actor, input.programId);
    const cohort = await repo.renewalCohort(tx, {
      programId: program.id,
      fromYear: input.fromYear,
      sourceId: input.sourceId ?? null,
      from: `${from}-01`,
      to: `${to}-01`,
    });
    if (cohort.length === 0)
      throw new AppError('conflict', {
        id: `Tidak ada peserta ${input.fromYear} yang perlu diperpanjang ke ${from}–${to}`,
        en: `No ${input.fromYear} participants need renewing into ${from}–${to}`,
      });
    const sources = new Map((await funding.listSources(tx, program.id)).map((s) => [s.id, s]));
    const costOf = await pricer(tx, program.id);
    const price = new Map<string, number>();
    const bySource = new Map<number, { ids: number[]; costs: number[] }>();
    for (const c of cohort) {
      const key = `${c.source_id}|${c.sector_code}`;
      if (!price.has(key)) price.set(key, costOf(sources.get(c.source_id)!, c.sector_code, from, to));
      const g = bySource.get(c.source_id) ?? { ids: [], costs: [] };
      g.ids.push(c.participant_id);
      g.costs.push(price.get(key)!);
      bySource.set(c.source_id, g);
    }
    const perSource: { sourceId: number; name: string; workers: number; rupiah: number; left: number }[] = [];
    for (const [sourceId, g] of bySource) {
      const s = sources.get(sourceId)!;
      const pos = await available(tx, program.id, sourceId, toYear);
      if (pos.allocation === 0)
        throw new AppError('conflict', {
          id: `Pagu ${s.name} tahun ${toYear} belum ditetapkan; perpanjangan menunggu pagu disetujui`,
          en: `No ${toYear} budget for ${s.name} yet; renewal waits for the budget to be approved`,
        });
      const need = g.costs.reduce((a, b) => a + b, 0);
      const left = pos.allocation - pos.committed;
      if (need > left) throw shortOfMoney(s.name, toYear, need, left, Math.max(...g.costs));
      perSource.push({ sourceId, name: s.name, workers: g.ids.length, rupiah: need, left: left - need });
      await repo.insertPeriods(tx, {
        ids: g.ids,
        costs: g.costs,
        sourceId,
        year: toYear,
        from: `${from}-01`,
        to: `${to}-01`,
        kind: 'renewal',
        actor: actor.username,
      });
      await repo.insertSameEvents(tx, { ids: g.ids, day: todayJakarta(), reason: 'renewed', detail: `${from}–${to} ${s.name}`, actor: actor.username });
    }
    const rupiah = perSource.reduce((a, s) => a + s.rupiah, 0);
    await insertAudit(tx, actor, {
      action: 'enrolment.renew',
      entity: 'program',
      entityId: String(program.id),
      regionCode: program.region_code,
      after: { fromYear: input.fromYear, from, to, renewed: cohort.length, rupiah },
    });
    return { renewed: cohort.length, rupiah, perSource };
  });
}

/**
 * Replaces a participant who left by the next eligible candidate for the same source: the poorest
 * decile first, then the earliest registered, among workers of the program's region who pass the
 * source's rules and are not participants yet. The newcomer takes the leaver's remaining months
 * (no new money) and waits as a candidate for the next batch.
 */
export async function replaceParticipant(
  db: Queryable,
  actor: Actor,
  id: number,
  input: { reason?: string; on?: string } = {},
): Promise<{ left: ParticipantView; replacement: ParticipantView; monthFrom: string; monthTo: string }> {
  requireEnrolmentWriter(actor);
  const day = checkDate('on', input.on);
  // Ending the leaver and enrolling the newcomer are one transaction: both happen or neither.
  return db.transaction(async (tx) => {
    const { freed } = await endParticipant(tx, actor, id, { reason: input.reason ?? 'left_program', on: day });
    const p = await findParticipant(tx, actor, { id }, true);
    const program = await enrolProgram(tx, actor, p.program_id);
    const slot = freed[0];
    if (!slot)
      throw new AppError('conflict', {
        id: 'Tidak ada sisa bulan perlindungan untuk diberikan kepada pengganti',
        en: 'No remaining protection months to give to a replacement',
      });
    const sources = await funding.listSources(tx, program.id);
    const index = sources.findIndex((s) => s.id === slot.sourceId);
    await buildCandidates(tx, {
      regionCode: program.region_code,
      monthFrom: slot.monthFrom,
      monthTo: slot.monthTo,
      sources,
      defaultMinAge: await funding.referenceValue(tx, 'enrolment.min_age', `${slot.monthFrom}-01`),
      defaultMaxAge: await funding.referenceValue(tx, 'enrolment.max_age', `${slot.monthFrom}-01`),
      exceptPlan: null,
    });
    const pick = await repo.nextCandidate(tx, index);
    if (!pick)
      throw new AppError('conflict', {
        id: `Tidak ada calon lain yang memenuhi syarat ${sources[index]!.name}`,
        en: `No other candidate is eligible for ${sources[index]!.name}`,
      });
    const newId = await repo.insertCandidate(tx, { workerId: pick.worker_id, programId: program.id, regionCode: pick.village_code, day });
    await repo.insertPeriods(tx, {
      ids: [newId],
      costs: null,
      sourceId: slot.sourceId,
      year: slot.fiscalYear,
      from: `${slot.monthFrom}-01`,
      to: `${slot.monthTo}-01`,
      kind: 'replacement',
      actor: actor.username,
    });
    await repo.insertEvent(tx, {
      id: newId,
      day,
      from: null,
      to: 'candidate',
      reason: `replacement for participant #${id}`,
      detail: `${slot.monthFrom}–${slot.monthTo}`,
      actor: actor.username,
    });
    await repo.insertEvent(tx, { id, day, from: 'ended', to: 'ended', reason: 'replaced', detail: `by participant #${newId}`, actor: actor.username });
    await insertAudit(tx, actor, {
      action: 'participant.replace',
      entity: 'participant',
      entityId: String(id),
      regionCode: p.region_code,
      after: { replacement: newId, from: slot.monthFrom, to: slot.monthTo, sourceId: slot.sourceId },
    });
    return {
      left: presentParticipant(actor, p),
      replacement: presentParticipant(actor, await findParticipant(tx, actor, { id: newId })),
      monthFrom: slot.monthFrom,
      monthTo: slot.monthTo,
    };
  });
}

/**
 * Active participants whose arrears went past the limit become lapsed: the month of `asOf` is more
 * than `arrears.max_months` after the last paid month (or, if nothing was ever paid, after the month
 * before their first period). Set-based; returns how many lapsed.
 */
export async function refreshLapses(db: Queryable, actor: Actor, input: { programId: number; asOf?: string }): Promise<{ lapsed: number }> {
  const day = checkDate('asOf', input.asOf);
  return db.transaction(async (tx) => {
    const program = await enrolProgram(tx, actor, input.programId);
    const arrears = await funding.referenceValue(tx, 'arrears.max_months', day);
    const lapsed = await repo.lapseParticipants(tx, { programId: program.id, day, arrears, actor: actor.username });
    if (lapsed > 0)
      await insertAudit(tx, actor, {
        action: 'enrolment.lapse',
        entity: 'program',
        entityId: String(program.id),
        regionCode: program.region_code,
        after: { lapsed, asOf: day },
      });
    return { lapsed };
  });
}

/** The daily `lapses.refresh` job: lapse detection in every program, as the system, for `asOf` (today in WIB by default). */
export async function refreshAllLapses(db: Queryable, asOf?: string): Promise<{ programs: number; lapsed: number; asOf: string }> {
  const day = checkDate('asOf', asOf);
  let lapsed = 0;
  const programs = await funding.listPrograms(db, SYSTEM_ACTOR);
  for (const p of programs) lapsed += (await refreshLapses(db, SYSTEM_ACTOR, { programId: p.id, asOf: day })).lapsed;
  return { programs: programs.length, lapsed, asOf: day };
}
