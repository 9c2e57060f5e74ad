import { readFile } from 'node:fs/promises';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { checkDate, isCalendarDate } from '../../domain/calendar.js';
import { matchLine, paymentCodesIn, type SponsorshipPrice } from '../../domain/donors.js';
import { formatRupiah } from '../../domain/money.js';
import { AppError } from '../../errors.js';
import { findColumn, readTable } from '../../files/tabular.js';
import type { FileFormat } from '../../files/readers.js';
import { tanggal } from '../../files/official-pdf.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/donor-sources.service.js';
import { queueMail } from '../mail/mail.service.js';
import { documentNumber, letterheadFor } from '../letterheads/letterheads.service.js';
import * as donorsRepo from './donors.repository.js';
import * as sponsorRepo from './sponsorships.repository.js';
import * as payRepo from './payments.repository.js';
import type { DonationView, StatementLineView } from './donors.schemas.js';

/**
 * Donors and what their money does (DOMAIN §7). A donor signs up (or an operator records them), pays for a
 * named worker or a pool, and the paid donation becomes an approved plan of the regency's donor program, so
 * the worker is checked, enrolled and billed like anyone else, to the donor's own source (SL/SC).
 */

import { notFound, requireDonorOrStaff } from './donors.service.js';
import { donorSource, fundWorkers, presentDonation } from './sponsorships.service.js';

// ---------------------------------------------------------------- money

export async function listDonations(db: Queryable, actor: Actor, q: { status?: string; donorId?: number }): Promise<{ items: DonationView[] }> {
  requireDonorOrStaff(actor, 'donors.read');
  return { items: (await payRepo.listDonations(db, actor, { status: q.status, donorId: q.donorId, limit: 500 })).map(presentDonation) };
}

/**
 * A donation is paid (an operator saw the transfer, or a statement line matched it): the receipt gets its
 * number, the donor's source its money, and the sponsorship starts — a named worker's plan is approved at
 * once (refused and marked for refund if someone else funded those months meanwhile); a pool waits for
 * the regency to assign workers. All in one transaction.
 */
async function applyPayment(tx: Queryable, actor: Actor, donationId: number, p: { on: string; amount: number; reference: string }): Promise<void> {
  const n = (await payRepo.donationById(tx, donationId))!;
  if (n.status !== 'expected')
    throw new AppError('conflict', {
      id: `Donasi #${donationId} sudah ${n.status === 'paid' ? 'dibayar' : 'ditutup'}`,
      en: `Donation #${donationId} is already ${n.status}`,
    });
  const lh = await letterheadFor(tx, n.region_code);
  const receipt = await documentNumber(tx, actor, lh, { document: `donation-receipt:${n.id}`, on: p.on });
  await payRepo.markDonationPaid(tx, n.id, { on: p.on, amount: p.amount, reference: p.reference.slice(0, 100), by: actor.username, receipt });
  const s = (await sponsorRepo.sponsorshipById(tx, n.sponsorship_id))!;
  const donor = (await donorsRepo.donorById(tx, s.donor_id))!;
  const src = await donorSource(tx, actor, donor);
  const price = s.price as SponsorshipPrice;
  const scale = s.kind === 'pool' ? s.workers_wanted! : 1;
  for (const seg of price.segments)
    await funding.addDonationToBudget(tx, actor, src.sourceId, seg.year, seg.amount * scale, `Donasi #${n.id} ${n.payment_code}`);
  await insertAudit(tx, actor, {
    action: 'donation.paid',
    entity: 'donation',
    entityId: String(n.id),
    regionCode: n.region_code,
    after: { amount: p.amount, on: p.on, receipt },
  });
  if (s.kind === 'pool') {
    await sponsorRepo.setSponsorshipStatus(tx, s.id, 'awaiting_assignment', '');
  } else {
    try {
      await tx.transaction(async (inner) => {
        await fundWorkers(inner, actor, s, src, [{ workerId: s.worker_id!, regionCode: s.worker_village!, segments: price.segments }]);
        await sponsorRepo.setSponsorshipStatus(inner, s.id, 'active', '');
      });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'conflict') throw err;
      await sponsorRepo.setSponsorshipStatus(tx, s.id, 'refund_due', err.messageId);
    }
  }
  await queueMail(tx, {
    to: donor.email,
    subject: `Jaring: pembayaran ${formatRupiah(p.amount)} diterima / payment received`,
    text: `Terima kasih, ${donor.name}. Pembayaran ${formatRupiah(p.amount)} (kode ${n.payment_code}) diterima pada ${tanggal(p.on)}; kuitansi ${receipt} dapat diunduh di ruang donatur.`,
    purpose: 'donor.receipt',
    regionCode: n.region_code,
  });
}

export async function confirmDonation(
  db: Queryable,
  actor: Actor,
  id: number,
  input: { paidOn?: string; amount: number; reference: string },
): Promise<DonationView> {
  requirePermission(actor, 'donors.manage');
  const on = checkDate('paidOn', input.paidOn);
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    throw AppError.validation([problem('amount', 'invalid', 'Jumlah harus Rupiah bulat > 0', 'The amount must be whole Rupiah > 0')]);
  if (!(input.reference ?? '').trim())
    throw AppError.validation([problem('reference', 'required', 'Isi nomor referensi transfer', 'Fill in the transfer reference')]);
  return db.transaction(async (tx) => {
    const n = await payRepo.findDonation(tx, actor, id, true);
    if (!n) throw notFound('Donasi', id);
    if (input.amount !== n.amount)
      throw AppError.validation([
        problem(
          'amount',
          'mismatch',
          `Jumlah dibayar ${formatRupiah(input.amount)} tidak sama dengan tagihan ${formatRupiah(n.amount)}`,
          `Paid ${formatRupiah(input.amount)} differs from the ${formatRupiah(n.amount)} expected`,
        ),
      ]);
    await applyPayment(tx, actor, id, { on, amount: input.amount, reference: input.reference.trim() });
    return presentDonation((await payRepo.findDonation(tx, actor, id))!);
  });
}

interface StatementLine {
  lineNo: number;
  bookedOn: string;
  amount: number;
  reference: string;
  description: string;
}

/** A bank's CSV (date, credit amount, reference/description columns as banks name them). */
async function readCsvStatement(path: string, format: FileFormat): Promise<StatementLine[]> {
  const t = await readTable(path, format);
  const col = (patterns: RegExp[]) => findColumn(t.headers, patterns);
  const date = col([/^tanggal|^tgl|^date|booking/i]);
  const credit = col([/kredit|credit|^jumlah|^amount|nominal|mutasi/i]);
  const ref = col([/referensi|reference|^ref|berita|keterangan|description|uraian|remark/i]);
  const missing: Problem[] = [];
  if (date < 0) missing.push(problem('file', 'column', 'Kolom tanggal tidak ditemukan', 'No date column found'));
  if (credit < 0) missing.push(problem('file', 'column', 'Kolom kredit/jumlah tidak ditemukan', 'No credit/amount column found'));
  if (missing.length > 0) throw AppError.validation(missing);
  const out: StatementLine[] = [];
  const problems: Problem[] = [];
  for (const r of t.rows) {
    const rawDate = (r.cells[date] ?? '').trim();
    const d = /^\d{4}-\d{2}-\d{2}$/.test(rawDate)
      ? rawDate
      : rawDate.replace(/^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/, (_, dd, mm, yy) => `${yy}-${mm.padStart(2, '0')}-${dd.padStart(2, '0')}`);
    const rawAmount = (r.cells[credit] ?? '').trim().replace(/^Rp\s*/i, '');
    // Indonesian banks write 1.234.567,00; some exports 1234567.00.
    const normal = /,\d{1,2}$/.test(rawAmount) ? rawAmount.replace(/\./g, '').replace(',', '.') : rawAmount.replace(/,/g, '');
    const amount = Number(normal);
    if (!isCalendarDate(d))
      problems.push(
        problem(`row ${r.rowNo}`, 'date', `Baris ${r.rowNo}: tanggal "${rawDate}" tidak terbaca`, `Row ${r.rowNo}: date "${rawDate}" cannot be read`),
      );
    else if (rawAmount === '' || !Number.isFinite(amount))
      problems.push(
        problem(`row ${r.rowNo}`, 'amount', `Baris ${r.rowNo}: jumlah "${rawAmount}" tidak terbaca`, `Row ${r.rowNo}: amount "${rawAmount}" cannot be read`),
      );
    else
      out.push({
        lineNo: r.rowNo,
        bookedOn: d,
        amount: Math.round(amount),
        reference: ref >= 0 ? (r.cells[ref] ?? '').slice(0, 500) : '',
        description: r.cells.join(' ').slice(0, 500),
      });
  }
  if (problems.length > 0) throw AppError.validation(problems.slice(0, 50));
  return out;
}

/** SWIFT MT940, through mt940js (a maintained parser): credits with their reference and tag 86 details. */
async function readMt940(path: string): Promise<StatementLine[]> {
  const { Parser } = await import('mt940js');
  let statements;
  try {
    statements = new Parser().parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw AppError.validation([
      problem(
        'file',
        'mt940',
        `Berkas MT940 tidak terbaca: ${(err as Error).message.slice(0, 200)}`,
        `The MT940 file cannot be read: ${(err as Error).message.slice(0, 200)}`,
      ),
    ]);
  }
  const out: StatementLine[] = [];
  let n = 0;
  for (const st of statements)
    for (const t of st.transactions) {
      n++;
      const d = t.date;
      const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      out.push({
        lineNo: n,
        bookedOn: day,
        amount: Math.round(t.amount),
        reference: (t.reference ?? '').slice(0, 200),
        description: (t.details ?? '').replace(/\n/g, ' ').slice(0, 500),
      });
    }
  return out;
}

/**
 * A bank statement: each credit line whose reference or description carries a payment code of the region and
 * the same amount pays that donation; a different amount, an unknown code or no code waits for a person's
 * decision. All lines are kept, all matches applied, in one transaction.
 */
export async function importStatement(db: Queryable, actor: Actor, f: { path: string; name: string; format: FileFormat | 'mt940' }) {
  requirePermission(actor, 'donors.manage');
  const regency = actor.scope && actor.scope.length >= 5 ? actor.scope.slice(0, 5) : null;
  if (!regency)
    throw AppError.validation([
      problem('file', 'regency', 'Rekening koran diimpor oleh operator kabupaten/kota', "A bank statement is imported by a regency's operator"),
    ]);
  const lines = f.format === 'mt940' ? await readMt940(f.path) : await readCsvStatement(f.path, f.format);
  if (lines.length === 0) throw AppError.validation([problem('file', 'empty', 'Rekening koran tidak berisi transaksi', 'The statement has no transactions')]);
  return db.transaction(async (tx) => {
    const id = await payRepo.insertStatement(tx, {
      regionCode: regency,
      format: f.format === 'mt940' ? 'mt940' : 'csv',
      fileName: f.name.slice(0, 200),
      by: actor.username,
    });
    const codes = [...new Set(lines.flatMap((l) => paymentCodesIn(`${l.reference} ${l.description}`)))];
    const donations = new Map((await payRepo.donationsByCode(tx, codes)).map((d) => [d.payment_code, d]));
    const used = new Set<number>();
    const rows = [];
    let matched = 0;
    for (const l of lines) {
      if (l.amount <= 0) {
        rows.push({ ...l, status: 'ignored', donationId: null, note: 'debit' });
        continue;
      }
      const code = paymentCodesIn(`${l.reference} ${l.description}`).find((c) => donations.has(c));
      const d = code ? donations.get(code)! : null;
      if (!d || !d.region_code.startsWith(regency)) {
        rows.push({ ...l, status: 'unmatched', donationId: null, note: 'kode bayar tidak dikenal / no known payment code' });
        continue;
      }
      if (d.status !== 'expected' || used.has(d.id)) {
        rows.push({ ...l, status: 'unmatched', donationId: d.id, note: `donasi #${d.id} sudah ${d.status} / already ${d.status}` });
        continue;
      }
      const m = matchLine(l.amount, d.amount);
      if (m === 'partial') {
        rows.push({
          ...l,
          status: 'partial',
          donationId: d.id,
          note: `tagihan ${d.amount}, diterima ${l.amount} / expected ${d.amount}, received ${l.amount}`,
        });
        continue;
      }
      used.add(d.id);
      await applyPayment(tx, actor, d.id, { on: l.bookedOn, amount: l.amount, reference: l.reference || `rekening koran #${id} baris ${l.lineNo}` });
      rows.push({ ...l, status: 'matched', donationId: d.id, note: '' });
      matched++;
    }
    await payRepo.insertStatementLines(tx, id, regency, rows);
    await insertAudit(tx, actor, {
      action: 'bank_statement.import',
      entity: 'bank_statement',
      entityId: String(id),
      regionCode: regency,
      after: { lines: rows.length, matched },
    });
    return { statementId: id, lines: rows.length, matched, open: rows.filter((r) => r.status === 'partial' || r.status === 'unmatched').length };
  });
}

function presentLine(l: payRepo.StatementLineRow): StatementLineView {
  return {
    id: l.id,
    statementId: l.statement_id,
    lineNo: l.line_no,
    bookedOn: l.booked_on,
    amount: l.amount,
    reference: l.reference,
    description: l.description,
    status: l.status,
    donationId: l.donation_id,
    decidedBy: l.decided_by,
    note: l.note,
  };
}

export async function listStatementLines(db: Queryable, actor: Actor, q: { statementId?: number; open?: boolean }) {
  requirePermission(actor, 'donors.read');
  return {
    statements: await payRepo.listStatements(db, actor).then((r) =>
      r.map((s) => ({
        id: s.id,
        format: s.format,
        fileName: s.file_name,
        lines: s.lines,
        matched: s.matched,
        createdBy: s.created_by,
        createdAt: s.created_at.toISOString(),
      })),
    ),
    items: (await payRepo.listStatementLines(db, actor, { ...q, limit: 500 })).map(presentLine),
  };
}

/** A person decides an open line: accept it as the payment of a donation (any amount they judge right), or ignore it. */
export async function decideStatementLine(
  db: Queryable,
  actor: Actor,
  id: number,
  input: { decision: 'accept' | 'ignore'; donationId?: number; note?: string },
): Promise<StatementLineView> {
  requirePermission(actor, 'donors.manage');
  return db.transaction(async (tx) => {
    const l = await payRepo.findStatementLine(tx, actor, id);
    if (!l) throw notFound('Baris rekening koran', id);
    if (l.status !== 'partial' && l.status !== 'unmatched')
      throw new AppError('conflict', { id: 'Baris ini sudah diputuskan', en: 'This line has been decided already' });
    if (input.decision === 'ignore') {
      await payRepo.decideLine(tx, id, { status: 'ignored', donationId: null, by: actor.username, note: (input.note ?? '').slice(0, 300) });
    } else {
      const donationId = input.donationId ?? l.donation_id;
      const n = donationId ? await payRepo.findDonation(tx, actor, donationId) : null;
      if (!n) throw AppError.validation([problem('donationId', 'unknown', 'Pilih donasi yang dibayar baris ini', 'Choose the donation this line pays')]);
      if (l.amount <= 0)
        throw AppError.validation([
          problem('decision', 'debit', 'Baris debit tidak dapat diterima sebagai donasi', 'A debit line cannot be accepted as a donation'),
        ]);
      await applyPayment(tx, actor, n.id, {
        on: l.booked_on,
        amount: l.amount,
        reference: l.reference || `rekening koran #${l.statement_id} baris ${l.line_no}`,
      });
      await payRepo.decideLine(tx, id, { status: 'decided', donationId: n.id, by: actor.username, note: (input.note ?? '').slice(0, 300) });
    }
    await insertAudit(tx, actor, {
      action: 'bank_statement.decide',
      entity: 'bank_statement_line',
      entityId: String(id),
      regionCode: l.region_code,
      after: input,
    });
    return presentLine((await payRepo.findStatementLine(tx, actor, id))!);
  });
}

/** Money paid back to a donor whose worker could not be enrolled (or whose pool could not be spent). */

/** What the donor desk should do today (for the home page): donations to confirm, statement lines to decide, pools to assign. */
export async function donorDesk(db: Queryable, actor: Actor): Promise<{ expected: number; openLines: number; poolsToAssign: number }> {
  requirePermission(actor, 'donors.read');
  const c = await payRepo.deskCounts(db, actor);
  return { expected: c.expected, openLines: c.open_lines, poolsToAssign: c.pools };
}
