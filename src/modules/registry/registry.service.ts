import type { Db, Queryable } from '../../db/db.js';
import { requirePermission, SYSTEM_ACTOR, type Actor } from '../../actor.js';
import { personal } from '../../access/personal.js';
import { AppError } from '../../errors.js';
import { problem } from '../../domain/problem.js';
import { todayJakarta } from '../../domain/calendar.js';
import { addMonths } from '../../domain/protection.js';
import { insertAudit } from '../audit/audit.repository.js';
import { submitJob } from '../jobs/jobs.service.js';
import * as imports from '../imports/imports.repository.js';
import { analyzeRegistry, applyMerge, planMerge, type MergeCounts, type MergeParams } from '../imports/merge.repository.js';
import { awaitPublication } from '../imports/merge.service.js';
import { checkNames, planSession, type CandidateScope, type CheckName } from '../plans/candidates.repository.js';
import * as repo from './registry.repository.js';
import { CHANGE_KINDS, COVERED_DISTRICT_SHARE, type ChangeKind } from '../../domain/registry-changes.js';

/**
 * Quarterly DTSEN updates (issue 16.3): a file staged like any import is first compared with the
 * registry — who is new, removed from DTSEN, died, moved, re-ranked — and which funded participants
 * gain or lose eligibility for which source from which month, with the Rupiah at stake. Nothing changes
 * until an operator applies the preview; the apply is one transaction, refused when the registry moved
 * on since the preview, and the change rows keep the state before it.
 */
export interface UpdatePreview {
  effectiveMonth: string;
  kinds: Record<ChangeKind, number>;
  /** Per plan, source, effect and first month: how many funded workers and the Rupiah over the plan's remaining months. */
  impacts: {
    planId: number;
    planName: string;
    sourceId: number;
    sourceName: string;
    effect: 'loses' | 'gains';
    /** The source pays for these workers in the plan (a loss here is money at stake). */
    funding: boolean;
    fromMonth: string;
    workers: number;
    rupiah: number;
  }[];
  /** Funded participants who lose the eligibility of the source that pays for them. */
  losing: { workers: number; rupiah: number };
  /** Approved plans made before plans kept their rules (0023): their workers could not be judged. */
  plansNotJudged: number[];
  /**
   * Districts of the region the file does not cover (it lists under half of their ranked people) and their
   * ranked workers: nobody there is judged removed from DTSEN. Absent on previews made before it was kept.
   */
  notCovered?: { districts: number; workers: number };
}

/** The first month an update can change: the one after today (this month is paid already). */
export const defaultEffectiveMonth = () => addMonths(todayJakarta().slice(0, 7), 1);

export function checkEffectiveMonth(v: string | undefined | null): string {
  if (v === undefined || v === null || v === '') return defaultEffectiveMonth();
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) {
    throw AppError.validation([
      problem('effectiveMonth', 'month_invalid', `Bulan berlaku "${v}" harus berbentuk TTTT-BB`, `Effective month "${v}" must be YYYY-MM`),
    ]);
  }
  return v;
}

/**
 * Inside the import job's transaction, instead of a merge: the plan of the import, the changes and their
 * impact, stored with the import (status previewed). Returns the counts the merge would apply and the preview.
 */
export async function previewInTransaction(
  tx: Queryable,
  p: Omit<MergeParams, 'policy'>,
  effectiveMonth: string,
): Promise<{ counts: MergeCounts; preview: UpdatePreview }> {
  const params: MergeParams = { ...p, policy: 'dtsen_update' };
  // The plans' session settings: no JIT for the judging (compiling it cost more than running it).
  await planSession(tx);
  const { counts } = await planMerge(tx, params);
  const notCovered = await repo.insertChanges(tx, { importId: p.importId, scope: p.scope, day: todayJakarta(), coveredShare: COVERED_DISTRICT_SHARE });
  const plans = await repo.plansAffected(tx, p.importId, effectiveMonth);
  const judged = plans.filter((pl): pl is repo.ApprovedPlanRow & { rules: CandidateScope } => pl.rules !== null);
  if (judged.length > 0) {
    await repo.buildAfter(
      tx,
      p.importId,
      judged.map((pl) => pl.id),
    );
    for (const plan of judged) await repo.insertImpacts(tx, p.importId, plan, effectiveMonth);
  }
  const c = await repo.previewCounts(tx, p.importId);
  const preview: UpdatePreview = {
    effectiveMonth,
    kinds: Object.fromEntries(CHANGE_KINDS.map((k) => [k, c.kinds.find((x) => x.kind === k)?.n ?? 0])) as Record<ChangeKind, number>,
    impacts: c.impacts.map((i) => ({
      planId: i.plan_id,
      planName: i.plan_name,
      sourceId: i.source_id,
      sourceName: i.source_name,
      effect: i.effect,
      funding: i.funding,
      fromMonth: i.from_month,
      workers: i.n,
      rupiah: Number(i.rupiah),
    })),
    losing: { workers: c.losing.n, rupiah: Number(c.losing.rupiah) },
    plansNotJudged: plans.filter((pl) => pl.rules === null).map((pl) => pl.id),
    notCovered,
  };
  await repo.setPreview(tx, p.importId, effectiveMonth, preview);
  return { counts, preview };
}

export function previewMessage(total: number, p: UpdatePreview): { id: string; en: string } {
  const k = p.kinds;
  const rp = p.losing.rupiah.toLocaleString('id-ID');
  return {
    id:
      `Pratinjau pembaruan DTSEN (${total} baris): ${k.new} baru, ${k.removed} keluar dari DTSEN, ${k.died} meninggal, ` +
      `${k.moved_village + k.moved_regency} pindah, ${k.decile_down + k.decile_up} desil berubah. ` +
      `${p.losing.workers} peserta yang didanai kehilangan kelayakan sumber dananya mulai ${p.effectiveMonth} (Rp ${rp}). ` +
      (p.notCovered?.districts
        ? `${p.notCovered.workers} pekerja berdesil di ${p.notCovered.districts} kecamatan yang tidak dicakup berkas tidak dianggap keluar. `
        : '') +
      'Belum diterapkan.',
    en:
      `DTSEN update preview (${total} rows): ${k.new} new, ${k.removed} removed from DTSEN, ${k.died} died, ` +
      `${k.moved_village + k.moved_regency} moved, ${k.decile_down + k.decile_up} decile changed. ` +
      `${p.losing.workers} funded participants lose their source's eligibility from ${p.effectiveMonth} (Rp ${p.losing.rupiah.toLocaleString('en-US')}). ` +
      (p.notCovered?.districts
        ? `${p.notCovered.workers} ranked workers in ${p.notCovered.districts} districts the file does not cover are not judged removed. `
        : '') +
      'Not applied yet.',
  };
}

const notFound = (id: number) => new AppError('not_found', { id: `Pembaruan registri #${id} tidak ditemukan`, en: `Registry update #${id} not found` });

async function findUpdate(db: Queryable, actor: Actor, id: number, forUpdate = false): Promise<imports.ImportRow> {
  const row = await imports.findImport(db, actor, id, forUpdate);
  if (!row || row.policy !== 'dtsen_update') throw notFound(id);
  return row;
}

const notPreviewed = (row: imports.ImportRow) =>
  new AppError('conflict', {
    id: `Pembaruan #${row.id} berstatus ${row.status}: hanya pratinjau yang dapat diterapkan atau dibuang`,
    en: `Update #${row.id} is ${row.status}: only a preview can be applied or discarded`,
  });

export interface RegistryUpdateView {
  id: number;
  status: imports.ImportStatus;
  fileName: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  message: { id: string; en: string } | null;
  rows: { total: number; invalid: number };
  preview: UpdatePreview | null;
}

export async function getUpdate(db: Queryable, actor: Actor, id: number): Promise<RegistryUpdateView> {
  requirePermission(actor, 'workers.read');
  const row = await findUpdate(db, actor, id);
  const { preview } = await repo.readPreview(db, id);
  return {
    id: row.id,
    status: row.status,
    fileName: row.file_name,
    createdBy: row.actor_username,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    message: row.message_id && row.message_en ? { id: row.message_id, en: row.message_en } : null,
    rows: { total: row.rows_total, invalid: row.rows_invalid },
    preview: (preview as UpdatePreview | null) ?? null,
  };
}

/** Fields shown before and after; the others (names, addresses, phones) are named, not shown. */
const SHOWN = ['village_code', 'welfare_decile', 'sector_code', 'died_on', 'dtsen_out_on', 'is_wage_earner'];

export interface ChangeView {
  nik: string;
  workerId: number | null;
  fullName: string | null;
  villageCode: string;
  villageName: string | null;
  kinds: ChangeKind[];
  before: Record<string, string | number | boolean | null>;
  after: Record<string, string | number | boolean | null>;
  otherFields: string[];
}

type Shown = Record<string, string | number | boolean | null>;
const pick = (o: Record<string, unknown> | null): Shown => Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => SHOWN.includes(k))) as Shown;

export async function listChanges(
  db: Queryable,
  actor: Actor,
  id: number,
  q: { kind?: string; page?: number; pageSize?: number },
): Promise<{ total: number; items: ChangeView[] }> {
  requirePermission(actor, 'workers.read');
  await findUpdate(db, actor, id);
  const kind = q.kind ? (q.kind as ChangeKind) : null;
  if (kind !== null && !CHANGE_KINDS.includes(kind))
    throw AppError.validation([problem('kind', 'kind_unknown', `Jenis perubahan "${q.kind}" tidak dikenal`, `Unknown kind of change "${q.kind}"`)]);
  const { total, rows } = await repo.changePage(db, actor, id, { kind, page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  const p = personal(actor);
  return {
    total,
    items: rows.map((r) => ({
      nik: p.nik(r.nik),
      workerId: r.worker_id,
      fullName: r.full_name,
      villageCode: r.village_code,
      villageName: r.village_name,
      kinds: r.kinds,
      before: pick(r.before),
      after: pick(r.after),
      otherFields: Object.keys(r.after ?? {}).filter((k) => !SHOWN.includes(k) && r.before !== null),
    })),
  };
}

export interface ImpactView {
  importId: number;
  workerId: number;
  nik: string;
  fullName: string;
  villageCode: string;
  kpj: string | null;
  planId: number;
  sourceId: number;
  sourceName: string;
  effect: 'loses' | 'gains';
  funding: boolean;
  fromMonth: string;
  paidUntil: string | null;
  months: number;
  rupiah: number;
  checks: CheckName[];
  kinds: ChangeKind[];
}

export function presentImpact(actor: Actor, r: repo.ImpactRow): ImpactView {
  const p = personal(actor);
  return {
    importId: r.import_id,
    workerId: r.worker_id,
    nik: p.nik(r.nik),
    fullName: r.full_name,
    villageCode: r.village_code,
    kpj: p.kpj(r.kpj),
    planId: r.plan_id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    effect: r.effect,
    funding: r.funding,
    fromMonth: r.from_month,
    paidUntil: r.paid_until,
    months: r.months,
    rupiah: Number(r.rupiah),
    checks: checkNames(r.failed_checks),
    kinds: r.kinds ?? [],
  };
}

export async function listImpacts(
  db: Queryable,
  actor: Actor,
  id: number,
  q: { effect?: 'loses' | 'gains'; page?: number; pageSize?: number },
): Promise<{ total: number; items: ImpactView[] }> {
  requirePermission(actor, 'workers.read');
  await findUpdate(db, actor, id);
  const { total, rows } = await repo.impactPage(db, actor, id, { effect: q.effect ?? null, page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { total, items: rows.map((r) => presentImpact(actor, r)) };
}

export const applyJobKey = (id: number) => `registry.apply:${id}`;

/** Queues the apply (a job: a province's update changes hundreds of thousands of rows). */
export async function requestApply(db: Db, actor: Actor, id: number): Promise<RegistryUpdateView> {
  requirePermission(actor, 'workers.write');
  const row = await findUpdate(db, actor, id);
  if (row.status !== 'previewed') throw notPreviewed(row);
  await submitJob(db, actor, {
    kind: 'registry.apply',
    payload: { importId: id, actor },
    dedupeKey: applyJobKey(id),
    regionCode: row.actor_scope,
    maxAttempts: 1,
  });
  await insertAudit(db, actor, { action: 'registry.update.apply_requested', entity: 'import', entityId: String(id), regionCode: row.actor_scope });
  return getUpdate(db, actor, id);
}

/**
 * The `registry.apply` job: the previewed changes, all or none. Refused (nothing changed) when the
 * staged rows are gone or a worker of the preview changed since — the preview would no longer be true.
 */
export async function applyUpdate(db: Db, actor: Actor, id: number): Promise<RegistryUpdateView> {
  requirePermission(actor, 'workers.write');
  await awaitPublication(db, id);
  const outcome = await db.transaction(async (tx) => {
    await imports.lockForMerge(tx, id);
    const row = await findUpdate(tx, actor, id, true);
    if (row.status !== 'previewed') throw notPreviewed(row);
    const params: MergeParams = { importId: id, scope: row.actor_scope, policy: 'dtsen_update', actorId: actor.id, actorUsername: actor.username };
    const plan = await planMerge(tx, params, { writeErrors: false });
    const s = await repo.staleness(tx, id);
    if (s.staged !== row.rows_total) return { lost: true as const, row };
    if (s.changedSince > 0 || s.unpreviewed > 0 || s.newRows !== plan.counts.inserted) {
      throw new AppError('conflict', {
        id: `Registri berubah sejak pratinjau (${s.changedSince + s.unpreviewed} pekerja); buang pratinjau ini dan unggah ulang berkasnya`,
        en: `The registry changed since the preview (${s.changedSince + s.unpreviewed} workers); discard this preview and upload the file again`,
      });
    }
    await applyMerge(tx, params, plan);
    await repo.applyStatus(tx, { importId: id, actorId: actor.id, actorUsername: actor.username });
    const { preview } = await repo.readPreview(tx, id);
    const pv = preview as UpdatePreview;
    const c = plan.counts;
    await imports.finish(
      tx,
      id,
      'completed',
      {
        id: `Pembaruan DTSEN diterapkan: ${c.inserted} baru, ${c.updated} diubah, ${pv.kinds.removed} keluar dari DTSEN, ${pv.kinds.died} meninggal`,
        en: `DTSEN update applied: ${c.inserted} new, ${c.updated} updated, ${pv.kinds.removed} removed from DTSEN, ${pv.kinds.died} died`,
      },
      { total: row.rows_total, ...c },
    );
    await insertAudit(tx, actor, {
      action: 'registry.update.apply',
      entity: 'import',
      entityId: String(id),
      regionCode: row.actor_scope,
      after: { ...c, kinds: pv.kinds, losing: pv.losing, effectiveMonth: pv.effectiveMonth },
    });
    return { lost: false as const, row, changed: c.inserted + c.updated };
  });
  if (outcome.lost) {
    await imports.finish(db, id, 'failed', {
      id: 'Data bertahap hilang (server dimulai ulang); registri tidak berubah, unggah ulang berkasnya',
      en: 'The staged rows are gone (the server restarted); the registry is unchanged, upload the file again',
    });
    await repo.deletePreview(db, id);
    throw new AppError('conflict', { id: 'Data bertahap hilang; unggah ulang berkasnya', en: 'The staged rows are gone; upload the file again' });
  }
  await imports.deleteStaged(db, id);
  if (outcome.changed >= 10_000) await analyzeRegistry(db);
  return getUpdate(db, actor, id);
}

export async function applyUpdateJob(db: Db, payload: Record<string, unknown>): Promise<{ status: string }> {
  const actor = (payload.actor as Actor | undefined) ?? SYSTEM_ACTOR;
  const view = await applyUpdate(db, actor, Number(payload.importId));
  return { status: view.status };
}

/** Throws away a preview: its staged rows, change and impact rows go; the import stays as a record. */
export async function discardUpdate(db: Db, actor: Actor, id: number): Promise<RegistryUpdateView> {
  requirePermission(actor, 'workers.write');
  await db.transaction(async (tx) => {
    const row = await findUpdate(tx, actor, id, true);
    if (!(await repo.markDiscarded(tx, id))) throw notPreviewed(row);
    await repo.deletePreview(tx, id);
    await imports.deleteStaged(tx, id);
    await insertAudit(tx, actor, { action: 'registry.update.discard', entity: 'import', entityId: String(id), regionCode: row.actor_scope });
  });
  return getUpdate(db, actor, id);
}

/** The alert list: funded participants an applied update took out of their source's rules while their plan runs. */
export async function eligibilityLost(db: Queryable, actor: Actor, month: string, limit: number) {
  const r = await repo.lostEligibility(db, actor, `${month}-01`, limit);
  return { count: r.count, rupiah: Number(r.rupiah), items: r.rows.map((x) => presentImpact(actor, x)) };
}
