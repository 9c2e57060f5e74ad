import * as repo from './losses.repository.js';
import { personal } from '../../access/personal.js';
import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { checkNames, type CheckName } from './candidates.repository.js';
import { findPlan } from './plans.service.js';

/**
 * Who loses protection under a plan, and why — shown on the plan page, its PDF and at approval, which
 * asks the approver to confirm before committing Rupiah (issue 12.6).
 */
export type LossReason = 'budget' | 'rule' | 'not_candidate';

export interface PlanLosses {
  /** Participants protected in the month before the plan starts. */
  protectedBefore: number;
  /** Of them, funded again by this plan. */
  kept: number;
  /** Of them, protected no longer within the plan's months. */
  total: number;
  byReason: { reason: LossReason; checks: CheckName[]; count: number }[];
  /** The last day of protection, and how many it ends for. */
  byEnd: { until: string; count: number }[];
}

export async function planLosses(db: Queryable, actor: Actor, id: number): Promise<PlanLosses> {
  await findPlan(db, actor, id);
  return lossesOf(db, id);
}

/** The figures without the access check (the caller has found the plan). */
export async function lossesOf(db: Queryable, id: number): Promise<PlanLosses> {
  const s = await repo.lossSummary(db, id);
  const byReason = s.byReason.map((r) => ({ reason: r.reason, checks: checkNames(r.failed_checks), count: r.n }));
  return {
    protectedBefore: s.before[0]!.n,
    kept: s.before[0]!.kept,
    total: byReason.reduce((a, r) => a + r.count, 0),
    byReason,
    byEnd: s.byEnd.map((e) => ({ until: e.until, count: e.n })),
  };
}

export interface PlanLossView {
  workerId: number;
  participantId: number;
  nik: string;
  kpj: string | null;
  fullName: string;
  villageCode: string;
  villageName: string | null;
  sectorCode: string;
  until: string;
  reason: LossReason;
  checks: CheckName[];
}

export async function listPlanLosses(
  db: Queryable,
  actor: Actor,
  id: number,
  opts: { page: number; pageSize: number },
): Promise<{ items: PlanLossView[]; total: number }> {
  await findPlan(db, actor, id);
  const { count, rows } = await repo.lossPage(db, actor, id, opts);
  const p = personal(actor);
  return {
    total: count,
    items: rows.map((r) => ({
      workerId: r.worker_id,
      participantId: r.participant_id,
      nik: p.nik(r.nik),
      kpj: p.kpj(r.kpj),
      fullName: r.full_name,
      villageCode: r.village_code,
      villageName: r.village_name,
      sectorCode: r.sector_code,
      until: r.until,
      reason: r.reason,
      checks: checkNames(r.failed_checks),
    })),
  };
}
