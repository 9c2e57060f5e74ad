import * as repo from './plans.repository.js';
import { personal } from '../../access/personal.js';
import { canSee } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { writableProgram } from '../funding/funding.service.js';

import { findPlan, getPlan, wrongState, type PlanView } from './plans.service.js';
import { lossesOf } from './losses.service.js';

/** Maker–checker: submitting a plan, approving or rejecting it, and the double-funding check approval runs. */
export async function submitPlan(db: Queryable, actor: Actor, id: number): Promise<PlanView> {
  return db.transaction(async (tx) => {
    const plan = await findPlan(tx, actor, id, true);
    await writableProgram(tx, actor, plan.program_id);
    if (plan.status !== 'draft') throw wrongState(plan.status, { id: 'diajukan', en: 'submit it' });
    await repo.markSubmitted(tx, id);
    await insertAudit(tx, actor, { action: 'plan.submit', entity: 'plan', entityId: String(id), regionCode: plan.region_code });
    return getPlan(tx, actor, id);
  });
}

export interface DoubleFundingRow {
  workerId: number;
  nik: string;
  fullName: string;
  villageCode: string;
  planA: { id: number; name: string; status: string; source: string; monthFrom: string; monthTo: string };
  planB: { id: number; name: string; status: string; source: string; monthFrom: string; monthTo: string };
  overlapMonths: number;
  rupiahAtStake: number;
}

/**
 * The same NIK funded by two plans (sources, programs or regencies) for overlapping months, among
 * approved and submitted plans. Rupiah at stake: the overlapping months at the smaller of the two
 * monthly amounts — what would be paid twice.
 */
export async function doubleFunding(
  db: Queryable,
  actor: Actor,
  opts: { fiscalYear?: number; planId?: number; limit?: number },
): Promise<{ items: DoubleFundingRow[]; total: number; rupiahAtStake: number }> {
  requirePermission(actor, 'funding.read');
  const rows = await repo.doubleFundingRows(db, actor, opts);
  const p = personal(actor);
  return {
    total: rows[0]?.total ?? 0,
    rupiahAtStake: rows[0]?.total_at_stake ?? 0,
    items: rows.map((r) => ({
      workerId: r.worker_id,
      nik: p.nik(r.nik),
      fullName: r.full_name,
      villageCode: r.village_code,
      planA: { id: r.a_id, name: r.a_name, status: r.a_status, source: r.a_source, monthFrom: r.a_from.slice(0, 7), monthTo: r.a_to.slice(0, 7) },
      planB: { id: r.b_id, name: r.b_name, status: r.b_status, source: r.b_source, monthFrom: r.b_from.slice(0, 7), monthTo: r.b_to.slice(0, 7) },
      overlapMonths: r.overlap,
      rupiahAtStake: r.at_stake,
    })),
  };
}

/**
 * Maker–checker: a second person approves; the budgets must still cover it and no worker may be paid
 * twice. When the plan leaves protected workers without cover, the approver must confirm having seen
 * it (`confirmLosses`), or the approval is refused with the count.
 */
export async function reviewPlan(
  db: Queryable,
  actor: Actor,
  id: number,
  decision: 'approve' | 'reject',
  note: string,
  opts: { confirmLosses?: boolean } = {},
): Promise<PlanView> {
  requirePermission(actor, 'plans.approve');
  return db.transaction(async (tx) => {
    const plan = await findPlan(tx, actor, id, true);
    if (!canSee(actor, plan.region_code)) throw new AppError('forbidden');
    if (plan.status !== 'submitted') throw wrongState(plan.status, { id: 'ditinjau', en: 'review it' });
    if (plan.created_by === actor.username)
      throw new AppError('forbidden', {
        id: 'Pembuat rencana tidak boleh menyetujui rencananya sendiri (maker–checker)',
        en: 'The maker of a plan may not review it (maker–checker)',
      });
    if (decision === 'approve') {
      // One approval at a time, across programs and regencies: two checkers approving at once must not
      // both spend the last Rupiah of a source, nor both fund the same worker (plans of different
      // programs can share workers, so a per-program lock is not enough). Approvals are rare.
      await repo.lockApprovals(tx);
      const pos = await funding.budgetPositions(tx, plan.program_id, plan.fiscal_year, id);
      const short = plan.summary.sources.filter((s) => {
        const p = pos.get(s.sourceId) ?? { allocation: 0, committed: 0 };
        return s.rupiah > p.allocation - p.committed;
      });
      if (short.length > 0)
        throw new AppError('conflict', {
          id: `Pagu tidak lagi cukup untuk: ${short.map((s) => s.name).join(', ')}; jalankan ulang rencana`,
          en: `The budget no longer covers: ${short.map((s) => s.name).join(', ')}; run the plan again`,
        });
      const losses = await lossesOf(tx, id);
      if (losses.total > 0 && !opts.confirmLosses)
        throw new AppError('conflict', {
          id: `${losses.total.toLocaleString('id-ID')} dari ${losses.protectedBefore.toLocaleString('id-ID')} pekerja yang kini terlindungi kehilangan perlindungan dengan rencana ini; periksa daftarnya dan konfirmasi persetujuan`,
          en: `${losses.total.toLocaleString('en-GB')} of the ${losses.protectedBefore.toLocaleString('en-GB')} workers protected now lose protection under this plan; review the list and confirm the approval`,
        });
      const conflicts = await repo.fundedElsewhere(tx, { id, months: plan.months, from: plan.month_from, to: plan.month_to });
      if (conflicts[0]!.n > 0)
        throw new AppError('conflict', {
          id: `${conflicts[0]!.n} pekerja sudah didanai rencana lain yang disetujui untuk bulan yang sama; jalankan ulang rencana`,
          en: `${conflicts[0]!.n} workers are already funded by another approved plan for the same months; run the plan again`,
        });
    }
    await repo.markReviewed(tx, id, decision === 'approve' ? 'approved' : 'rejected', actor.username, note.trim());
    await insertAudit(tx, actor, {
      action: `plan.${decision}`,
      entity: 'plan',
      entityId: String(id),
      regionCode: plan.region_code,
      after: { note, ...(opts.confirmLosses ? { confirmLosses: true } : {}) },
    });
    return getPlan(tx, actor, id);
  });
}
