import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { END_REASONS, addMonths, canMove, type EndReason, type ParticipantStatus } from '../../domain/protection.js';
import { isMonth, periodContribution } from '../../domain/tariff.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { buildCandidates } from '../plans/candidates.js';
import {
  checkDate,
  enrolProgram,
  findParticipant,
  presentParticipant,
  requireEnrolmentWriter,
  todayJakarta,
  type ParticipantRow,
  type ParticipantView,
} from './enrolment.service.js';

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
  await tx.query(
    `UPDATE participants SET status = $2, status_since = $3, end_reason = COALESCE($4, end_reason), version = version + 1, updated_at = now() WHERE id = $1`,
    [p.id, to, day, extra.endReason ?? null],
  );
  await tx.query(`INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    p.id,
    day,
    p.status,
    to,
    reason,
    detail,
    actor.username,
  ]);
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
    const cut = await tx.query<{ source_id: number; month_from: string; month_to: string; fiscal_year: number }>(
      `SELECT source_id, month_from, month_to, fiscal_year FROM protection_periods WHERE participant_id = $1 AND month_to > $2::date ORDER BY month_from`,
      [id, `${endMonth}-01`],
    );
    const freed = cut.map((c) => {
      const from = c.month_from.slice(0, 7) > endMonth ? c.month_from.slice(0, 7) : addMonths(endMonth, 1);
      return { sourceId: c.source_id, monthFrom: from, monthTo: c.month_to.slice(0, 7), fiscalYear: c.fiscal_year };
    });
    await tx.query(`DELETE FROM protection_periods WHERE participant_id = $1 AND month_from > $2::date`, [id, `${endMonth}-01`]);
    await tx.query(`UPDATE protection_periods SET month_to = $2::date, committed = 0 WHERE participant_id = $1 AND month_to > $2::date`, [
      id,
      `${endMonth}-01`,
    ]);
    // Unpaid lines for months after the end are withdrawn from their (unpaid part of the) invoices.
    await tx.query(
      `WITH gone AS (DELETE FROM invoice_lines WHERE participant_id = $1 AND month > $2::date AND NOT paid RETURNING invoice_id, amount)
       UPDATE invoices i SET total = i.total - g.amount, lines = i.lines - g.n,
              status = CASE WHEN i.paid >= i.total - g.amount THEN 'paid' WHEN i.paid > 0 THEN 'partial' ELSE 'open' END
         FROM (SELECT invoice_id, sum(amount)::bigint AS amount, count(*)::int AS n FROM gone GROUP BY 1) g WHERE i.id = g.invoice_id`,
      [id, `${endMonth}-01`],
    );
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
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('jaring.budget.' || $1::text))`, [programId]);
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
    const last = (
      await tx.query<{ source_id: number; month_to: string }>(
        `SELECT source_id, month_to FROM protection_periods WHERE participant_id = $1 ORDER BY month_to DESC LIMIT 1`,
        [id],
      )
    )[0];
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
    await tx.query(
      `INSERT INTO protection_periods (participant_id, source_id, fiscal_year, month_from, month_to, kind, committed, created_by)
       VALUES ($1, $2, $3, $4::date, $5::date, 'extension', $6, $7)`,
      [id, source.id, year, `${from}-01`, `${to}-01`, rupiah, actor.username],
    );
    await tx.query(`INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor) VALUES ($1, $2, $3, $3, $4, $5, $6)`, [
      id,
      todayJakarta(),
      p.status,
      'extended',
      `${from}–${to} ${source.name}`,
      actor.username,
    ]);
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
    const cohort = await tx.query<{ participant_id: number; source_id: number; sector_code: string }>(
      `SELECT DISTINCT ON (p.id) p.id AS participant_id, pp.source_id, w.sector_code
         FROM participants p JOIN workers w ON w.id = p.worker_id JOIN protection_periods pp ON pp.participant_id = p.id
        WHERE p.program_id = $1 AND p.status IN ('active', 'submitted') AND pp.fiscal_year = $2 AND ($3::bigint IS NULL OR pp.source_id = $3)
          AND NOT EXISTS (SELECT 1 FROM protection_periods x WHERE x.participant_id = p.id AND x.month_to >= $4::date AND x.month_from <= $5::date)
        ORDER BY p.id, pp.month_to DESC`,
      [program.id, input.fromYear, input.sourceId ?? null, `${from}-01`, `${to}-01`],
    );
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
      await tx.query(
        `INSERT INTO protection_periods (participant_id, source_id, fiscal_year, month_from, month_to, kind, committed, created_by)
         SELECT id, $2, $3, $4::date, $5::date, 'renewal', cost, $6 FROM unnest($1::bigint[], $7::bigint[]) AS u(id, cost)`,
        [g.ids, sourceId, toYear, `${from}-01`, `${to}-01`, actor.username, g.costs],
      );
      await tx.query(
        `INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor)
         SELECT p.id, $2::date, p.status, p.status, 'renewed', $3, $4 FROM participants p WHERE p.id = ANY($1::bigint[])`,
        [g.ids, todayJakarta(), `${from}–${to} ${s.name}`, actor.username],
      );
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
    const pick = (
      await tx.query<{ worker_id: number; village_code: string }>(
        `SELECT c.worker_id, w.village_code FROM plan_cand c JOIN workers w ON w.id = c.worker_id
          WHERE c.f${index} = 0 AND NOT EXISTS (SELECT 1 FROM participants x WHERE x.worker_id = c.worker_id)
          ORDER BY CASE WHEN c.decile = 0 THEN 11 ELSE c.decile END, c.worker_id LIMIT 1`,
      )
    )[0];
    if (!pick)
      throw new AppError('conflict', {
        id: `Tidak ada calon lain yang memenuhi syarat ${sources[index]!.name}`,
        en: `No other candidate is eligible for ${sources[index]!.name}`,
      });
    const [np] = await tx.query<{ id: number }>(
      `INSERT INTO participants (worker_id, program_id, region_code, status, status_since) VALUES ($1, $2, $3, 'candidate', $4) RETURNING id`,
      [pick.worker_id, program.id, pick.village_code, day],
    );
    await tx.query(
      `INSERT INTO protection_periods (participant_id, source_id, fiscal_year, month_from, month_to, kind, created_by) VALUES ($1, $2, $3, $4::date, $5::date, 'replacement', $6)`,
      [np!.id, slot.sourceId, slot.fiscalYear, `${slot.monthFrom}-01`, `${slot.monthTo}-01`, actor.username],
    );
    await tx.query(
      `INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, detail, actor) VALUES ($1, $2, NULL, 'candidate', $3, $4, $5), ($6, $2, 'ended', 'ended', 'replaced', $7, $5)`,
      [np!.id, day, `replacement for participant #${id}`, `${slot.monthFrom}–${slot.monthTo}`, actor.username, id, `by participant #${np!.id}`],
    );
    await insertAudit(tx, actor, {
      action: 'participant.replace',
      entity: 'participant',
      entityId: String(id),
      regionCode: p.region_code,
      after: { replacement: np!.id, from: slot.monthFrom, to: slot.monthTo, sourceId: slot.sourceId },
    });
    return {
      left: presentParticipant(actor, p),
      replacement: presentParticipant(actor, await findParticipant(tx, actor, { id: np!.id })),
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
    const rows = await tx.query<{ n: number }>(
      `WITH c AS (
         SELECT p.id, COALESCE((SELECT max(l.month) FROM invoice_lines l WHERE l.participant_id = p.id AND l.paid),
                               (SELECT min(pp.month_from) FROM protection_periods pp WHERE pp.participant_id = p.id) - interval '1 month')::date AS covered
           FROM participants p WHERE p.program_id = $1 AND p.status = 'active' FOR UPDATE OF p),
       lapse AS (SELECT id FROM c WHERE covered IS NOT NULL AND (covered + make_interval(months => $3 + 1))::date <= date_trunc('month', $2::date)::date),
       upd AS (UPDATE participants p SET status = 'lapsed', status_since = $2::date, version = p.version + 1, updated_at = now() FROM lapse WHERE p.id = lapse.id RETURNING p.id),
       ev AS (INSERT INTO participant_events (participant_id, at, from_status, to_status, reason, actor)
              SELECT id, $2::date, 'active', 'lapsed', 'arrears over ' || $3 || ' months', $4 FROM upd)
       SELECT count(*)::int AS n FROM upd`,
      [program.id, day, arrears, actor.username],
    );
    const lapsed = rows[0]!.n;
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
