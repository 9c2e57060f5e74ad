import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { donorOf } from '../../access/access.js';
import { personal } from '../../access/personal.js';
import { problem } from '../../domain/problem.js';
import { isCalendarDate, todayJakarta } from '../../domain/calendar.js';
import { addMonths } from '../../domain/protection.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { fundingTypeOf, priceSponsorship, sponsorshipProblems, workerRefusals, type DonorKind, type SponsorshipPrice } from '../../domain/donors.js';
import { formatRupiah } from '../../domain/money.js';
import { AppError } from '../../errors.js';
import { bulan } from '../../files/official-pdf.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegion } from '../regions/regions.repository.js';
import * as funding from '../funding/donor-sources.service.js';
import { fundedMonths, recordSponsoredPlan } from '../plans/plans.service.js';
import { registerSponsoredWorker } from '../workers/workers.service.js';
import { queueMail } from '../mail/mail.service.js';
import * as donorsRepo from './donors.repository.js';
import * as sponsorRepo from './sponsorships.repository.js';
import * as payRepo from './payments.repository.js';
import type { DonationView, NamedWorkerInput, SponsorshipInput, SponsorshipView } from './donors.schemas.js';

/**
 * Donors and what their money does (DOMAIN §7). A donor signs up (or an operator records them), pays for a
 * named worker or a pool, and the paid donation becomes an approved plan of the regency's donor program, so
 * the worker is checked, enrolled and billed like anyone else, to the donor's own source (SL/SC).
 */

import { notFound, requireDonorOrStaff } from './donors.service.js';

// ---------------------------------------------------------------- sponsorships

async function donorFor(db: Queryable, actor: Actor, donorId: number | undefined): Promise<donorsRepo.DonorRow> {
  const own = donorOf(actor);
  if (own !== null) {
    requirePermission(actor, 'donor.self');
    return (await donorsRepo.findDonor(db, actor, own))!;
  }
  requirePermission(actor, 'donors.manage');
  const d = donorId === undefined ? null : await donorsRepo.findDonor(db, actor, donorId);
  if (!d) throw AppError.validation([problem('donorId', 'unknown', 'Pilih donatur di wilayah Anda', 'Choose a donor in your region')]);
  return d;
}

export async function priceFor(db: Queryable, regency: string, kind: DonorKind, sector: string, monthFrom: string, months: number): Promise<SponsorshipPrice> {
  const tables = await funding.loadTariffTables(db);
  const programId = await donorsRepo.donorProgram(db, regency);
  const program = programId ? await funding.findProgram(db, programId) : null;
  const income = program?.declared_income ?? 1_000_000;
  return priceSponsorship(tables, { declaredIncome: income, includeJht: false }, fundingTypeOf(kind), sector, monthFrom, months);
}

/** What a sponsorship would cost, month by month (the PP 50/2025 months shown with their basis), before anything is saved. */
export async function quoteSponsorship(db: Queryable, actor: Actor, input: SponsorshipInput) {
  const donor = await donorFor(db, actor, input.donorId);
  const problems = sponsorshipProblems({ ...input, consent: input.kind === 'named' ? (input.consent ?? null) : null }, todayJakarta().slice(0, 7)).filter(
    (p) => !p.field.startsWith('consent'),
  );
  if (problems.length > 0) throw AppError.validation(problems);
  const sector = input.kind === 'named' ? (input.worker?.sectorCode ?? '') : 'other';
  const price = await priceFor(db, donor.region_code, donor.kind, sector || 'other', input.monthFrom, input.months);
  const workers = input.kind === 'pool' ? input.workersWanted! : 1;
  return { months: price.months, perWorker: price.total, workers, total: price.total * workers };
}

/** The donor program of a regency and the donor's source in it, made the first time they are needed. */
export async function donorSource(tx: Queryable, actor: Actor, d: donorsRepo.DonorRow): Promise<{ programId: number; sourceId: number; sourceName: string }> {
  await donorsRepo.lockRegencyDonors(tx, d.region_code);
  let programId = await donorsRepo.donorProgram(tx, d.region_code);
  if (programId === null) {
    programId = await funding.createDonorProgram(tx, actor, d.region_code);
    await donorsRepo.insertDonorProgram(tx, d.region_code, programId);
  }
  let sourceId = d.source_id;
  if (sourceId === null) {
    sourceId = await funding.createDonorSource(tx, actor, programId, {
      donorId: d.id,
      name: d.name,
      company: d.kind === 'company',
      regencyCode: d.region_code,
    });
    await donorsRepo.setDonorSource(tx, d.id, sourceId);
  }
  return { programId, sourceId, sourceName: (await funding.findSource(tx, sourceId))!.name };
}

/**
 * A donor (or an operator for them) sponsors a named worker — registered now if new, with their consent
 * recorded — or funds a pool. The price comes from the tariff engine; a named worker already funded for any
 * of the months is refused at once with the reason. The donation to pay is created with its payment code.
 */
export async function createSponsorship(db: Queryable, actor: Actor, input: SponsorshipInput): Promise<SponsorshipView> {
  const today = todayJakarta();
  const problems = sponsorshipProblems({ ...input, consent: input.kind === 'named' ? (input.consent ?? null) : null }, today.slice(0, 7));
  if (input.kind === 'named' && !input.worker)
    problems.push(problem('worker', 'required', 'Isi data pekerja yang Anda sponsori', 'Fill in the worker you sponsor'));
  if (input.kind === 'named' && input.consent?.at && (input.consent.at > today || !isCalendarDate(input.consent.at)))
    problems.push(problem('consent.at', 'future', 'Tanggal persetujuan tidak boleh setelah hari ini', 'The consent date cannot be after today'));
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    const donor = await donorFor(tx, actor, input.donorId);
    const lastMonth = addMonths(input.monthFrom, input.months - 1);
    let workerId: number | null = null;
    let areaCode: string | null = null;
    let price: SponsorshipPrice;
    let amount: number;
    if (input.kind === 'named') {
      const w = await registerSponsoredWorker(tx, actor, input.worker as NamedWorkerInput, donor.region_code);
      const ages = {
        min: await funding.referenceValue(tx, 'enrolment.min_age', `${input.monthFrom}-01`),
        max: await funding.referenceValue(tx, 'enrolment.max_age', `${input.monthFrom}-01`),
      };
      const refusals = workerRefusals(
        { villageCode: w.villageCode, birthDate: w.birthDate, isWageEarner: w.isWageEarner },
        donor.region_code,
        input.monthFrom,
        ages,
      );
      if (refusals.length > 0) throw AppError.validation(refusals);
      const clash = await fundedMonths(tx, [w.id], input.monthFrom, lastMonth);
      if (clash.length > 0)
        throw new AppError('conflict', {
          id: `Pekerja ini sudah dibiayai oleh ${clash[0]!.sourceName} untuk ${clash[0]!.monthFrom}–${clash[0]!.monthTo}; pilih bulan lain`,
          en: `This worker is already funded by ${clash[0]!.sourceName} for ${clash[0]!.monthFrom}–${clash[0]!.monthTo}; choose other months`,
        });
      workerId = w.id;
      price = await priceFor(tx, donor.region_code, donor.kind, w.sectorCode, input.monthFrom, input.months);
      amount = price.total;
    } else {
      if (input.areaCode) {
        const a = normalizeRegionCode(input.areaCode);
        const r = a ? await findRegion(tx, a) : null;
        if (!r || !r.code.startsWith(`${donor.region_code}.`))
          throw AppError.validation([
            problem('areaCode', 'outside', `Pilih kecamatan atau desa di ${donor.region_name}`, `Choose a district or village in ${donor.region_name}`),
          ]);
        areaCode = r.code;
      }
      price = await priceFor(tx, donor.region_code, donor.kind, 'other', input.monthFrom, input.months);
      amount = price.total * input.workersWanted!;
    }
    const consent =
      input.kind === 'named'
        ? {
            by: input.consent!.by!.trim().slice(0, 200),
            method: input.consent!.method!,
            at: input.consent!.at!,
            note: (input.consent!.note ?? '').trim().slice(0, 500),
          }
        : null;
    const id = await sponsorRepo.insertSponsorship(tx, {
      donorId: donor.id,
      regionCode: donor.region_code,
      kind: input.kind,
      workerId,
      areaCode,
      workersWanted: input.kind === 'pool' ? input.workersWanted! : null,
      months: input.months,
      monthFrom: `${input.monthFrom}-01`,
      amount,
      price,
      consent,
      renewedFrom: input.renewedFrom ?? null,
      createdBy: actor.username,
    });
    const donationId = await payRepo.insertDonation(tx, { donorId: donor.id, sponsorshipId: id, regionCode: donor.region_code, amount });
    await insertAudit(tx, actor, {
      action: 'sponsorship.create',
      entity: 'sponsorship',
      entityId: String(id),
      regionCode: donor.region_code,
      after: {
        kind: input.kind,
        workerId,
        months: input.months,
        monthFrom: input.monthFrom,
        amount,
        consent: consent ? { method: consent.method, at: consent.at } : null,
      },
    });
    const donation = (await payRepo.donationById(tx, donationId))!;
    await queueMail(tx, {
      to: donor.email,
      subject: `Jaring: kode bayar ${donation.payment_code} (${formatRupiah(amount)})`,
      text:
        `Terima kasih, ${donor.name}. Bayar ${formatRupiah(amount)} dengan kode bayar ${donation.payment_code} sebagai berita transfer. ` +
        `Perlindungan dimulai ${bulan(`${input.monthFrom}-01`)} setelah pembayaran diterima.\n\nPay ${formatRupiah(amount)} with payment code ${donation.payment_code}.`,
      purpose: 'donor.payment_code',
      regionCode: donor.region_code,
    });
    return getSponsorship(tx, actor, id);
  });
}

/** One step: the same worker or pool, the same length, from the month after the last one. */
export async function renewSponsorship(db: Queryable, actor: Actor, id: number): Promise<SponsorshipView> {
  requireDonorOrStaff(actor, 'donors.manage');
  const s = await sponsorRepo.findSponsorship(db, actor, id);
  if (!s) throw notFound('Sponsor', id);
  if (s.status !== 'active')
    throw new AppError('conflict', { id: 'Hanya sponsor yang berjalan yang dapat diperpanjang', en: 'Only a running sponsorship can be renewed' });
  const next = addMonths(s.month_from.slice(0, 7), s.months);
  const current = todayJakarta().slice(0, 7);
  const from = next < current ? current : next;
  const base = { donorId: s.donor_id, months: s.months, monthFrom: from, renewedFrom: s.id };
  if (s.kind === 'pool') return createSponsorship(db, actor, { ...base, kind: 'pool', workersWanted: s.workers_wanted!, areaCode: s.area_code ?? undefined });
  return db.transaction(async (tx) => {
    const w = await registeredWorker(tx, s.worker_id!);
    return createSponsorship(tx, actor, {
      ...base,
      kind: 'named',
      worker: w,
      consent: {
        by: s.consent_by!,
        method: s.consent_method as never,
        at: todayJakarta(),
        note: `perpanjangan sponsor #${s.id}; persetujuan awal ${s.consent_at!.toISOString().slice(0, 10)}`,
      },
    });
  });
}

async function registeredWorker(tx: Queryable, workerId: number): Promise<NamedWorkerInput> {
  const { workerForSponsorship } = await import('../workers/workers.service.js');
  return workerForSponsorship(tx, workerId);
}

export async function cancelSponsorship(db: Queryable, actor: Actor, id: number): Promise<SponsorshipView> {
  requireDonorOrStaff(actor, 'donors.manage');
  return db.transaction(async (tx) => {
    const s = await sponsorRepo.findSponsorship(tx, actor, id, true);
    if (!s) throw notFound('Sponsor', id);
    if (s.status !== 'awaiting_payment')
      throw new AppError('conflict', { id: 'Hanya sponsor yang belum dibayar yang dapat dibatalkan', en: 'Only an unpaid sponsorship can be cancelled' });
    await sponsorRepo.setSponsorshipStatus(tx, id, 'cancelled', `dibatalkan oleh ${actor.username}`);
    await payRepo.cancelDonations(tx, id);
    await insertAudit(tx, actor, { action: 'sponsorship.cancel', entity: 'sponsorship', entityId: String(id), regionCode: s.region_code });
    return getSponsorship(tx, actor, id);
  });
}

export function presentSponsorship(
  actor: Actor,
  s: sponsorRepo.SponsorshipRow,
  workers: sponsorRepo.SponsoredWorkerRow[],
  donations: payRepo.DonationRow[],
): SponsorshipView {
  const own = donorOf(actor) !== null;
  // A donor sees names only of the worker they named; pool workers as counts by district.
  const byDistrict = new Map<string, number>();
  for (const w of workers) byDistrict.set(w.district_name, (byDistrict.get(w.district_name) ?? 0) + 1);
  const p = personal(actor);
  return {
    id: s.id,
    donorId: s.donor_id,
    donorName: s.donor_name,
    regencyCode: s.region_code,
    regencyName: s.region_name,
    kind: s.kind,
    workerName: s.kind === 'named' ? s.worker_name : null,
    areaName: s.area_name,
    workersWanted: s.workers_wanted,
    months: s.months,
    monthFrom: s.month_from.slice(0, 7),
    monthTo: addMonths(s.month_from.slice(0, 7), s.months - 1),
    amount: s.amount,
    price: s.price as SponsorshipView['price'],
    status: s.status,
    statusNote: s.status_note,
    consent: s.consent_by ? { by: s.consent_by, method: s.consent_method!, at: s.consent_at!.toISOString().slice(0, 10), note: s.consent_note ?? '' } : null,
    renewedFrom: s.renewed_from,
    paid: s.paid,
    assigned: s.assigned,
    assignedAmount: s.assigned_amount,
    createdAt: s.created_at.toISOString(),
    workers:
      own && s.kind === 'pool'
        ? []
        : workers.map((w) => ({
            workerId: w.worker_id,
            name: w.full_name,
            villageCode: w.region_code,
            monthFrom: w.month_from.slice(0, 7),
            monthTo: w.month_to.slice(0, 7),
            amount: w.amount,
            protection: w.participant_status,
            kpj: own ? null : p.kpj(w.kpj),
          })),
    byDistrict: [...byDistrict].map(([district, workers]) => ({ district, workers })),
    donations: donations.map(presentDonation),
  };
}

export function presentDonation(n: payRepo.DonationRow): DonationView {
  return {
    id: n.id,
    donorId: n.donor_id,
    donorName: n.donor_name,
    sponsorshipId: n.sponsorship_id,
    regencyCode: n.region_code,
    amount: n.amount,
    paymentCode: n.payment_code,
    status: n.status,
    paidOn: n.paid_on,
    paidAmount: n.paid_amount,
    paidReference: n.paid_reference,
    refundedAmount: n.refunded_amount,
    receiptNumber: n.receipt_number,
    createdAt: n.created_at.toISOString(),
  };
}

export async function getSponsorship(db: Queryable, actor: Actor, id: number): Promise<SponsorshipView> {
  requireDonorOrStaff(actor, 'donors.read');
  const s = await sponsorRepo.findSponsorship(db, actor, id);
  if (!s) throw notFound('Sponsor', id);
  return presentSponsorship(
    actor,
    s,
    await sponsorRepo.sponsoredWorkers(db, actor, [id]),
    await payRepo.listDonations(db, actor, { sponsorshipId: id, limit: 100 }),
  );
}

export async function listSponsorships(
  db: Queryable,
  actor: Actor,
  q: { donorId?: number; status?: string; kind?: string },
): Promise<{ items: SponsorshipView[] }> {
  requireDonorOrStaff(actor, 'donors.read');
  const rows = await sponsorRepo.listSponsorships(db, actor, { donorId: q.donorId, status: q.status, kind: q.kind, limit: 200 });
  const workers = await sponsorRepo.sponsoredWorkers(
    db,
    actor,
    rows.map((r) => r.id),
  );
  const donations = await payRepo.listDonations(db, actor, { donorId: q.donorId, limit: 1000 });
  return {
    items: rows.map((r) =>
      presentSponsorship(
        actor,
        r,
        workers.filter((w) => w.sponsorship_id === r.id),
        donations.filter((d) => d.sponsorship_id === r.id),
      ),
    ),
  };
}

/** A plan per fiscal year of the months paid for, funding these workers from the donor's source. */
export async function fundWorkers(
  tx: Queryable,
  actor: Actor,
  s: sponsorRepo.SponsorshipRow,
  src: { programId: number; sourceId: number; sourceName: string },
  workers: { workerId: number; regionCode: string; segments: SponsorshipPrice['segments'] }[],
): Promise<void> {
  const years = new Map<number, { from: string; to: string; workers: { workerId: number; amount: number; regionCode: string }[] }>();
  for (const w of workers)
    for (const seg of w.segments) {
      const y = years.get(seg.year) ?? { from: seg.from, to: seg.to, workers: [] };
      y.workers.push({ workerId: w.workerId, amount: seg.amount, regionCode: w.regionCode });
      years.set(seg.year, y);
    }
  for (const [year, y] of years) {
    const planId = await recordSponsoredPlan(tx, actor, {
      programId: src.programId,
      regionCode: s.region_code,
      sourceId: src.sourceId,
      sourceName: src.sourceName,
      monthFrom: y.from,
      monthTo: y.to,
      name: `Sponsor #${s.id} ${s.donor_name} ${year}`.slice(0, 200),
      workers: y.workers,
    });
    await sponsorRepo.insertSponsoredWorkers(
      tx,
      s.id,
      y.workers.map((w) => ({ workerId: w.workerId, regionCode: w.regionCode, from: `${y.from}-01`, to: `${y.to}-01`, amount: w.amount, planId })),
      actor.username,
    );
  }
}
