import { personal } from '../../access/personal.js';
import type { Queryable } from '../../db/db.js';
import { checkDate } from '../../domain/calendar.js';
import { canSee, canSeeShared, coversWhole } from '../../access/access.js';
import { requirePermission, type Actor } from '../../actor.js';
import { maskNik } from '../../domain/nik.js';
import { problem, type Problem } from '../../domain/problem.js';
import { isKpj, maskKpj, type ParticipantStatus } from '../../domain/protection.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import type * as funding from '../funding/funding.repository.js';
import * as repo from './enrolment.repository.js';
import * as plansRepo from '../plans/plans.repository.js';
import { readableProgram } from '../funding/funding.service.js';
import { readAnswerFile } from './files.js';

const notFound = (what: { id: string; en: string }) => new AppError('not_found', what);
export function requireEnrolmentWriter(actor: Actor): void {
  requirePermission(actor, 'enrolment.write');
}

/** A program whose participants the actor may enrol or change: inside their scope, or (BPJS officers) covering it. */
export async function enrolProgram(db: Queryable, actor: Actor, programId: number): Promise<funding.ProgramRow> {
  requireEnrolmentWriter(actor);
  const p = await readableProgram(db, actor, programId);
  if (actor.role !== 'bpjs_officer' && !canSee(actor, p.region_code)) throw new AppError('forbidden');
  return p;
}

// ---------------------------------------------------------------- batches

export interface BatchView {
  id: number;
  planId: number;
  planName: string;
  programId: number;
  programName: string;
  regionCode: string;
  status: 'submitted' | 'answered';
  submitted: number;
  continuing: number;
  accepted: number;
  rejected: number;
  createdBy: string;
  createdAt: string;
  answeredBy: string | null;
  answeredAt: string | null;
}

type BatchRow = repo.BatchRow;

const presentBatch = (r: BatchRow): BatchView => ({
  id: r.id,
  planId: r.plan_id,
  planName: r.plan_name,
  programId: r.program_id,
  programName: r.program_name,
  regionCode: r.region_code,
  status: r.status,
  submitted: r.submitted,
  continuing: r.continuing,
  accepted: r.accepted,
  rejected: r.rejected,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  answeredBy: r.answered_by,
  answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
});

/**
 * A batch's totals as the actor may see them: the stored totals when the actor's scope holds the
 * batch's whole region; counted from the participants inside the actor's scope otherwise (a village
 * operator sees its own village's submissions, never the regency's).
 */
async function batchesAsSeen(db: Queryable, actor: Actor, rows: BatchRow[]): Promise<BatchView[]> {
  const narrow = rows.filter((r) => !coversWhole(actor, r.region_code));
  if (narrow.length === 0) return rows.map(presentBatch);
  const counts = await repo.batchCountsInside(
    db,
    actor,
    narrow.map((r) => r.id),
  );
  const byId = new Map(counts.map((c) => [c.batch_id, c]));
  return rows.map((r) => {
    if (coversWhole(actor, r.region_code)) return presentBatch(r);
    const c = byId.get(r.id) ?? { submitted: 0, continuing: 0, accepted: 0, rejected: 0 };
    return presentBatch({ ...r, submitted: c.submitted, continuing: c.continuing, accepted: c.accepted, rejected: c.rejected });
  });
}

export async function getBatch(db: Queryable, actor: Actor, id: number): Promise<BatchView> {
  requirePermission(actor, 'funding.read');
  const r = await repo.findBatch(db, id);
  if (!r || !canSeeShared(actor, r.region_code)) throw notFound({ id: `Batch #${id} tidak ditemukan`, en: `Batch #${id} not found` });
  return (await batchesAsSeen(db, actor, [r]))[0]!;
}

export async function listBatches(db: Queryable, actor: Actor): Promise<BatchView[]> {
  requirePermission(actor, 'funding.read');
  return batchesAsSeen(db, actor, await repo.listBatches(db, actor));
}

/** Approved plans of the actor's region, with how many of their funded workers are already enrolled. */
export async function enrollablePlans(
  db: Queryable,
  actor: Actor,
): Promise<{ id: number; name: string; programId: number; fiscalYear: number; monthFrom: string; monthTo: string; funded: number; enrolled: number }[]> {
  requirePermission(actor, 'funding.read');
  const rows = await repo.approvedPlansAsSeen(db, actor);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    programId: r.program_id,
    fiscalYear: r.fiscal_year,
    monthFrom: r.month_from.slice(0, 7),
    monthTo: r.month_to.slice(0, 7),
    funded: r.funded,
    enrolled: r.enrolled,
  }));
}

/**
 * Starts enrolment from an approved plan, in one transaction: every funded worker becomes a
 * participant (candidate), gets the plan's protection period with its source, and — unless already
 * active with BPJS (a continuing worker) — is submitted in a new batch for the branch. Candidates
 * waiting from earlier (replacements, rejected submissions that were fixed) go in the same batch.
 * Running it again for the same plan submits only what is still waiting; nothing is duplicated.
 */
export async function createBatch(db: Queryable, actor: Actor, planId: number, opts: { on?: string } = {}): Promise<BatchView> {
  const day = checkDate('on', opts.on);
  return db.transaction(async (tx) => {
    const plan = await plansRepo.lockPlan(tx, planId);
    if (!plan || !canSeeShared(actor, plan.region_code))
      throw notFound({ id: `Rencana #${planId} tidak ditemukan di wilayah Anda`, en: `Plan #${planId} not found in your region` });
    await enrolProgram(tx, actor, plan.program_id);
    if (plan.status !== 'approved')
      throw new AppError('conflict', {
        id: `Rencana #${planId} belum disetujui; kepesertaan dimulai dari rencana yang disetujui`,
        en: `Plan #${planId} is not approved; enrolment starts from an approved plan`,
      });
    const { batchId, submitted, continuing } = await repo.submitPlan(tx, {
      planId,
      programId: plan.program_id,
      regionCode: plan.region_code,
      fiscalYear: plan.fiscal_year,
      monthFrom: plan.month_from,
      monthTo: plan.month_to,
      day,
      actor: actor.username,
    });
    if (submitted === 0)
      throw new AppError('conflict', {
        id: `Semua pekerja rencana #${planId} sudah diajukan; tidak ada yang menunggu`,
        en: `Every worker of plan #${planId} has been submitted already; nothing is waiting`,
      });
    await repo.setBatchCounts(tx, batchId, submitted, continuing);
    await insertAudit(tx, actor, {
      action: 'enrolment.batch_create',
      entity: 'enrolment_batch',
      entityId: String(batchId),
      regionCode: plan.region_code,
      after: { planId, submitted, continuing },
    });
    return getBatch(tx, actor, batchId);
  });
}

// ---------------------------------------------------------------- BPJS's answer

export interface AnswerRow {
  rowNo: number;
  nik: string;
  kpj: string;
  accepted: boolean;
  reason: string;
}

const ACCEPT = /^(diterima|terima|accepted|accept|ok|aktif|active|y|ya|yes|1)$/i;
const REJECT = /^(ditolak|tolak|rejected|reject|gagal|failed|n|tidak|no|0)$/i;

/** Checks an answer file's rows; the whole file is refused if any row is wrong (never half applied). */
export function parseAnswer(rows: { rowNo: number; nik: string; kpj: string; status: string; reason: string }[]): { rows: AnswerRow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const out: AnswerRow[] = [];
  const seenNik = new Set<string>();
  const seenKpj = new Set<string>();
  for (const r of rows) {
    const at = `baris ${r.rowNo}`;
    const atEn = `row ${r.rowNo}`;
    const nik = r.nik.replace(/\s/g, '');
    const kpj = r.kpj.replace(/\s/g, '');
    if (!/^\d{16}$/.test(nik)) problems.push(problem('nik', 'format', `${at}: NIK "${nik}" harus 16 angka`, `${atEn}: NIK "${nik}" must be 16 digits`));
    else if (seenNik.has(nik))
      problems.push(problem('nik', 'duplicate', `${at}: NIK ${maskNik(nik)} muncul dua kali`, `${atEn}: NIK ${maskNik(nik)} appears twice`));
    seenNik.add(nik);
    const status = r.status.trim();
    const accepted = ACCEPT.test(status) || (status === '' && kpj !== '');
    if (!accepted && !REJECT.test(status) && status !== '')
      problems.push(
        problem('status', 'invalid', `${at}: status "${status}" tidak dikenal (DITERIMA/DITOLAK)`, `${atEn}: unknown status "${status}" (ACCEPTED/REJECTED)`),
      );
    if (accepted) {
      if (!isKpj(kpj)) problems.push(problem('kpj', 'format', `${at}: nomor KPJ harus 11 angka`, `${atEn}: the KPJ number must be 11 digits`));
      else if (seenKpj.has(kpj))
        problems.push(problem('kpj', 'duplicate', `${at}: KPJ ${maskKpj(kpj)} muncul dua kali`, `${atEn}: KPJ ${maskKpj(kpj)} appears twice`));
      seenKpj.add(kpj);
    } else if (status === '' && kpj === '')
      problems.push(problem('status', 'missing', `${at}: tidak ada status maupun KPJ`, `${atEn}: neither a status nor a KPJ number`));
    out.push({ rowNo: r.rowNo, nik, kpj, accepted, reason: r.reason.trim().slice(0, 300) });
  }
  return { rows: out, problems };
}

/**
 * Applies BPJS's answer to a batch: accepted NIKs become active with their KPJ number, rejected ones
 * return to candidate with the branch's reason. All rows or none.
 */
export async function applyAnswer(db: Queryable, actor: Actor, batchId: number, rows: AnswerRow[], opts: { on?: string } = {}): Promise<BatchView> {
  const day = checkDate('on', opts.on);
  requireEnrolmentWriter(actor);
  return db.transaction(async (tx) => {
    const batch = await getBatch(tx, actor, batchId);
    await enrolProgram(tx, actor, batch.programId);
    await repo.lockBatch(tx, batchId);
    const niks = rows.map((r) => r.nik);
    const known = await repo.participantsByNik(tx, niks);
    const byNik = new Map(known.map((k) => [k.nik, k]));
    const problems: Problem[] = [];
    for (const r of rows) {
      const k = byNik.get(r.nik);
      if (!k || k.batch_id !== batchId)
        problems.push(
          problem(
            'nik',
            'not_in_batch',
            `baris ${r.rowNo}: NIK ${maskNik(r.nik)} tidak ada di batch #${batchId}`,
            `row ${r.rowNo}: NIK ${maskNik(r.nik)} is not in batch #${batchId}`,
          ),
        );
      else if (k.status !== 'submitted')
        problems.push(
          problem(
            'nik',
            'not_submitted',
            `baris ${r.rowNo}: peserta ${maskNik(r.nik)} berstatus ${k.status}, bukan diajukan`,
            `row ${r.rowNo}: participant ${maskNik(r.nik)} is ${k.status}, not submitted`,
          ),
        );
    }
    const kpjs = rows.filter((r) => r.accepted).map((r) => r.kpj);
    const taken = await repo.kpjHolders(tx, kpjs);
    const nikOfRow = new Map(rows.map((r) => [r.kpj, r.nik]));
    for (const t of taken)
      if (nikOfRow.get(t.kpj) !== t.nik)
        problems.push(
          problem('kpj', 'taken', `KPJ ${maskKpj(t.kpj)} sudah dipakai peserta lain`, `KPJ ${maskKpj(t.kpj)} already belongs to another participant`),
        );
    if (problems.length > 0) throw AppError.validation(problems.slice(0, 50));
    const acc = rows.filter((r) => r.accepted);
    const rej = rows.filter((r) => !r.accepted);
    await repo.recordAnswer(tx, {
      batchId,
      day,
      actor: actor.username,
      accepted: acc.map((r) => ({ nik: r.nik, kpj: r.kpj })),
      rejected: rej.map((r) => ({ nik: r.nik, reason: r.reason || 'ditolak / rejected' })),
    });
    await insertAudit(tx, actor, {
      action: 'enrolment.answer',
      entity: 'enrolment_batch',
      entityId: String(batchId),
      regionCode: batch.regionCode,
      after: { accepted: acc.length, rejected: rej.length },
    });
    return getBatch(tx, actor, batchId);
  });
}

// ---------------------------------------------------------------- participants

export interface ParticipantView {
  id: number;
  workerId: number;
  nik: string;
  fullName: string;
  villageCode: string;
  sectorCode: string;
  programId: number;
  kpj: string | null;
  status: ParticipantStatus;
  statusSince: string;
  endReason: string | null;
  rejection: string | null;
  batchId: number | null;
  version: number;
}

export type ParticipantRow = repo.ParticipantRow;

export function presentParticipant(actor: Actor, r: ParticipantRow): ParticipantView {
  const p = personal(actor);
  return {
    id: r.id,
    workerId: r.worker_id,
    nik: p.nik(r.nik),
    fullName: r.full_name,
    villageCode: r.village_code,
    sectorCode: r.sector_code,
    programId: r.program_id,
    kpj: p.kpj(r.kpj),
    status: r.status,
    statusSince: r.status_since,
    endReason: r.end_reason,
    rejection: r.rejection,
    batchId: r.batch_id,
    version: r.version,
  };
}

export async function findParticipant(db: Queryable, actor: Actor, ref: { id?: number; nik?: string; kpj?: string }, lock = false): Promise<ParticipantRow> {
  requirePermission(actor, 'funding.read');
  const r = await repo.findParticipantRow(db, ref, lock);
  // Scope by the worker's village: a participant outside the actor's region does not exist for them.
  if (!r || !canSee(actor, r.region_code)) throw notFound({ id: 'Peserta tidak ditemukan di wilayah Anda', en: 'Participant not found in your region' });
  // A search by NIK or KPJ is a lookup of a person (UU 27/2022): audited here, so every door — HTTP, CLI, a job — is.
  if ((ref.nik !== undefined || ref.kpj !== undefined) && ref.id === undefined)
    await insertAudit(db, actor, { action: 'participant.lookup', entity: 'participant', entityId: String(r.id), regionCode: r.region_code });
  return r;
}

export async function listParticipants(
  db: Queryable,
  actor: Actor,
  q: { status?: string; batchId?: number; programId?: number; search?: string; limit?: number; offset?: number },
): Promise<{ items: ParticipantView[]; total: number; byStatus: Record<string, number> }> {
  requirePermission(actor, 'funding.read');
  const { rows, total, byStatus } = await repo.listParticipantRows(db, actor, q);
  return { items: rows.map((r) => presentParticipant(actor, r)), total, byStatus };
}

/**
 * BPJS's answer file (NIK, KPJ, STATUS, ALASAN) read and applied: every row or none. One use case for
 * the upload route and `jaring enrol answer`; a file with problems is refused naming the first 50.
 */
export async function applyAnswerFile(
  db: Queryable,
  actor: Actor,
  batchId: number,
  file: { path: string; format: 'csv' | 'xlsx' },
  opts: { on?: string } = {},
): Promise<BatchView> {
  await getBatch(db, actor, batchId);
  const parsed = parseAnswer(await readAnswerFile(file.path, file.format));
  if (parsed.problems.length > 0) throw AppError.validation(parsed.problems.slice(0, 50));
  return applyAnswer(db, actor, batchId, parsed.rows, opts);
}
