import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { answerRows, approvedPlan } from '../helpers/enrolment.js';
import { errorOf } from '../helpers/errors.js';
import { applyAnswer, createBatch, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { recordPayment, runBilling } from '../../src/modules/billing/billing.service.js';
import { acquisitionReport, setBpjsBranch } from '../../src/modules/billing/acquisition.service.js';
import { acquisition, creditClass, workerCredit } from '../../src/domain/acquisition.js';

/**
 * The BPJS branch's acquisition report by the KPI rule of DOMAIN §5.3 (issue 16.6), on both databases:
 * 4 tobacco labourers paid by DBHCHT (government money, SG) and 2 drivers paid by a company's CSR (SC).
 */
let t: TestDb;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
const bpjs = actor('bpjs_officer', '35.09', null, 'bpjs');
const bondowoso = actor('regency_operator', '35.11', null, 'bondowoso');
const invoices = new Map<string, number>();

beforeAll(async () => {
  t = await openTestDb();
  const ids = await approvedPlan(t.db, disnaker, kabid, { tobacco: 4, drivers: 2, funded: 4 });
  const batch = await createBatch(t.db, disnaker, ids.planId, { on: '2026-06-20' });
  await applyAnswer(t.db, bpjs, batch.id, parseAnswer(await answerRows(t.db, batch.id)).rows, { on: '2026-06-30' });
  for (const month of ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'])
    for (const inv of (await runBilling(t.db, disnaker, { programId: ids.programId, month })).created)
      invoices.set(`${inv.sourceName} ${inv.periodFrom}`, inv.id);
}, 60_000);
afterAll(() => t.cleanup());

const pay = (key: string, amount: number, reference: string) => recordPayment(t.db, disnaker, invoices.get(key)!, { paidOn: '2026-12-20', reference, amount });
const year = { monthFrom: '2026-07', monthTo: '2026-12' };
const kpi = (r: Awaited<ReturnType<typeof acquisitionReport>>) =>
  r.branches.flatMap((b) => b.sources.map((s) => [s.sourceName, s.creditClass, s.workers, s.full, s.partial, s.uncounted, s.credited, s.rupiah]));

describe('the KPI rule (pure)', () => {
  it('government money counts proportionally below 6 months, private money not at all', () => {
    expect(['DBHCHT', 'APBD', 'DBH_SAWIT', 'APBDES', 'DANA_DESA'].map(creditClass)).toEqual(Array(5).fill('government'));
    expect(['CSR', 'BANK', 'DONOR'].map(creditClass)).toEqual(['private', 'private', 'private']);
    expect([3, 5, 6, 12].map((m) => workerCredit('government', m, 6))).toEqual([0.5, 5 / 6, 1, 1]);
    expect([3, 5, 6, 12].map((m) => workerCredit('private', m, 6))).toEqual([0, 0, 1, 1]);
    // DOMAIN §5.3's own example: 1,000 workers × 3 months → 500.
    expect(acquisition('government', [{ months: 3, workers: 1000 }], 6)).toEqual({ workers: 1000, full: 0, partial: 1000, uncounted: 0, credited: 500 });
    expect(acquisition('private', [{ months: 3, workers: 1000 }], 6).credited).toBe(0);
  });
});

describe('the acquisition report (issue 16.6)', () => {
  it('after 3 paid months: DBHCHT workers count half each, CSR workers nothing', async () => {
    for (const m of ['2026-07', '2026-08', '2026-09']) await pay(`DBHCHT ${m}`, 4 * 16_800, `SP2D-${m}`);
    await pay('CSR Ojek 2026-07', 2 * 3 * 8_400, 'CSR-Q3');
    const r = await acquisitionReport(t.db, bpjs, year);
    expect(r).toMatchObject({ fullMonths: 6, legalBasis: expect.stringMatching(/Perdir BPJS Ketenagakerjaan 22\/2022/) });
    expect(kpi(r)).toEqual([
      ['DBHCHT', 'government', 4, 0, 4, 0, 2, 4 * 3 * 16_800],
      ['CSR Ojek', 'private', 2, 0, 0, 2, 0, 2 * 3 * 8_400],
    ]);
    expect(r.branches[0]!.sources[0]!.byMonths).toEqual([{ months: 3, workers: 4 }]);
    expect(r.total).toMatchObject({ workers: 6, credited: 2 });
  });

  it('at 5 months the government share is 5/6, a CSR worker still 0; at 6 months both count fully', async () => {
    await pay('DBHCHT 2026-10', 4 * 16_800, 'SP2D-10');
    await pay('DBHCHT 2026-11', 4 * 16_800, 'SP2D-11');
    await pay('DBHCHT 2026-12', 2 * 16_800, 'SP2D-12a'); // two of the four December lines
    await pay('CSR Ojek 2026-10', 4 * 8_400, 'CSR-Q4a'); // October and November for both drivers
    let r = await acquisitionReport(t.db, bpjs, year);
    expect(kpi(r)).toEqual([
      ['DBHCHT', 'government', 4, 2, 2, 0, 3.67, (4 * 5 + 2) * 16_800],
      ['CSR Ojek', 'private', 2, 0, 0, 2, 0, 2 * 5 * 8_400],
    ]);
    await pay('DBHCHT 2026-12', 2 * 16_800, 'SP2D-12b');
    await pay('CSR Ojek 2026-10', 2 * 8_400, 'CSR-Q4b');
    r = await acquisitionReport(t.db, bpjs, year);
    expect(kpi(r)).toEqual([
      ['DBHCHT', 'government', 4, 4, 0, 0, 4, 4 * 6 * 16_800],
      ['CSR Ojek', 'private', 2, 2, 0, 0, 2, 2 * 6 * 8_400],
    ]);
    expect(r.total).toMatchObject({ workers: 6, full: 6, credited: 6, rupiah: 4 * 6 * 16_800 + 2 * 6 * 8_400 });
    // The same payments judged for the third quarter alone: 3 months each.
    expect((await acquisitionReport(t.db, bpjs, { monthFrom: '2026-07', monthTo: '2026-09' })).total.credited).toBe(2);
  });

  it('names the branch the office recorded, keeps to the actor’s region and refuses a bad period in both languages', async () => {
    await setBpjsBranch(t.db, disnaker, '35.09', 'Kantor Cabang Jember');
    const r = await acquisitionReport(t.db, disnaker, year);
    expect(r.branches.map((b) => [b.regencyCode, b.regencyName, b.branch])).toEqual([['35.09', expect.stringMatching(/JEMBER/i), 'Kantor Cabang Jember']]);
    expect((await acquisitionReport(t.db, bondowoso, year)).branches).toEqual([]);
    expect((await errorOf(setBpjsBranch(t.db, bondowoso, '35.09', 'X'))).code).toBe('not_found');
    const bad = await errorOf(acquisitionReport(t.db, bpjs, { monthFrom: '2026-12', monthTo: '2026-07' }));
    expect(bad.problems[0]).toMatchObject({ field: 'monthTo', code: 'order' });
    expect(bad.messageId).toMatch(/Bulan akhir sebelum bulan awal/);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action = 'bpjs_branch.set'`);
    expect(audit).toHaveLength(1);
  });
});
