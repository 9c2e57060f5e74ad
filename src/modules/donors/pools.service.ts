import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { addMonths } from '../../domain/protection.js';
import { type SponsorshipPrice } from '../../domain/donors.js';
import { formatRupiah } from '../../domain/money.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/donor-sources.service.js';
import { buildCandidates } from '../plans/candidates.repository.js';
import * as donorsRepo from './donors.repository.js';
import * as sponsorRepo from './sponsorships.repository.js';
import * as payRepo from './payments.repository.js';
import type { SponsorshipView } from './donors.schemas.js';

/**
 * Donors and what their money does (DOMAIN §7). A donor signs up (or an operator records them), pays for a
 * named worker or a pool, and the paid donation becomes an approved plan of the regency's donor program, so
 * the worker is checked, enrolled and billed like anyone else, to the donor's own source (SL/SC).
 */

import { notFound } from './donors.service.js';
import { donorSource, fundWorkers, getSponsorship, priceFor } from './sponsorships.service.js';

export async function refundSponsorship(db: Queryable, actor: Actor, id: number, input: { reference: string }): Promise<SponsorshipView> {
  requirePermission(actor, 'donors.manage');
  if (!(input.reference ?? '').trim())
    throw AppError.validation([problem('reference', 'required', 'Isi nomor referensi pengembalian', 'Fill in the refund reference')]);
  return db.transaction(async (tx) => {
    const s = await sponsorRepo.findSponsorship(tx, actor, id, true);
    if (!s) throw notFound('Sponsor', id);
    if (s.status !== 'refund_due' && s.status !== 'awaiting_assignment')
      throw new AppError('conflict', {
        id: 'Hanya sponsor yang menunggu pengembalian atau penempatan yang dapat dikembalikan',
        en: 'Only a sponsorship awaiting a refund or an assignment can be refunded',
      });
    const donations = (await payRepo.listDonations(tx, actor, { sponsorshipId: id, limit: 100 })).filter((d) => d.status === 'paid');
    const refund = s.paid - s.assigned_amount;
    let left = refund;
    for (const d of donations) {
      const part = Math.min(left, d.paid_amount);
      if (part <= 0) break;
      await payRepo.markDonationRefunded(tx, d.id, part, input.reference.trim().slice(0, 100));
      left -= part;
    }
    const src = (await donorsRepo.donorById(tx, s.donor_id))!.source_id;
    if (src !== null) {
      const price = s.price as SponsorshipPrice;
      const scale = s.kind === 'pool' ? s.workers_wanted! : 1;
      const ratio = s.paid > 0 ? refund / s.paid : 0;
      for (const seg of price.segments)
        await funding.addDonationToBudget(tx, actor, src, seg.year, -Math.round(seg.amount * scale * ratio), `Pengembalian sponsor #${id}`);
    }
    await sponsorRepo.setSponsorshipStatus(tx, id, 'refunded', `dikembalikan ${formatRupiah(refund)} (${input.reference.trim()})`);
    await insertAudit(tx, actor, {
      action: 'sponsorship.refund',
      entity: 'sponsorship',
      entityId: String(id),
      regionCode: s.region_code,
      after: { refund, reference: input.reference },
    });
    return getSponsorship(tx, actor, id);
  });
}

/** Marks a paid named sponsorship whose worker BPJS could not enrol for a refund. */
export async function markRefundDue(db: Queryable, actor: Actor, id: number, reason: string): Promise<SponsorshipView> {
  requirePermission(actor, 'donors.manage');
  return db.transaction(async (tx) => {
    const s = await sponsorRepo.findSponsorship(tx, actor, id, true);
    if (!s) throw notFound('Sponsor', id);
    if (s.status !== 'active' || s.kind !== 'named')
      throw new AppError('conflict', { id: 'Hanya sponsor pekerja bernama yang berjalan', en: 'Only a running named sponsorship' });
    await sponsorRepo.setSponsorshipStatus(tx, id, 'refund_due', (reason ?? '').slice(0, 300));
    await insertAudit(tx, actor, {
      action: 'sponsorship.refund_due',
      entity: 'sponsorship',
      entityId: String(id),
      regionCode: s.region_code,
      after: { reason },
    });
    return getSponsorship(tx, actor, id);
  });
}

export async function poolBalances(db: Queryable, actor: Actor) {
  requirePermission(actor, 'donors.read');
  return {
    items: (await donorsRepo.poolBalances(db, actor)).map((p) => ({
      id: p.id,
      donorName: p.donor_name,
      regencyCode: p.region_code,
      areaName: p.area_name,
      paid: p.paid,
      assigned: p.assigned,
      balance: p.paid - p.assigned,
      workersWanted: p.workers_wanted,
      workers: p.workers,
      monthFrom: p.month_from.slice(0, 7),
      months: p.months,
    })),
  };
}

/**
 * Assigns a paid pool to uncovered eligible workers by the regency's priorities: the donor's chosen village
 * or district first, then the rest of the regency; within each, the poorest decile first, then the earliest
 * registered. Each worker is priced by the tariff engine; as many as the paid money covers, up to the number
 * the donor asked for. The workers are funded by plans of the donor program like a named sponsorship.
 */
export async function assignPool(db: Queryable, actor: Actor, id: number): Promise<SponsorshipView> {
  requirePermission(actor, 'donors.manage');
  return db.transaction(async (tx) => {
    const s = await sponsorRepo.findSponsorship(tx, actor, id, true);
    if (!s) throw notFound('Sponsor', id);
    if (s.kind !== 'pool' || s.status !== 'awaiting_assignment')
      throw new AppError('conflict', { id: 'Hanya dana bersama yang sudah dibayar yang dapat ditempatkan', en: 'Only a paid pool can be assigned' });
    const donor = (await donorsRepo.donorById(tx, s.donor_id))!;
    const src = await donorSource(tx, actor, donor);
    const from = s.month_from.slice(0, 7);
    const to = addMonths(from, s.months - 1);
    const source = (await funding.findSource(tx, src.sourceId))!;
    await buildCandidates(tx, {
      regionCode: s.region_code,
      monthFrom: from,
      monthTo: to,
      sources: [source],
      defaultMinAge: await funding.referenceValue(tx, 'enrolment.min_age', `${from}-01`),
      defaultMaxAge: await funding.referenceValue(tx, 'enrolment.max_age', `${from}-01`),
      exceptPlan: null,
    });
    const wanted = s.workers_wanted! - s.assigned;
    const picks = await sponsorRepo.poolCandidates(tx, { areaCode: s.area_code, from: `${from}-01`, to: `${to}-01`, limit: wanted });
    let budget = s.paid - s.assigned_amount;
    const chosen: { workerId: number; regionCode: string; segments: SponsorshipPrice['segments'] }[] = [];
    for (const w of picks) {
      const price = await priceFor(tx, s.region_code, donor.kind, w.sector_code, from, s.months);
      if (price.total > budget) continue;
      budget -= price.total;
      chosen.push({ workerId: w.worker_id, regionCode: w.village_code, segments: price.segments });
    }
    if (chosen.length === 0)
      throw new AppError('conflict', {
        id: 'Tidak ada pekerja yang memenuhi syarat dan belum terlindungi untuk dana ini',
        en: 'No eligible unprotected worker for this pool',
      });
    await fundWorkers(tx, actor, s, src, chosen);
    await sponsorRepo.setSponsorshipStatus(tx, id, 'active', `${chosen.length} pekerja ditempatkan`);
    await insertAudit(tx, actor, {
      action: 'sponsorship.assign',
      entity: 'sponsorship',
      entityId: String(id),
      regionCode: s.region_code,
      after: { workers: chosen.length },
    });
    return getSponsorship(tx, actor, id);
  });
}
