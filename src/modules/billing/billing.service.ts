import * as repo from './billing.repository.js';
import * as enrolmentRepo from '../enrolment/participants.repository.js';
import { listSectors } from '../sectors/sectors.repository.js';
import { canSee, canSeeShared } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { billingBlock, participantProtection, type BillingCycle, type PaidMonth, type ProtectionAnswer } from '../../domain/protection.js';
import { monthlyContribution } from '../../domain/tariff.js';
import { isMonth, monthRange } from '../../domain/calendar.js';
import { AppError } from '../../errors.js';
import { invoiceStatus } from '../../domain/invoice.js';
import { insertAudit } from '../audit/audit.repository.js';
import { submitJob, type JobPerformer, type JobView } from '../jobs/jobs.service.js';
import * as funding from '../funding/funding.repository.js';
import { keepSubsidisedInStep } from '../coverage/subsidised.service.js';
import { readableProgram } from '../funding/funding.service.js';
import { findParticipant, presentParticipant, type ParticipantView } from '../enrolment/enrolment.service.js';
import { checkDate, isDate } from '../../domain/calendar.js';
import { eventText, type EventText } from '../../domain/participant-event.js';

export interface InvoiceView {
  id: number;
  sourceId: number;
  sourceName: string;
  fundingType: string;
  programId: number;
  regionCode: string;
  periodFrom: string;
  periodTo: string;
  seq: number;
  lines: number;
  total: number;
  paid: number;
  outstanding: number;
  status: 'open' | 'partial' | 'paid';
  createdBy: string;
  createdAt: string;
}

type InvoiceRow = repo.InvoiceRow;

const presentInvoice = (r: InvoiceRow): InvoiceView => ({
  id: r.id,
  sourceId: r.source_id,
  sourceName: r.source_name,
  fundingType: r.funding_type,
  programId: r.program_id,
  regionCode: r.region_code,
  periodFrom: r.period_from.slice(0, 7),
  periodTo: r.period_to.slice(0, 7),
  seq: r.seq,
  lines: r.lines,
  total: r.total,
  paid: r.paid,
  outstanding: r.total - r.paid,
  status: r.status,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

async function billingProgram(db: Queryable, actor: Actor, programId: number): Promise<funding.ProgramRow> {
  requirePermission(actor, 'billing.write');
  const p = await readableProgram(db, actor, programId);
  if (!canSee(actor, p.region_code)) throw new AppError('forbidden');
  return p;
}

export async function setBillingCycle(db: Queryable, actor: Actor, sourceId: number, cycle: string): Promise<{ sourceId: number; billingCycle: BillingCycle }> {
  if (!['monthly', 'quarterly', 'yearly'].includes(cycle))
    throw AppError.validation([
      problem('billingCycle', 'invalid', 'Siklus tagihan harus monthly, quarterly atau yearly', 'Billing cycle must be monthly, quarterly or yearly'),
    ]);
  return db.transaction(async (tx) => {
    const s = await funding.findSource(tx, sourceId);
    if (!s) throw new AppError('not_found', { id: `Sumber dana #${sourceId} tidak ditemukan`, en: `Funding source #${sourceId} not found` });
    const program = await billingProgram(tx, actor, s.program_id);
    await funding.updateBillingCycle(tx, sourceId, cycle);
    await insertAudit(tx, actor, {
      action: 'source.billing_cycle',
      entity: 'funding_source',
      entityId: String(sourceId),
      regionCode: program.region_code,
      after: { billingCycle: cycle },
    });
    return { sourceId, billingCycle: cycle as BillingCycle };
  });
}

/**
 * When a membership ends, its unpaid months after the end leave their invoices (billing owns
 * invoices: the enrolment module asks for this inside its own transaction). Totals and status follow.
 */
export async function withdrawUnpaidMonths(tx: Queryable, participantId: number, endMonth: string): Promise<void> {
  for (const inv of await repo.withdrawUnpaidLines(tx, participantId, `${endMonth}-01`))
    await repo.setInvoiceStatus(tx, inv.id, invoiceStatus(inv.total, inv.paid));
}

export type BillingRunResult = { created: InvoiceView[]; alreadyBilled: boolean };

/**
 * A billing run as a background job (`billing.run`), so whichever instance is free runs it and a
 * killed instance's run is retried (a run is idempotent). The caller waits up to `waitMs` for the
 * result; a longer run answers with the job to follow. Checks come first, so a wrong month or a
 * program outside the actor's region is refused at once.
 */
export async function requestBillingRun(
  db: Queryable,
  jobs: JobPerformer,
  actor: Actor,
  input: { programId: number; month: string },
  waitMs = 60_000,
): Promise<{ done: BillingRunResult } | { pending: JobView }> {
  if (!isMonth(input.month ?? '')) throw AppError.validation([problem('month', 'format', 'Bulan harus berbentuk TTTT-BB', 'Month must look like YYYY-MM')]);
  const program = await billingProgram(db, actor, input.programId);
  const job = await submitJob(db, actor, {
    kind: 'billing.run',
    payload: { programId: program.id, month: input.month, actor },
    dedupeKey: `billing.run:${program.id}:${input.month}`,
    regionCode: program.region_code,
  });
  const finished = await jobs.perform(job.id, waitMs);
  return finished ? { done: finished.result as unknown as BillingRunResult } : { pending: job };
}

/**
 * Bills every source of a program for the billing block that contains `month` (the month, its
 * quarter or its year, as each source is configured): one line per active participant-month that a
 * protection period of the source covers, at the tariff in force that month. Idempotent — a
 * participant-month is billed once (the lines' primary key), so a second run bills nothing, and a
 * participant activated after the first run is billed on a supplementary invoice (seq 2, 3, …).
 * Atomic: all sources' invoices or none.
 */
export async function runBilling(db: Queryable, actor: Actor, input: { programId: number; month: string }): Promise<BillingRunResult> {
  if (!isMonth(input.month ?? '')) throw AppError.validation([problem('month', 'format', 'Bulan harus berbentuk TTTT-BB', 'Month must look like YYYY-MM')]);
  return db.transaction(async (tx) => {
    const program = await billingProgram(tx, actor, input.programId);
    // Locks the program's sources: two billing runs for the same program run one after the other.
    const sources = await funding.lockProgramSources(tx, program.id);
    const tables = await funding.loadTariffTables(tx);
    const sectors = (await listSectors(tx)).map((s) => s.code);
    const created: number[] = [];
    for (const s of sources) {
      const block = billingBlock(s.billing_cycle as BillingCycle, input.month);
      const price = { sector: [] as string[], month: [] as string[], amount: [] as number[] };
      for (const m of monthRange(block.from, block.to))
        for (const sector of sectors) {
          price.sector.push(sector);
          price.month.push(`${m}-01`);
          price.amount.push(
            monthlyContribution(
              tables,
              { declaredIncome: program.declared_income, includeJht: program.include_jht },
              { sectorCode: sector, fundingType: s.funding_type as never },
              m,
            ).total,
          );
        }
      const from = `${block.from}-01`;
      const to = `${block.to}-01`;
      const invoiceId = await repo.insertInvoice(tx, {
        sourceId: s.id,
        programId: program.id,
        regionCode: program.region_code,
        from,
        to,
        createdBy: actor.username,
      });
      const sum = await repo.billLines(tx, { invoiceId, sourceId: s.id, from, to, price });
      if (sum.n === 0) {
        await repo.deleteInvoice(tx, invoiceId);
        continue;
      }
      await repo.setInvoiceTotals(tx, invoiceId, sum.n, sum.total);
      created.push(invoiceId);
    }
    const views = (await repo.invoicesByIds(tx, created)).map(presentInvoice);
    await insertAudit(tx, actor, {
      action: 'billing.run',
      entity: 'program',
      entityId: String(program.id),
      regionCode: program.region_code,
      after: { month: input.month, invoices: created, total: views.reduce((a, v) => a + v.total, 0) },
    });
    return { created: views, alreadyBilled: created.length === 0 };
  });
}

export async function listInvoices(db: Queryable, actor: Actor, q: { programId?: number; status?: string } = {}): Promise<InvoiceView[]> {
  requirePermission(actor, 'funding.read');
  return (await repo.listInvoices(db, actor, q)).map(presentInvoice);
}

async function findInvoice(db: Queryable, actor: Actor, id: number, lock = false): Promise<InvoiceRow> {
  requirePermission(actor, 'funding.read');
  const r = await repo.findInvoice(db, id, lock);
  if (!r || !canSeeShared(actor, r.region_code))
    throw new AppError('not_found', { id: `Tagihan #${id} tidak ditemukan di wilayah Anda`, en: `Invoice #${id} not found in your region` });
  return r;
}

export interface InvoiceDetail extends InvoiceView {
  payments: { id: number; paidOn: string; reference: string; amount: number; recordedBy: string; createdAt: string }[];
  months: { month: string; lines: number; amount: number; paidLines: number }[];
  legalBasis: string[];
}

export async function getInvoice(db: Queryable, actor: Actor, id: number): Promise<InvoiceDetail> {
  const r = await findInvoice(db, actor, id);
  const payments = await repo.invoicePayments(db, id);
  const months = await repo.invoiceMonths(db, id);
  // The rates in force for the invoice's months, and the reductions that can reach this payer then.
  const tables = await funding.loadTariffTables(db);
  const program = (await funding.findProgram(db, r.program_id))!;
  const from = r.period_from.slice(0, 10);
  const to = r.period_to.slice(0, 10);
  const programs = program.include_jht ? ['JKK', 'JKM', 'JHT'] : ['JKK', 'JKM'];
  const legalBasis = [
    ...new Set([
      ...tables.rates
        .filter((x) => programs.includes(x.program) && x.validFrom <= to && (x.validTo === null || x.validTo >= from))
        .map((x) => `${x.program}: ${x.legalBasis}`),
      ...tables.discounts
        .filter((d) => d.validFrom <= to && d.validTo >= from && !d.excludedFundingTypes.includes(r.funding_type))
        .map((d) => `${d.name} (${d.discountBp / 100} %${d.sectorCodes ? `, ${d.sectorCodes.join(', ')}` : ''}): ${d.legalBasis}`),
    ]),
  ];
  return {
    ...presentInvoice(r),
    payments: payments.map((p) => ({
      id: p.id,
      paidOn: p.paid_on,
      reference: p.reference,
      amount: p.amount,
      recordedBy: p.recorded_by,
      createdAt: new Date(p.created_at).toISOString(),
    })),
    months: months.map((m) => ({ month: m.month.slice(0, 7), lines: m.lines, amount: m.amount, paidLines: m.paid_lines })),
    legalBasis,
  };
}

/**
 * Records a payment (partial allowed). The invoice row is locked, so two operators recording at once
 * are applied one after the other and neither is lost; the same reference twice is refused. Paid
 * money covers the invoice's lines in order — earliest month first — and a line counts as paid only
 * when wholly covered.
 */
export async function recordPayment(
  db: Queryable,
  actor: Actor,
  invoiceId: number,
  input: { paidOn: string; reference: string; amount: number },
): Promise<InvoiceDetail> {
  requirePermission(actor, 'billing.write');
  const problems = [];
  if (!isDate(input.paidOn ?? '')) problems.push(problem('paidOn', 'format', 'Tanggal bayar harus TTTT-BB-HH', 'Payment date must look like YYYY-MM-DD'));
  const reference = (input.reference ?? '').trim();
  if (reference.length < 1 || reference.length > 100)
    problems.push(problem('reference', 'length', 'Nomor referensi pembayaran wajib (1–100 karakter)', 'A payment reference is required (1–100 characters)'));
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    problems.push(problem('amount', 'range', 'Jumlah harus bilangan bulat Rupiah lebih dari 0', 'Amount must be a whole number of Rupiah above 0'));
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    const inv = await findInvoice(tx, actor, invoiceId, true);
    if (!canSee(actor, inv.region_code)) throw new AppError('forbidden');
    if (await repo.paymentReferenceUsed(tx, invoiceId, reference))
      throw new AppError('conflict', {
        id: `Pembayaran dengan referensi "${reference}" sudah dicatat untuk tagihan ini`,
        en: `A payment with reference "${reference}" is already recorded for this invoice`,
      });
    const outstanding = inv.total - inv.paid;
    if (input.amount > outstanding)
      throw AppError.validation([
        problem(
          'amount',
          'over',
          `Jumlah Rp ${input.amount.toLocaleString('id-ID')} melebihi sisa tagihan Rp ${outstanding.toLocaleString('id-ID')}`,
          `Amount Rp ${input.amount.toLocaleString('en-US')} exceeds the outstanding Rp ${outstanding.toLocaleString('en-US')}`,
        ),
      ]);
    const paid = inv.paid + input.amount;
    // The coverage aggregate changes with the payment, in its transaction (the participants with a line not
    // yet paid are those it can touch; a full rebuild is kept for repair, nightly and on demand).
    await keepSubsidisedInStep(tx, await repo.unpaidParticipantIds(tx, invoiceId), () =>
      repo.applyPayment(tx, {
        invoiceId,
        paidOn: input.paidOn,
        reference,
        amount: input.amount,
        recordedBy: actor.username,
        paidTotal: paid,
        status: invoiceStatus(inv.total, paid),
      }),
    );
    await insertAudit(tx, actor, {
      action: 'billing.payment',
      entity: 'invoice',
      entityId: String(invoiceId),
      regionCode: inv.region_code,
      after: { paidOn: input.paidOn, reference, amount: input.amount, paid },
    });
    return getInvoice(tx, actor, invoiceId);
  });
}

/** A participant's billed months, oldest first, with the source that was billed and whether it is paid. */
export async function monthsOf(db: Queryable, participantId: number): Promise<(PaidMonth & { sourceKind: string; amount: number; invoiceId: number })[]> {
  const rows = await repo.billedMonths(db, participantId);
  return rows.map((r) => ({
    month: r.month.slice(0, 7),
    sourceId: r.source_id,
    sourceName: r.source_name,
    sourceKind: r.kind,
    paid: r.paid,
    amount: r.amount,
    invoiceId: r.invoice_id,
  }));
}

/**
 * Protection on day `d` for a participant whose billed months are known: from paid months only; a
 * candidate or submitted participant is not registered with BPJS yet, an ended one not after the end.
 */
export async function protectionFrom(db: Queryable, p: { status: string; status_since: string }, months: PaidMonth[], d: string): Promise<ProtectionAnswer> {
  return participantProtection(p, months, d, await funding.referenceValue(db, 'arrears.max_months', d));
}

/** "Is this worker protected on day D, and by which source?" — from paid months and the arrears rule. */
export async function protectionStatus(
  db: Queryable,
  actor: Actor,
  ref: { id?: number; nik?: string },
  day?: string,
): Promise<ProtectionAnswer & { participant: ParticipantView; day: string }> {
  const d = checkDate('date', day);
  const p = await findParticipant(db, actor, ref);
  const answer = await protectionFrom(db, p, await monthsOf(db, p.id), d);
  return { ...answer, participant: presentParticipant(actor, p), day: d };
}

export interface Timeline {
  participant: ParticipantView;
  events: {
    at: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string;
    detail: string;
    /** The reason and detail in both languages (src/domain/participant-event.ts). */
    reasonText: EventText;
    detailText: EventText;
    actor: string;
    recordedAt: string;
  }[];
  periods: {
    sourceId: number;
    sourceName: string;
    fundingType: string;
    kind: string;
    planId: number | null;
    fiscalYear: number;
    monthFrom: string;
    monthTo: string;
  }[];
  months: { month: string; sourceName: string; amount: number; paid: boolean; invoiceId: number }[];
  protection: ProtectionAnswer;
}

/** A participant's periods, paid months, events and protection on a day; by id, or by NIK (an audited lookup). */
export async function participantTimeline(db: Queryable, actor: Actor, ref: number | { nik: string }, day?: string): Promise<Timeline> {
  const p = await findParticipant(db, actor, typeof ref === 'number' ? { id: ref } : ref);
  const id = p.id;
  const events = await enrolmentRepo.participantEvents(db, id);
  const periods = await enrolmentRepo.participantPeriods(db, id);
  const months = await monthsOf(db, id);
  const protection = await protectionFrom(db, p, months, checkDate('date', day));
  return {
    participant: presentParticipant(actor, p),
    events: events.map((e) => ({
      at: e.at,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      reason: e.reason,
      detail: e.detail,
      reasonText: eventText(e.reason),
      detailText: eventText(e.detail),
      actor: e.actor,
      recordedAt: new Date(e.recorded_at).toISOString(),
    })),
    periods: periods.map((x) => ({
      sourceId: x.source_id,
      sourceName: x.source_name,
      fundingType: x.funding_type,
      kind: x.kind,
      planId: x.plan_id,
      fiscalYear: x.fiscal_year,
      monthFrom: x.month_from.slice(0, 7),
      monthTo: x.month_to.slice(0, 7),
    })),
    months: months.map((m) => ({ month: m.month, sourceName: m.sourceName, amount: m.amount, paid: m.paid, invoiceId: m.invoiceId })),
    protection,
  };
}
