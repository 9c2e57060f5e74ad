import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { answerCsv, approvedPlan } from '../helpers/enrolment.js';
import type { AppError } from '../../src/errors.js';
import { errorOf } from '../helpers/errors.js';
import { addBudget } from '../../src/modules/funding/funding.service.js';
import { listPlanCandidates } from '../../src/modules/plans/plans.service.js';
import { budgetPositions } from '../../src/modules/funding/funding.repository.js';
import { applyAnswer, createBatch, listParticipants, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { endParticipant, extendParticipant, refreshLapses, renewCohort, replaceParticipant } from '../../src/modules/enrolment/participants.service.js';
import { priceBatch, readAnswerFile, writeCoverLetter, writeRegistrationFile } from '../../src/modules/enrolment/files.js';
import { getInvoice, listInvoices, participantTimeline, protectionStatus, recordPayment, runBilling } from '../../src/modules/billing/billing.service.js';
import { alerts } from '../../src/modules/billing/alerts.service.js';
import { reconcileFile, writeReconciliationItems } from '../../src/modules/billing/reconcile.service.js';

let t: TestDb;
let dir: string;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
const auditor = actor('auditor', '35.09', null, 'auditor');
const bpjs = actor('bpjs_officer', '35.09', null, 'bpjs');
const bondowoso = actor('regency_operator', '35.11', null, 'bondowoso');
let ids: Awaited<ReturnType<typeof approvedPlan>>;
let batchId: number;
let rejectedNik: string;

beforeAll(async () => {
  t = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'jaring-enrol-'));
  ids = await approvedPlan(t.db, disnaker, kabid);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.cleanup();
});

async function collect(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => out.on('end', r));
  await write(out);
  await done;
  return Buffer.concat(chunks);
}
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const one = async <T>(sql: string, params: unknown[] = []) => (await t.db.query<T>(sql, params))[0]!;

describe('enrolment from an approved plan', () => {
  it('refuses a plan that is not approved, and a region that is not yours', async () => {
    expect((await errorOf(createBatch(t.db, bondowoso, ids.planId))).code).toBe('not_found');
    expect((await errorOf(createBatch(t.db, auditor, ids.planId))).code).toBe('forbidden');
  });

  it('submits every funded worker in one batch, with the plan period and a dated timeline', async () => {
    const b = await createBatch(t.db, disnaker, ids.planId, { on: '2026-06-20' });
    batchId = b.id;
    expect(b).toMatchObject({ submitted: 30, continuing: 0, status: 'submitted', planId: ids.planId });
    const counts = await one<{ n: number; periods: number; events: number }>(
      `SELECT count(*)::int AS n, (SELECT count(*)::int FROM protection_periods WHERE plan_id = $1) AS periods,
              (SELECT count(*)::int FROM participant_events) AS events FROM participants WHERE status = 'submitted'`,
      [ids.planId],
    );
    expect(counts).toEqual({ n: 30, periods: 30, events: 60 });
    // Running it again submits nothing twice.
    expect((await errorOf(createBatch(t.db, disnaker, ids.planId))).code).toBe('conflict');
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM participants')).n).toBe(30);
  });

  it('writes the registration file in the default layout and a cover letter; masked for the auditor; both audit-logged', async () => {
    const csv = (await collect((out) => writeRegistrationFile(t.db, disnaker, batchId, 'csv', out))).toString('utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;ALAMAT;NO_HP;KODE_DESA;PEKERJAAN;SEKTOR;PENGHASILAN;PROGRAM;BULAN_AWAL;SUMBER_DANA;KODE_PENDANAAN');
    expect(lines).toHaveLength(31);
    // Issue 12.3: a worker whose occupation matched a sector has no free text; the file still names the work.
    expect(lines[1]).toMatch(
      /^99\d{14};Pekerja \d+;1985-01-01;L;;;35\.09\.05\.\d{4};Buruh tani tembakau;Buruh tani tembakau;1000000;JKK,JKM;2026-07;DBHCHT;SG$/,
    );
    expect(lines.slice(1).filter((l) => l.split(';')[7] === '')).toEqual([]);
    expect(lines.filter((l) => l.endsWith('CSR Ojek;SC'))).toHaveLength(10);
    const masked = (await collect((out) => writeRegistrationFile(t.db, auditor, batchId, 'csv', out))).toString('utf8');
    expect(masked).toMatch(/9\d{3}•{8}\d{4}/);
    expect(masked).not.toMatch(/99\d{14}/);
    const pdf = await collect((out) => writeCoverLetter(t.db, disnaker, batchId, out));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The letter prices the batch with the tariff engine: full rate for the regency's DBHCHT money (SG),
    // the PP 50/2025 reduction for the CSR-paid drivers — never a fixed "Rp 16.800".
    const priced = await priceBatch(t.db, batchId, ids.planId, ids.programId);
    expect(priced.sources).toEqual([
      { name: 'CSR Ojek', fundingType: 'SC', workers: 10, monthFrom: '2026-07', monthTo: '2026-12', monthly: 84_000 },
      { name: 'DBHCHT', fundingType: 'SG', workers: 20, monthFrom: '2026-07', monthTo: '2026-12', monthly: 336_000 },
    ]);
    expect(priced).toMatchObject({ declaredIncome: 1_000_000, incomeBasis: 'PP 44/2015 Lampiran II', programs: 'JKK dan JKM' });
    expect(priced.legalBasis.some((b) => b.startsWith('pengurangan Penyesuaian iuran sektor transportasi (PP 50/2025)'))).toBe(true);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'enrolment_batch' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['enrolment.batch_create', 'enrolment.export_csv', 'enrolment.export_csv', 'enrolment.export_letter']);
  });

  it('refuses a whole answer file with one bad row, naming the row in both languages; nothing is applied', async () => {
    const good = await answerCsv(t.db, batchId);
    const bad = good.replace(/;(9\d{10});DITERIMA/, ';123;DITERIMA');
    const rows = parseAnswer(await readAnswerFile(file('bad.csv', bad), 'csv'));
    expect(rows.problems).toHaveLength(1);
    expect(rows.problems[0]).toMatchObject({ field: 'kpj', id: 'baris 2: nomor KPJ harus 11 angka', en: 'row 2: the KPJ number must be 11 digits' });
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM participants WHERE status = 'active'`)).n).toBe(0);
  });

  it('applies BPJS answer: accepted become active with their KPJ, a rejected one returns to candidate with the reason', async () => {
    rejectedNik = (
      await one<{ nik: string }>(
        `SELECT w.nik FROM participants p JOIN workers w ON w.id = p.worker_id WHERE w.sector_code = 'tobacco_farm_labourer' ORDER BY p.id DESC LIMIT 1`,
      )
    ).nik;
    const parsed = parseAnswer(await readAnswerFile(file('answer.csv', await answerCsv(t.db, batchId, [rejectedNik])), 'csv'));
    expect(parsed.problems).toEqual([]);
    const b = await applyAnswer(t.db, bpjs, batchId, parsed.rows, { on: '2026-06-30' });
    expect(b).toMatchObject({ status: 'answered', accepted: 29, rejected: 1 });
    const list = await listParticipants(t.db, auditor, {});
    expect(list.byStatus).toEqual({ active: 29, candidate: 1 });
    const active = list.items.find((p) => p.status === 'active')!;
    expect(active.kpj).toMatch(/^900•{5}\d{3}$/); // KPJ masked like NIK for the auditor
    expect(active.nik).toContain('•');
    const rejected = list.items.find((p) => p.status === 'candidate')!;
    expect(rejected.rejection).toBe('NIK tidak padan Dukcapil');
    // The same answer again: these NIKs are no longer waiting.
    const again = await errorOf(applyAnswer(t.db, bpjs, batchId, parsed.rows));
    expect(again.problems[0]!.code).toBe('not_submitted');
  });
});

describe('billing, payments and protection', () => {
  let dbhchtInvoice: number;
  let csrInvoice: number;
  it('bills each source for its block at the tariff in force; the total is the sum of the lines', async () => {
    const r = await runBilling(t.db, disnaker, { programId: ids.programId, month: '2026-07' });
    expect(r.alreadyBilled).toBe(false);
    const [d, c] = r.created;
    // DBHCHT (SG, monthly): 20 funded tobacco workers, one rejected by BPJS → 19 × Rp 16,800 (APBD money: no PP 50/2025 reduction).
    // CSR (SC, quarterly Jul–Sep): 10 drivers × 3 months × Rp 8,400 (PP 50/2025, 50 % for transport).
    const activeTobacco = (
      await one<{ n: number }>(
        `SELECT count(*)::int AS n FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.status = 'active' AND w.sector_code = 'tobacco_farm_labourer'`,
      )
    ).n;
    expect(d).toMatchObject({ sourceName: 'DBHCHT', periodFrom: '2026-07', periodTo: '2026-07', lines: activeTobacco, total: activeTobacco * 16_800 });
    expect(c).toMatchObject({ sourceName: 'CSR Ojek', periodFrom: '2026-07', periodTo: '2026-09', lines: 30, total: 252_000, status: 'open' });
    dbhchtInvoice = d!.id;
    csrInvoice = c!.id;
    const sums = await t.db.query<{ id: number; total: number; s: number }>(
      `SELECT i.id, i.total, (SELECT sum(amount) FROM invoice_lines l WHERE l.invoice_id = i.id)::bigint AS s FROM invoices i`,
    );
    for (const x of sums) expect(x.total).toBe(x.s);
  });

  it('is idempotent: running the same period again bills nothing', async () => {
    const again = await runBilling(t.db, disnaker, { programId: ids.programId, month: '2026-07' });
    expect(again).toEqual({ created: [], alreadyBilled: true });
    // August: a new month for DBHCHT only; the CSR quarter is already billed.
    const aug = await runBilling(t.db, disnaker, { programId: ids.programId, month: '2026-08' });
    expect(aug.created.map((i) => [i.sourceName, i.periodFrom])).toEqual([['DBHCHT', '2026-08']]);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM invoices')).n).toBe(3);
  });

  it('records partial payments in line order; refuses over-payment and a repeated reference', async () => {
    const inv = await getInvoice(t.db, disnaker, csrInvoice);
    // The invoice names its legal basis: the rates, and PP 50/2025 for a donor-paid transport worker (not for DBHCHT, paid through the APBD).
    expect(inv.legalBasis).toEqual(expect.arrayContaining([expect.stringMatching(/^JKK: PP 44\/2015/), expect.stringMatching(/PP 50\/2025$/)]));
    expect((await getInvoice(t.db, disnaker, dbhchtInvoice)).legalBasis.some((b) => b.includes('PP 50/2025'))).toBe(false);
    const part = await recordPayment(t.db, disnaker, csrInvoice, { paidOn: '2026-07-05', reference: 'SP2D-0001', amount: 84_000 });
    expect(part).toMatchObject({ paid: 84_000, outstanding: inv.total - 84_000, status: 'partial' });
    expect(part.months).toEqual([
      { month: '2026-07', lines: 10, amount: 84_000, paidLines: 10 },
      { month: '2026-08', lines: 10, amount: 84_000, paidLines: 0 },
      { month: '2026-09', lines: 10, amount: 84_000, paidLines: 0 },
    ]);
    const over = await errorOf(recordPayment(t.db, disnaker, csrInvoice, { paidOn: '2026-07-06', reference: 'X', amount: 500_000 }));
    expect(over.problems[0]).toMatchObject({ field: 'amount', code: 'over' });
    const dup = await errorOf(recordPayment(t.db, disnaker, csrInvoice, { paidOn: '2026-07-06', reference: 'SP2D-0001', amount: 1 }));
    expect(dup.code).toBe('conflict');
    expect((await errorOf(recordPayment(t.db, auditor, csrInvoice, { paidOn: '2026-07-06', reference: 'Y', amount: 1 }))).code).toBe('forbidden');
  });

  it('two operators recording payments at once lose nothing', async () => {
    const inv = await getInvoice(t.db, disnaker, dbhchtInvoice);
    const half = inv.total / 2;
    // One participant-month is 16,800; with an odd number of lines the halves differ by one line.
    const a = Math.floor(half / 16_800) * 16_800;
    await Promise.all([
      recordPayment(t.db, disnaker, dbhchtInvoice, { paidOn: '2026-07-10', reference: 'SP2D-A', amount: a }),
      recordPayment(t.db, kabid, dbhchtInvoice, { paidOn: '2026-07-10', reference: 'SP2D-B', amount: inv.total - a }),
    ]);
    const after = await getInvoice(t.db, disnaker, dbhchtInvoice);
    expect(after).toMatchObject({ paid: inv.total, outstanding: 0, status: 'paid' });
    expect(after.payments.map((p) => p.reference).sort()).toEqual(['SP2D-A', 'SP2D-B']);
    expect(after.months[0]!.paidLines).toBe(inv.lines);
  });

  it('answers "protected on day D, by which source", keeping protected-until and the reactivation deadline apart', async () => {
    const p = await one<{ id: number; nik: string }>(
      `SELECT p.id, w.nik FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.status = 'active' AND w.sector_code = 'tobacco_farm_labourer' ORDER BY p.id LIMIT 1`,
    );
    const july = await protectionStatus(t.db, disnaker, { nik: p.nik }, '2026-07-15');
    expect(july).toMatchObject({ state: 'protected', source: { name: 'DBHCHT' }, protectedUntil: '2026-07-31', reactivationDeadline: '2026-10-31' });
    // August is billed but not paid: arrears may still be paid until the end of October (Perdir 22/2022: 3 months).
    expect(await protectionStatus(t.db, disnaker, { id: p.id }, '2026-08-20')).toMatchObject({
      state: 'grace',
      protectedUntil: '2026-07-31',
      reactivationDeadline: '2026-10-31',
    });
    expect(await protectionStatus(t.db, disnaker, { id: p.id }, '2026-10-31')).toMatchObject({ state: 'grace' });
    expect(await protectionStatus(t.db, disnaker, { id: p.id }, '2026-11-01')).toMatchObject({ state: 'none', reason: 'arrears limit passed' });
    const driver = await one<{ id: number }>(
      `SELECT p.id FROM participants p JOIN workers w ON w.id = p.worker_id WHERE w.sector_code = 'driver_ojek' ORDER BY p.id LIMIT 1`,
    );
    expect(await protectionStatus(t.db, disnaker, { id: driver.id }, '2026-07-01')).toMatchObject({ state: 'protected', source: { name: 'CSR Ojek' } });
    const candidate = await protectionStatus(t.db, disnaker, { nik: rejectedNik }, '2026-07-15');
    expect(candidate).toMatchObject({ state: 'none', reason: 'not registered with BPJS yet (candidate)' });
    expect((await errorOf(protectionStatus(t.db, bondowoso, { nik: p.nik }, '2026-07-15'))).code).toBe('not_found');
  });

  it('lapses participants whose arrears passed the limit, with a dated event', async () => {
    expect(await refreshLapses(t.db, disnaker, { programId: ids.programId, asOf: '2026-10-31' })).toEqual({ lapsed: 0 });
    // On 1 November: tobacco workers paid up to July (3 months of arrears passed); drivers only July paid as well.
    const r = await refreshLapses(t.db, disnaker, { programId: ids.programId, asOf: '2026-11-01' });
    expect(r.lapsed).toBe(29);
    const tl = await participantTimeline(t.db, disnaker, (await one<{ id: number }>(`SELECT id FROM participants WHERE status = 'lapsed' LIMIT 1`)).id);
    expect(tl.events.map((e) => e.toStatus)).toEqual(['candidate', 'submitted', 'active', 'lapsed']);
    expect(tl.events[3]).toMatchObject({ at: '2026-11-01', reason: 'arrears over 3 months' });
    await t.db.query(`UPDATE participants SET status = 'active' WHERE status = 'lapsed'`);
  });
});

describe('alerts', () => {
  it('lists protection ending soon, unpaid months and the cohort whose funding ends before next year is budgeted', async () => {
    const a = await alerts(t.db, disnaker, { programId: ids.programId, asOf: '2026-12-10', days: 30 });
    expect(a.counts.ending).toBe(29); // periods end 31 December
    expect(a.ending[0]).toMatchObject({ date: '2026-12-31', deadline: '2027-03-31' });
    // Unpaid: every driver (Aug, Sep billed, unpaid) and every tobacco worker (Aug billed, unpaid).
    expect(a.counts.unpaid).toBe(29);
    expect(a.counts.unpaidRupiah).toBe(10 * 2 * 8_400 + 19 * 16_800);
    expect(a.cohorts.map((c) => [c.sourceName, c.workers, c.endsOn, c.nextYearBudget])).toEqual([
      ['DBHCHT', 19, '2026-12-31', 0],
      ['CSR Ojek', 10, '2026-12-31', 0],
    ]);
  });
});

describe('renewal, extension, end and replacement', () => {
  it('renews a cohort only when next year is budgeted, and only if the whole cohort fits', async () => {
    const none = await errorOf(renewCohort(t.db, disnaker, { programId: ids.programId, fromYear: 2026, sourceId: ids.dbhcht }));
    expect(none.messageEn).toMatch(/No 2027 budget for DBHCHT/);
    await addBudget(t.db, disnaker, ids.dbhcht, { fiscalYear: 2027, amount: 10 * 12 * 16_800 });
    const short = await errorOf(renewCohort(t.db, disnaker, { programId: ids.programId, fromYear: 2026, sourceId: ids.dbhcht }));
    expect(short.messageEn).toMatch(/enough for 10 workers/);
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM protection_periods WHERE kind = 'renewal'`)).n).toBe(0);
    await addBudget(t.db, disnaker, ids.dbhcht, { fiscalYear: 2027, amount: 19 * 12 * 16_800, stage: 'revision' });
    const r = await renewCohort(t.db, disnaker, { programId: ids.programId, fromYear: 2026, sourceId: ids.dbhcht });
    expect(r).toMatchObject({ renewed: 19, rupiah: 19 * 12 * 16_800, perSource: [{ name: 'DBHCHT', workers: 19, left: 0 }] });
    expect((await budgetPositions(t.db, ids.programId, 2027, null)).get(ids.dbhcht)).toEqual({ allocation: 19 * 12 * 16_800, committed: 19 * 12 * 16_800 });
    const a = await alerts(t.db, disnaker, { programId: ids.programId, asOf: '2026-12-10' });
    expect(a.cohorts.map((c) => c.sourceName)).toEqual(['CSR Ojek']);
  });

  it('extends within a fiscal year when money is left; refuses across the year', async () => {
    const driver = await one<{ id: number }>(
      `SELECT p.id FROM participants p JOIN workers w ON w.id = p.worker_id WHERE w.sector_code = 'driver_ojek' ORDER BY p.id LIMIT 1`,
    );
    const none = await errorOf(extendParticipant(t.db, disnaker, driver.id, { months: 2 }));
    expect(none.messageEn).toMatch(/CSR Ojek 2027 has Rp 0 left, not enough for Rp 16,800/);
    await addBudget(t.db, disnaker, ids.csr, { fiscalYear: 2027, amount: 16_800 });
    // January–February 2027: the PP 50/2025 transport reduction runs until March 2027 → 2 × Rp 8,400.
    expect(await extendParticipant(t.db, disnaker, driver.id, { months: 2 })).toEqual({ monthFrom: '2027-01', monthTo: '2027-02', rupiah: 16_800 });
    expect((await budgetPositions(t.db, ids.programId, 2027, null)).get(ids.csr)).toEqual({ allocation: 16_800, committed: 16_800 });
    const across = await errorOf(extendParticipant(t.db, disnaker, driver.id, { months: 11 }));
    expect(across.problems[0]).toMatchObject({ field: 'months', code: 'fiscal_year' });
  });

  it('ends a membership: months after the end are no longer billed, and a replacement takes them', async () => {
    const leaver = await one<{ id: number }>(
      `SELECT p.id FROM participants p JOIN workers w ON w.id = p.worker_id WHERE w.sector_code = 'tobacco_farm_labourer' AND p.status = 'active' ORDER BY p.id LIMIT 1`,
    );
    const r = await replaceParticipant(t.db, disnaker, leaver.id, { reason: 'died', on: '2026-09-14' });
    expect(r.left).toMatchObject({ status: 'ended', endReason: 'died' });
    expect(r).toMatchObject({ monthFrom: '2026-10', monthTo: '2026-12', replacement: { status: 'candidate' } });
    const ended = await participantTimeline(t.db, disnaker, leaver.id);
    expect(ended.participant).toMatchObject({ status: 'ended', endReason: 'died', statusSince: '2026-09-14' });
    expect(ended.periods.map((p) => [p.kind, p.monthFrom, p.monthTo])).toEqual([['plan', '2026-07', '2026-09']]);
    expect(ended.protection.state).toBe('none');
    // The replacement is one of the 10 tobacco workers the plan could not fund, not someone already enrolled.
    // The plan keeps the unfunded as counts and lists them on demand by its rules.
    const worker = await one<{ worker_id: number }>(`SELECT worker_id FROM participants WHERE id = $1`, [r.replacement.id]);
    const waiting = await listPlanCandidates(t.db, disnaker, ids.planId, { outcome: 'out_of_budget', page: 1, pageSize: 100 });
    expect(waiting.items.map((c) => c.workerId)).toContain(worker.worker_id);
    expect(waiting.items.find((c) => c.workerId === worker.worker_id)).toMatchObject({ outcome: 'out_of_budget', sourceId: null, amount: 0 });
    // The next batch submits the waiting replacement and the candidate BPJS had rejected.
    const b2 = await createBatch(t.db, disnaker, ids.planId);
    expect(b2.submitted).toBe(2);
  });
});

describe('reconciliation with a BPJS statement', () => {
  it('lists missing, extra and mismatched participants, downloadable', async () => {
    const ours = await t.db.query<{ nik: string; kpj: string }>(
      `SELECT w.nik, p.kpj FROM participants p JOIN workers w ON w.id = p.worker_id JOIN invoice_lines l ON l.participant_id = p.id AND l.paid
        WHERE p.status = 'active' GROUP BY w.nik, p.kpj ORDER BY w.nik`,
    );
    expect(ours.length).toBeGreaterThan(5);
    const lines = ['NIK,KPJ,STATUS,BULAN_TERAKHIR'];
    // All but the first listed; the second with a different KPJ; one NIK Jaring does not know.
    for (const [i, o] of ours.entries()) if (i > 0) lines.push(`${o.nik},${i === 1 ? '11111111111' : o.kpj},AKTIF,2026-07`);
    lines.push('3509170101900001,22222222222,AKTIF,2026-07');
    const r = await reconcileFile(t.db, bpjs, { programId: ids.programId, path: file('stmt.csv', lines.join('\n')), format: 'csv', fileName: 'stmt.csv' });
    expect(r).toMatchObject({ statementRows: ours.length, missing: 1, extra: 1, mismatched: 1, matched: ours.length - 2 });
    expect(r.items!.find((i) => i.kind === 'mismatch')).toMatchObject({ field: 'kpj', theirs: '11111111111' });
    const csv = (await collect((out) => writeReconciliationItems(t.db, bpjs, r.id, 'all', 'csv', out))).toString('utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(4);
    const bad = await errorOf(
      reconcileFile(t.db, bpjs, { programId: ids.programId, path: file('bad.csv', 'NIK,STATUS\n123,AKTIF\n'), format: 'csv', fileName: 'bad.csv' }),
    );
    expect(bad.problems[0]).toMatchObject({ field: 'nik', id: 'baris 2: NIK "123" harus 16 angka' });
  });

  it('invoices are listed per region', async () => {
    expect((await listInvoices(t.db, bondowoso)).length).toBe(0);
    expect((await listInvoices(t.db, auditor)).length).toBe(3);
    expect(await endParticipant(t.db, disnaker, 999999, { reason: 'moved' }).catch((e: AppError) => e.code)).toBe('not_found');
  });
});
