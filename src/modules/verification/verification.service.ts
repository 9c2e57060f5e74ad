import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { canSee, scopeOf } from '../../access/access.js';
import { personal } from '../../access/personal.js';
import { isCalendarDate, todayJakarta } from '../../domain/calendar.js';
import { problem, type Problem } from '../../domain/problem.js';
import { normalizePhone } from '../../domain/worker-rules.js';
import { normalizeRegionCode, regionLevel } from '../../domain/region-code.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findPlan } from '../plans/plans.service.js';
import { sectorExists } from '../workers/workers.repository.js';
import { applyBpjsCheck, applyRejection, applyVerification } from '../workers/workers.service.js';
import * as repo from './verification.repository.js';
import { answersOf } from './bpjs-check.repository.js';
import { photoKinds } from './photos.repository.js';

/**
 * Field verification rounds (issue 16.1): Disnaker opens a round over a list (a plan's funded workers or a
 * filter of the registry); each worker is verified by the village they live in — alive, lives here, works
 * informally, not a wage-earner participant, occupation and sector, phone — confirmed, corrected or rejected
 * with a reason; a checker who did not open the round signs it off, and only then do the corrections reach
 * the registry and the confirmed workers count as verified.
 */
export const VERDICTS = ['confirmed', 'corrected', 'rejected'] as const;
export const REASONS = ['died', 'moved', 'wage_earner', 'not_informal', 'not_found', 'duplicate', 'other'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface VillageProgress {
  villageCode: string;
  villageName: string;
  districtName: string;
  total: number;
  pending: number;
  confirmed: number;
  corrected: number;
  rejected: number;
  /** Nothing verified yet: the villages a reminder goes to. */
  notStarted: boolean;
  lastAt: string | null;
  /** The last reminder sent to the village about this round (by the daily job or Disnaker's button). */
  remindedAt: string | null;
}

export interface RoundView {
  id: number;
  regionCode: string;
  name: string;
  origin: 'plan' | 'filter';
  originRef: string;
  dueOn: string | null;
  status: 'open' | 'signed_off';
  createdBy: string;
  createdAt: string;
  signedOffBy: string | null;
  signedOffAt: string | null;
  signOffNote: string;
  version: number;
  /** What the actor sees of the round: their villages' workers. */
  total: number;
  pending: number;
  done: number;
  villages: VillageProgress[];
  /** The BPJS check (issue 16.2): the file sent to the branch, its answer, who is protected already. */
  bpjs: { sentAt: string | null; answeredAt: string | null; answered: number; wageEarners: number; protectedElsewhere: number };
  /**
   * Rejected workers still funded by an approved plan that runs this month or later: their paid protection
   * continues to the end of the period, and after the sign-off no source funds them again — the alert.
   */
  rejectedStillFunded: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
export const notFound = (id: number) =>
  new AppError('not_found', { id: `Putaran verifikasi #${id} tidak ditemukan di wilayah Anda`, en: `Verification round #${id} not found in your region` });

function present(r: repo.RoundRow, rows: repo.ProgressRow[], rejectedStillFunded = 0): RoundView {
  const villages = rows.map((p) => ({
    villageCode: p.village_code,
    villageName: p.village_name ?? p.village_code,
    districtName: p.district_name ?? '',
    total: p.total,
    pending: p.pending,
    confirmed: p.confirmed,
    corrected: p.corrected,
    rejected: p.rejected,
    notStarted: p.pending === p.total,
    lastAt: iso(p.last_at),
    remindedAt: iso(p.reminded_at),
  }));
  const total = villages.reduce((s, v) => s + v.total, 0);
  const pending = villages.reduce((s, v) => s + v.pending, 0);
  return {
    id: r.id,
    regionCode: r.region_code,
    name: r.name,
    origin: r.origin,
    originRef: r.origin_ref,
    dueOn: r.due_on,
    status: r.status,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    signedOffBy: r.signed_off_by,
    signedOffAt: iso(r.signed_off_at),
    signOffNote: r.sign_off_note,
    version: r.version,
    total,
    pending,
    done: total - pending,
    villages,
    bpjs: {
      sentAt: iso(r.bpjs_sent_at),
      answeredAt: iso(r.bpjs_answered_at),
      answered: rows.reduce((s, v) => s + v.bpjs_answered, 0),
      wageEarners: rows.reduce((s, v) => s + v.bpjs_pu, 0),
      protectedElsewhere: rows.reduce((s, v) => s + v.bpjs_elsewhere, 0),
    },
    rejectedStillFunded,
  };
}

export interface NewRound {
  name: string;
  planId?: number;
  /** Region codes (districts or villages) whose workers the round covers, when not a plan's. */
  regions?: string[];
  sector?: string | null;
  decileMax?: number | null;
  dueOn?: string | null;
}

/** Opening a round and reminding villages are Disnaker's: a village operator writes verdicts only. */
export function requireDisnaker(actor: Actor, message: { id: string; en: string }): void {
  requirePermission(actor, 'workers.write');
  const scope = scopeOf(actor);
  if (scope.kind === 'region' && regionLevel(scope.code) === 'village') throw new AppError('forbidden', message);
}

export async function createRound(db: Queryable, actor: Actor, input: NewRound): Promise<RoundView> {
  requireDisnaker(actor, { id: 'Putaran verifikasi dibuka oleh Disnaker', en: 'Verification rounds are opened by Disnaker' });
  const scope = scopeOf(actor);
  const problems: Problem[] = [];
  const name = (input.name ?? '').trim();
  if (name.length === 0 || name.length > 200 || name.includes('\u0000'))
    problems.push(problem('name', 'format', 'Nama putaran harus 1–200 karakter', 'The round name must be 1–200 characters'));
  if (input.dueOn && !isCalendarDate(input.dueOn))
    problems.push(problem('dueOn', 'format', 'Tenggat harus berbentuk TTTT-BB-HH', 'The due date must look like YYYY-MM-DD'));
  const regions = input.regions ?? [];
  if (input.planId === undefined) {
    if (regions.length === 0) problems.push(problem('regions', 'required', 'Pilih rencana atau wilayah', 'Choose a plan or regions'));
    regions.forEach((code, i) => {
      if (normalizeRegionCode(code) !== code || !canSee(actor, code))
        problems.push(problem(`regions[${i}]`, 'scope', `Wilayah ${code} tidak dikenal di wilayah Anda`, `Region ${code} is unknown in your region`));
    });
    if (input.sector && !(await sectorExists(db, input.sector))) problems.push(problem('sector', 'unknown', 'Sektor tidak dikenal', 'Unknown sector'));
    if (input.decileMax != null && !(Number.isInteger(input.decileMax) && input.decileMax >= 1 && input.decileMax <= 10))
      problems.push(problem('decileMax', 'range', 'Desil harus 1–10', 'Decile must be 1–10'));
  }
  if (problems.length > 0) throw AppError.validation(problems);
  const regionCode = input.planId !== undefined ? (await findPlan(db, actor, input.planId)).region_code : scope.kind === 'region' ? scope.code : regions[0]!;
  return db.transaction(async (tx) => {
    const id = await repo.insertRound(tx, {
      regionCode,
      name,
      origin: input.planId !== undefined ? 'plan' : 'filter',
      originRef: input.planId !== undefined ? `plan:${input.planId}` : [regions.join(','), input.sector ?? '', input.decileMax ?? ''].join(';'),
      dueOn: input.dueOn ?? null,
      by: actor.username,
      byId: actor.id,
    });
    const n = await repo.insertItems(
      tx,
      actor,
      id,
      input.planId !== undefined ? { planId: input.planId } : { regions, sector: input.sector ?? null, decileMax: input.decileMax ?? null },
    );
    if (n === 0) throw AppError.validation([problem('regions', 'empty', 'Tidak ada pekerja dalam daftar ini', 'This list holds no worker')]);
    await insertAudit(tx, actor, { action: 'verification.open', entity: 'verification_round', entityId: String(id), regionCode, after: { name, workers: n } });
    return getRound(tx, actor, id);
  });
}

export async function getRound(db: Queryable, actor: Actor, id: number): Promise<RoundView> {
  requirePermission(actor, 'workers.read');
  const r = await repo.findRound(db, actor, id);
  if (!r) throw notFound(id);
  const rows = await repo.progress(db, actor, [id]);
  const rejected = rows.some((v) => v.rejected > 0) ? await repo.rejectedStillFunded(db, actor, id, `${todayJakarta().slice(0, 7)}-01`) : 0;
  return present(r, rows, rejected);
}

export async function listRounds(db: Queryable, actor: Actor): Promise<RoundView[]> {
  requirePermission(actor, 'workers.read');
  const rounds = await repo.listRounds(db, actor);
  const rows = await repo.progress(
    db,
    actor,
    rounds.map((r) => r.id),
  );
  return rounds
    .map((r) =>
      present(
        r,
        rows.filter((p) => p.round_id === r.id),
      ),
    )
    .filter((r) => r.total > 0 || canSee(actor, r.regionCode));
}

export interface ItemView {
  workerId: number;
  nik: string;
  fullName: string;
  birthDate: string | null;
  villageCode: string;
  villageName: string;
  sectorCode: string;
  phone: string | null;
  welfareDecile: number | null;
  verdict: 'pending' | Verdict;
  reason: string | null;
  newSector: string | null;
  newPhone: string | null;
  note: string;
  verifiedBy: string | null;
  verifiedAt: string | null;
  /** The KK or KTP photo taken in the field, if any (the image itself: GET …/photo, full-identifier roles). */
  photo?: 'KK' | 'KTP' | null;
}

export async function listItems(
  db: Queryable,
  actor: Actor,
  id: number,
  o: { village?: string; verdict?: string; page: number; pageSize: number },
): Promise<{ items: ItemView[]; total: number }> {
  requirePermission(actor, 'workers.read');
  if (!(await repo.findRound(db, actor, id))) throw notFound(id);
  const { total, rows } = await repo.itemPage(db, actor, id, o);
  const p = personal(actor);
  const photo = await photoKinds(
    db,
    id,
    rows.map((r) => r.worker_id),
  );
  return { total, items: rows.map((r) => ({ ...presentItem(p, r), photo: (photo.get(Number(r.worker_id)) as 'KK' | 'KTP' | undefined) ?? null })) };
}

function presentItem(p: ReturnType<typeof personal>, r: repo.ItemRow): ItemView {
  return {
    workerId: r.worker_id,
    nik: p.nik(r.nik),
    fullName: r.full_name,
    birthDate: p.birthDate(r.birth_date),
    villageCode: r.village_code,
    villageName: r.village_name ?? r.village_code,
    sectorCode: r.sector_code,
    phone: p.phone(r.phone),
    welfareDecile: r.welfare_decile,
    verdict: r.verdict,
    reason: r.reason,
    newSector: r.new_sector,
    newPhone: p.phone(r.new_phone),
    note: r.note,
    verifiedBy: r.verified_by,
    verifiedAt: iso(r.verified_at),
  };
}

export interface VerdictInput {
  workerId: number;
  verdict: string;
  reason?: string | null;
  sectorCode?: string | null;
  phone?: string | null;
  note?: string | null;
}

/** A village's verdict on one of its workers; changeable until the round is signed off. Audit-logged. */
export async function recordVerdict(db: Queryable, actor: Actor, id: number, input: VerdictInput): Promise<ItemView> {
  requirePermission(actor, 'workers.write');
  const problems: Problem[] = [];
  const verdict = input.verdict as Verdict;
  if (!VERDICTS.includes(verdict))
    problems.push(problem('verdict', 'unknown', 'Hasil harus sesuai, diperbaiki atau ditolak', 'The verdict must be confirmed, corrected or rejected'));
  const reason = input.reason ?? null;
  if (verdict === 'rejected' && !REASONS.includes(reason as (typeof REASONS)[number]))
    problems.push(problem('reason', 'required', 'Pilih alasan penolakan', 'Choose why the worker is rejected'));
  let phone: string | null = null;
  if (input.phone) {
    phone = normalizePhone(input.phone);
    if (!phone) problems.push(problem('phone', 'format', 'Nomor HP tidak dikenali (08… atau +628…)', 'Phone number not recognised (08… or +628…)'));
  }
  const sector = input.sectorCode || null;
  if (sector && !(await sectorExists(db, sector))) problems.push(problem('sectorCode', 'unknown', 'Sektor tidak dikenal', 'Unknown sector'));
  if (verdict === 'corrected' && !sector && !phone)
    problems.push(problem('sectorCode', 'required', 'Perbaikan harus mengubah sektor atau nomor HP', 'A correction must change the sector or the phone'));
  const note = (input.note ?? '').trim();
  if (note.length > 500 || note.includes('\u0000'))
    problems.push(problem('note', 'format', 'Catatan paling banyak 500 karakter', 'The note is at most 500 characters'));
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    const round = await repo.findRound(tx, actor, id, true);
    if (!round) throw notFound(id);
    if (round.status !== 'open')
      throw new AppError('conflict', {
        id: 'Putaran ini sudah disahkan; hasilnya tidak bisa diubah',
        en: 'This round is signed off; its verdicts cannot change',
      });
    const item = await repo.findItem(tx, actor, id, input.workerId);
    if (!item)
      throw new AppError('not_found', { id: 'Pekerja ini tidak ada di desa Anda dalam putaran ini', en: 'This worker is not in your village in this round' });
    const v = {
      verdict,
      reason: verdict === 'rejected' ? reason : null,
      sectorCode: verdict === 'rejected' ? null : sector,
      phone: verdict === 'rejected' ? null : phone,
    };
    await repo.setVerdict(tx, id, input.workerId, { ...v, note, by: actor.username });
    await insertAudit(tx, actor, {
      action: 'verification.verdict',
      entity: 'verification_round',
      entityId: String(id),
      regionCode: item.village_code,
      before: { workerId: input.workerId, verdict: item.verdict, reason: item.reason },
      after: { workerId: input.workerId, ...v },
    });
    const { rows } = await repo.itemPage(tx, actor, id, { workerId: input.workerId, page: 1, pageSize: 1 });
    return presentItem(personal(actor), rows[0]!);
  });
}

/** The checker's sign-off: every worker has a verdict, the signer did not open the round; corrections reach the registry. */
export async function signOff(db: Queryable, actor: Actor, id: number, note = ''): Promise<RoundView> {
  requirePermission(actor, 'verification.approve');
  return db.transaction(async (tx) => {
    const round = await repo.findRound(tx, actor, id, true);
    if (!round || !canSee(actor, round.region_code)) throw notFound(id);
    if (round.status !== 'open') throw new AppError('conflict', { id: 'Putaran ini sudah disahkan', en: 'This round is already signed off' });
    if (round.created_by === actor.username)
      throw new AppError('forbidden', {
        id: 'Pembuka putaran tidak boleh mengesahkannya sendiri (maker–checker)',
        en: 'Whoever opened the round may not sign it off (maker–checker)',
      });
    const pending = await repo.pendingCount(tx, id);
    if (pending > 0)
      throw new AppError('conflict', {
        id: `${pending.toLocaleString('id-ID')} pekerja belum diverifikasi desa`,
        en: `${pending.toLocaleString('en-GB')} workers are not verified by their village yet`,
      });
    const day = todayJakarta();
    const verdicts = await repo.verdictsOf(tx, id);
    const changed = await applyVerification(
      tx,
      actor,
      verdicts.map((v) => ({ id: v.worker_id, sector: v.sector_code, phone: v.phone })),
      day,
      id,
    );
    // Rejected workers: no source funds them until a later round confirms them (a paid period stays protected).
    const rejected = await applyRejection(
      tx,
      actor,
      (await repo.rejectionsOf(tx, id)).map((r) => ({ id: r.worker_id, reason: r.reason })),
      day,
      id,
    );
    // The branch's answer reaches the registry with the villages' verdicts: protected elsewhere, or a wage earner.
    const bpjs = await applyBpjsCheck(
      tx,
      actor,
      (await answersOf(tx, id)).map((a) => ({ id: a.worker_id, elsewhere: a.elsewhere })),
      day,
      id,
    );
    await repo.markSignedOff(tx, id, actor.username, note.trim().slice(0, 500));
    await insertAudit(tx, actor, {
      action: 'verification.sign_off',
      entity: 'verification_round',
      entityId: String(id),
      regionCode: round.region_code,
      after: { ...(await repo.countsOf(tx, id)), registryChanged: changed, rejected, bpjsChanged: bpjs, note },
    });
    return getRound(tx, actor, id);
  });
}
