import { canSee, canSeeShared, sharedRowsOf } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { billingBlock, protectionOn, type BillingCycle, type PaidMonth, type ProtectionAnswer } from '../../domain/protection.js';
import { isMonth, monthRange, monthlyContribution } from '../../domain/tariff.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { readableProgram } from '../funding/funding.service.js';
import { checkDate, findParticipant, isDate, presentParticipant, type ParticipantView } from '../enrolment/enrolment.service.js';

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

type InvoiceRow = {
  id: number;
  source_id: number;
  source_name: string;
  funding_type: string;
  program_id: number;
  region_code: string;
  period_from: string;
  period_to: string;
  seq: number;
  lines: number;
  total: number;
  paid: number;
  status: InvoiceView['status'];
  created_by: string;
  created_at: Date;
};

const INVOICE_SELECT = `SELECT i.id, i.source_id, s.name AS source_name, s.funding_type, i.program_id, i.region_code, i.period_from, i.period_to, i.seq,
  i.lines, i.total, i.paid, i.status, i.created_by, i.created_at FROM invoices i JOIN funding_sources s ON s.id = i.source_id`;

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
    await tx.query('UPDATE funding_sources SET billing_cycle = $2 WHERE id = $1', [sourceId, cycle]);
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
 * Bills every source of a program for the billing block that contains `month` (the month, its
 * quarter or its year, as each source is configured): one line per active participant-month that a
 * protection period of the source covers, at the tariff in force that month. Idempotent — a
 * participant-month is billed once (the lines' primary key), so a second run bills nothing, and a
 * participant activated after the first run is billed on a supplementary invoice (seq 2, 3, …).
 * Atomic: all sources' invoices or none.
 */
export async function runBilling(
  db: Queryable,
  actor: Actor,
  input: { programId: number; month: string },
): Promise<{ created: InvoiceView[]; alreadyBilled: boolean }> {
  if (!isMonth(input.month ?? '')) throw AppError.validation([problem('month', 'format', 'Bulan harus berbentuk TTTT-BB', 'Month must look like YYYY-MM')]);
  return db.transaction(async (tx) => {
    const program = await billingProgram(tx, actor, input.programId);
    // A bulk statement: compiling it with JIT costs more than it saves (measured in bench/billing.ts).
    await tx.query('SET LOCAL jit = off');
    const sources = await tx.query<{ id: number; name: string; funding_type: string; billing_cycle: BillingCycle }>(
      // Locks the program's sources: two billing runs for the same program run one after the other.
      `SELECT id, name, funding_type, billing_cycle FROM funding_sources WHERE program_id = $1 ORDER BY id FOR UPDATE`,
      [program.id],
    );
    const tables = await funding.loadTariffTables(tx);
    const sectors = (await tx.query<{ code: string }>('SELECT code FROM sectors ORDER BY code')).map((s) => s.code);
    const created: number[] = [];
    for (const s of sources) {
      const block = billingBlock(s.billing_cycle, input.month);
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
      const [seq] = await tx.query<{ n: number }>(`SELECT COALESCE(max(seq), 0)::int + 1 AS n FROM invoices WHERE source_id = $1 AND period_from = $2::date`, [
        s.id,
        `${block.from}-01`,
      ]);
      const [inv] = await tx.query<{ id: number }>(
        `INSERT INTO invoices (source_id, program_id, region_code, period_from, period_to, seq, created_by) VALUES ($1, $2, $3, $4::date, $5::date, $6, $7) RETURNING id`,
        [s.id, program.id, program.region_code, `${block.from}-01`, `${block.to}-01`, seq!.n, actor.username],
      );
      // One INSERT … SELECT per source. The price table (sector × month of the block) joins by sector
      // and month range; participant-months already billed are skipped by an anti-join, and the primary
      // key stays the last guard. The sources are locked above, so no other run inserts these rows now.
      const [sum] = await tx.query<{ n: number; total: number }>(
        `WITH ins AS (
           INSERT INTO invoice_lines (participant_id, month, invoice_id, amount)
           SELECT pp.participant_id, pr.month, $1, pr.amount
             FROM protection_periods pp
             JOIN participants p ON p.id = pp.participant_id AND p.status = 'active'
             JOIN workers w ON w.id = p.worker_id
             JOIN unnest($5::text[], $6::date[], $7::bigint[]) AS pr(sector_code, month, amount)
               ON pr.sector_code = w.sector_code AND pr.month BETWEEN pp.month_from AND pp.month_to
            WHERE pp.source_id = $2 AND pp.month_from <= $4::date AND pp.month_to >= $3::date
              AND NOT EXISTS (SELECT 1 FROM invoice_lines x WHERE x.participant_id = pp.participant_id AND x.month = pr.month)
           RETURNING amount)
         SELECT count(*)::int AS n, COALESCE(sum(amount), 0)::bigint AS total FROM ins`,
        [inv!.id, s.id, `${block.from}-01`, `${block.to}-01`, price.sector, price.month, price.amount],
      );
      if (sum!.n === 0) {
        await tx.query('DELETE FROM invoices WHERE id = $1', [inv!.id]);
        continue;
      }
      // The total is the sum of the lines just written, in the same transaction: it cannot drift.
      await tx.query('UPDATE invoices SET lines = $2, total = $3 WHERE id = $1', [inv!.id, sum!.n, sum!.total]);
      created.push(inv!.id);
    }
    const views =
      created.length === 0 ? [] : (await tx.query<InvoiceRow>(`${INVOICE_SELECT} WHERE i.id = ANY($1::bigint[]) ORDER BY i.id`, [created])).map(presentInvoice);
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
  const v = sharedRowsOf(actor, 'i.region_code', 1);
  const params: unknown[] = [...v.params];
  let extra = '';
  if (q.programId !== undefined) {
    params.push(q.programId);
    extra += ` AND i.program_id = $${params.length}`;
  }
  if (q.status) {
    params.push(q.status);
    extra += ` AND i.status = $${params.length}`;
  }
  return (await db.query<InvoiceRow>(`${INVOICE_SELECT} WHERE ${v.sql}${extra} ORDER BY i.period_from DESC, i.id DESC LIMIT 500`, params)).map(presentInvoice);
}

async function findInvoice(db: Queryable, actor: Actor, id: number, lock = false): Promise<InvoiceRow> {
  requirePermission(actor, 'funding.read');
  const r = (await db.query<InvoiceRow>(`${INVOICE_SELECT} WHERE i.id = $1${lock ? ' FOR UPDATE OF i' : ''}`, [id]))[0];
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
  const payments = await db.query<{ id: number; paid_on: string; reference: string; amount: number; recorded_by: string; created_at: Date }>(
    'SELECT id, paid_on, reference, amount, recorded_by, created_at FROM payments WHERE invoice_id = $1 ORDER BY id',
    [id],
  );
  const months = await db.query<{ month: string; lines: number; amount: number; paid_lines: number }>(
    `SELECT month, count(*)::int AS lines, sum(amount)::bigint AS amount, count(*) FILTER (WHERE paid)::int AS paid_lines
       FROM invoice_lines WHERE invoice_id = $1 GROUP BY month ORDER BY month`,
    [id],
  );
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
    const dup = await tx.query('SELECT 1 FROM payments WHERE invoice_id = $1 AND reference = $2', [invoiceId, reference]);
    if (dup.length > 0)
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
    await tx.query(`INSERT INTO payments (invoice_id, paid_on, reference, amount, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [
      invoiceId,
      input.paidOn,
      reference,
      input.amount,
      actor.username,
    ]);
    const paid = inv.paid + input.amount;
    await tx.query(`UPDATE invoices SET paid = $2, status = CASE WHEN $2 >= total THEN 'paid' ELSE 'partial' END WHERE id = $1`, [invoiceId, paid]);
    await tx.query(
      `UPDATE invoice_lines l SET paid = true
         FROM (SELECT participant_id, month, sum(amount) OVER (ORDER BY month, participant_id) AS running FROM invoice_lines WHERE invoice_id = $1) c
        WHERE l.participant_id = c.participant_id AND l.month = c.month AND c.running <= $2 AND NOT l.paid`,
      [invoiceId, paid],
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
  const rows = await db.query<{ month: string; source_id: number; source_name: string; kind: string; paid: boolean; amount: number; invoice_id: number }>(
    `SELECT l.month, i.source_id, s.name AS source_name, s.kind, l.paid, l.amount, l.invoice_id
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN funding_sources s ON s.id = i.source_id
      WHERE l.participant_id = $1 ORDER BY l.month`,
    [participantId],
  );
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
  const arrears = await funding.referenceValue(db, 'arrears.max_months', d);
  if (p.status === 'candidate' || p.status === 'submitted')
    return { ...protectionOn([], d, arrears), code: 'not_registered', reason: `not registered with BPJS yet (${p.status})` };
  return protectionOn(months, d, arrears, p.status === 'ended' ? { on: p.status_since } : null);
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
  events: { at: string; fromStatus: string | null; toStatus: string; reason: string; detail: string; actor: string; recordedAt: string }[];
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

export async function participantTimeline(db: Queryable, actor: Actor, id: number, day?: string): Promise<Timeline> {
  const p = await findParticipant(db, actor, { id });
  const events = await db.query<{
    at: string;
    from_status: string | null;
    to_status: string;
    reason: string;
    detail: string;
    actor: string;
    recorded_at: Date;
  }>('SELECT at, from_status, to_status, reason, detail, actor, recorded_at FROM participant_events WHERE participant_id = $1 ORDER BY id', [id]);
  const periods = await db.query<{
    source_id: number;
    source_name: string;
    funding_type: string;
    kind: string;
    plan_id: number | null;
    fiscal_year: number;
    month_from: string;
    month_to: string;
  }>(
    `SELECT pp.source_id, s.name AS source_name, s.funding_type, pp.kind, pp.plan_id, pp.fiscal_year, pp.month_from, pp.month_to
       FROM protection_periods pp JOIN funding_sources s ON s.id = pp.source_id WHERE pp.participant_id = $1 ORDER BY pp.month_from`,
    [id],
  );
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
