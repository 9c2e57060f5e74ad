import type { Writable } from 'node:stream';
import type { Db, Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { donorOf } from '../../access/access.js';
import { can } from '../../domain/roles.js';
import { problem } from '../../domain/problem.js';
import { todayJakarta } from '../../domain/calendar.js';
import { suppressCounters } from '../../domain/donors.js';
import { formatRupiah } from '../../domain/money.js';
import { AppError } from '../../errors.js';
import { bulan, drawSignature, tanggal } from '../../files/official-pdf.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/donor-sources.service.js';
import { queueMail } from '../mail/mail.service.js';
import { startOfficialPdf } from '../letterheads/letterheads.service.js';
import * as donorsRepo from './donors.repository.js';
import * as sponsorRepo from './sponsorships.repository.js';
import * as payRepo from './payments.repository.js';

/**
 * Donors and what their money does (DOMAIN §7). A donor signs up (or an operator records them), pays for a
 * named worker or a pool, and the paid donation becomes an approved plan of the regency's donor program, so
 * the worker is checked, enrolled and billed like anyone else, to the donor's own source (SL/SC).
 */

import { notFound, requireDonorOrStaff, presentDonor } from './donors.service.js';
import { listSponsorships } from './sponsorships.service.js';

// ---------------------------------------------------------------- what the donor sees

export async function donorOverview(db: Queryable, actor: Actor) {
  requirePermission(actor, 'donor.self');
  const donorId = donorOf(actor)!;
  const d = (await donorsRepo.findDonor(db, actor, donorId))!;
  const sponsorships = (await listSponsorships(db, actor, {})).items;
  const claims = await donorsRepo.claimsPaidFor(db, donorId);
  const active = sponsorships.filter((s) => s.status === 'active');
  const workers =
    new Set(active.flatMap((s) => s.workers.map((w) => w.workerId))).size + active.filter((s) => s.kind === 'pool').reduce((a, s) => a + s.assigned, 0);
  const monthsFunded = active.reduce((a, s) => a + s.months * (s.kind === 'pool' ? s.assigned : 1), 0);
  return {
    donor: presentDonor(actor, d),
    totals: {
      workersProtected: workers,
      monthsFunded,
      paid: sponsorships.reduce((a, s) => a + s.paid, 0),
      claimsPaid: claims.reduce((a, c) => a + c.claims, 0),
      claimsAmount: claims.reduce((a, c) => a + c.amount, 0),
    },
    claims: claims.map((c) => ({ benefit: c.benefit, claims: c.claims, amount: c.amount })),
    sponsorships,
  };
}

/** The receipt of a paid donation (kuitansi), numbered by the regency's office. */
export async function receiptWriter(db: Queryable, actor: Actor, donationId: number): Promise<(out: Writable) => Promise<void>> {
  requireDonorOrStaff(actor, 'donors.read');
  const n = await payRepo.findDonation(db, actor, donationId);
  if (!n) throw notFound('Donasi', donationId);
  if (n.status === 'expected' || n.status === 'cancelled')
    throw new AppError('conflict', { id: 'Kuitansi ada setelah donasi dibayar', en: 'A receipt exists once the donation is paid' });
  const s = (await sponsorRepo.findSponsorship(db, actor, n.sponsorship_id))!;
  return (out) => writeReceipt(db, actor, n, s, out);
}

async function writeReceipt(db: Queryable, actor: Actor, n: payRepo.DonationRow, s: sponsorRepo.SponsorshipRow, out: Writable): Promise<void> {
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: n.region_code,
      document: `donation-receipt:${n.id}`,
      title: 'Kuitansi donasi',
      date: n.paid_on!,
      header: { nature: 'Biasa', attachment: '-', subject: 'Kuitansi penerimaan donasi iuran BPJS Ketenagakerjaan', to: [`Yth. ${n.donor_name}`] },
    },
    out,
  );
  const rows: [string, string][] = [
    ['Telah terima dari', n.donor_name],
    ['Uang sejumlah', formatRupiah(n.paid_amount)],
    [
      'Untuk pembayaran',
      `Iuran JKK dan JKM pekerja rentan, ${s.kind === 'named' ? '1 pekerja' : `${s.workers_wanted} pekerja (dana bersama)`}, ${s.months} bulan mulai ${bulan(s.month_from)}`,
    ],
    ['Kode bayar', n.payment_code],
    ['Referensi', n.paid_reference ?? '-'],
    ['Tanggal diterima', tanggal(n.paid_on!)],
  ];
  if (n.refunded_amount > 0) rows.push(['Dikembalikan', `${formatRupiah(n.refunded_amount)} (${n.status})`]);
  doc.fontSize(11);
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.text(k, doc.page.margins.left, y, { width: 150 });
    doc.text(`: ${v}`, doc.page.margins.left + 150, y);
    doc.moveDown(0.3);
  }
  doc
    .moveDown(1)
    .text(
      'Donasi ini membayar iuran kepada BPJS Ketenagakerjaan melalui sumber dana donatur pada program pemerintah daerah; tidak ada imbalan bagi penerima.',
      doc.page.margins.left,
      doc.y,
      { align: 'justify' },
    );
  drawSignature(doc, letterhead);
  doc.end();
  await insertAudit(db, actor, { action: 'donation.receipt', entity: 'donation', entityId: String(n.id), regionCode: n.region_code });
}

/** A certificate of appreciation (piagam penghargaan) with what the donor's money did. */
export async function certificateWriter(db: Queryable, actor: Actor): Promise<(out: Writable) => Promise<void>> {
  const o = await donorOverview(db, actor);
  if (o.totals.paid <= 0)
    throw new AppError('conflict', { id: 'Piagam tersedia setelah donasi pertama dibayar', en: 'The certificate is available after the first paid donation' });
  return (out) => writeCertificate(db, actor, o, out);
}

async function writeCertificate(db: Queryable, actor: Actor, o: Awaited<ReturnType<typeof donorOverview>>, out: Writable): Promise<void> {
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: o.donor.regencyCode,
      document: `donor-certificate:${o.donor.id}:${todayJakarta().slice(0, 4)}`,
      title: 'Piagam penghargaan',
      header: { nature: 'Biasa', attachment: '-', subject: 'Piagam penghargaan donatur perlindungan pekerja rentan', to: [`Yth. ${o.donor.name}`] },
    },
    out,
  );
  doc.moveDown(1).fontSize(20).text('PIAGAM PENGHARGAAN', { align: 'center' });
  doc.moveDown(0.5).fontSize(12).text('diberikan kepada', { align: 'center' });
  doc.moveDown(0.5).fontSize(18).text(o.donor.name, { align: 'center' });
  doc
    .moveDown(1)
    .fontSize(11)
    .text(
      `atas kepedulian melindungi ${o.totals.workersProtected.toLocaleString('id-ID')} pekerja rentan di ${o.donor.regencyName} dengan jaminan kecelakaan kerja dan kematian BPJS Ketenagakerjaan ` +
        `selama ${o.totals.monthsFunded.toLocaleString('id-ID')} bulan-pekerja, senilai ${formatRupiah(o.totals.paid)}` +
        (o.totals.claimsPaid > 0
          ? `; ${o.totals.claimsPaid} klaim senilai ${formatRupiah(o.totals.claimsAmount)} telah dibayarkan kepada keluarga pekerja.`
          : '.'),
      { align: 'center' },
    );
  drawSignature(doc, letterhead);
  doc.end();
  await insertAudit(db, actor, { action: 'donor.certificate', entity: 'donor', entityId: String(o.donor.id), regionCode: o.donor.regencyCode });
}

/** A company's CSR report for a year: money paid, workers protected by district, months, claims paid. */
export async function csrReportWriter(db: Queryable, actor: Actor, year: number): Promise<(out: Writable) => Promise<void>> {
  const o = await donorOverview(db, actor);
  if (!Number.isInteger(year) || year < 2016 || year > 2100) throw AppError.validation([problem('year', 'range', 'Tahun 2016–2100', 'Year 2016–2100')]);
  return (out) => writeCsrReport(db, actor, o, year, out);
}

async function writeCsrReport(db: Queryable, actor: Actor, o: Awaited<ReturnType<typeof donorOverview>>, year: number, out: Writable): Promise<void> {
  const inYear = o.sponsorships.filter((s) => s.monthFrom.startsWith(`${year}`) || s.monthTo.startsWith(`${year}`));
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: o.donor.regencyCode,
      document: `donor-csr:${o.donor.id}:${year}`,
      title: 'Laporan CSR',
      header: {
        nature: 'Biasa',
        attachment: '-',
        subject: `Laporan tanggung jawab sosial: perlindungan pekerja rentan tahun ${year}`,
        to: [`Yth. ${o.donor.name}`],
      },
    },
    out,
  );
  doc.fontSize(11).text(`Sponsor tahun ${year}: ${inYear.length}; dibayar ${formatRupiah(inYear.reduce((a, s) => a + s.paid, 0))}.`);
  doc.moveDown(0.5);
  for (const s of inYear) {
    doc.text(
      `• Sponsor #${s.id} — ${s.kind === 'named' ? (s.workerName ?? '') : 'dana bersama'}; ${bulan(`${s.monthFrom}-01`, `${s.monthTo}-01`)}; ${formatRupiah(s.paid)}; status ${s.status}`,
    );
    for (const d of s.byDistrict) doc.text(`    ${d.district}: ${d.workers} pekerja`);
  }
  doc.moveDown(0.5).text(`Klaim dibayarkan kepada keluarga pekerja yang disponsori: ${o.totals.claimsPaid} (${formatRupiah(o.totals.claimsAmount)}).`);
  drawSignature(doc, letterhead);
  doc.end();
  await insertAudit(db, actor, { action: 'donor.csr_report', entity: 'donor', entityId: String(o.donor.id), regionCode: o.donor.regencyCode, after: { year } });
}

// ---------------------------------------------------------------- public, daily

export async function publicDonorCounters(db: Queryable) {
  const min = await funding.referenceValue(db, 'public.min_count', todayJakarta());
  return {
    minCount: min,
    items: suppressCounters(await donorsRepo.publicCounters(db), min).map((r) => ({
      regencyCode: r.region_code,
      regencyName: r.region_name,
      donors: r.donors,
      workers: r.workers,
      months: r.months,
      suppressed: r.suppressed,
    })),
  };
}

/** Daily: donors reminded (by e-mail, with the renewal link) before their sponsorship ends; used links purged. */
export async function runDonorsDaily(db: Db, publicUrl: string, asOf?: string): Promise<{ reminded: number; tokensPurged: number; asOf: string }> {
  const day = asOf ?? todayJakarta();
  const days = await funding.referenceValue(db, 'donor.reminder_days', day);
  return db.transaction(async (tx) => {
    const due = await sponsorRepo.sponsorshipsToRemind(tx, day, days);
    for (const s of due)
      await queueMail(tx, {
        to: s.email,
        subject: `Jaring: sponsor #${s.id} berakhir ${bulan(s.last_month)} / your sponsorship ends`,
        text: `${s.name}, perlindungan yang Anda biayai (sponsor #${s.id}) berakhir pada akhir ${bulan(s.last_month)}. Perpanjang dengan satu klik di ${publicUrl}/donor.\n\nYour sponsorship ends; renew it in one step in your donor space.`,
        purpose: 'donor.reminder',
        regionCode: s.region_code,
      });
    await sponsorRepo.markReminded(
      tx,
      due.map((s) => s.id),
    );
    const tokensPurged = await donorsRepo.purgeTokens(tx);
    return { reminded: due.length, tokensPurged, asOf: day };
  });
}

export const canManageDonors = (actor: Actor) => can(actor.role, 'donors.manage');
