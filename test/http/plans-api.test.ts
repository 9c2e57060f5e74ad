import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';
import { call, loginAs, testApp, type Session } from '../helpers/http.js';
import { insertWorkers, villageIn } from '../helpers/funding.js';

let t: TestDb;
let app: FastifyInstance;
let maker: Session;
let checker: Session;
let auditor: Session;
let other: Session;

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'disnaker', 'regency_operator', '35.09');
  await insertUser(t.db, 'kabid', 'regency_operator', '35.09');
  await insertUser(t.db, 'auditor', 'auditor', '35.09');
  await insertUser(t.db, 'bondowoso', 'regency_operator', '35.11');
  maker = await loginAs(app, 'disnaker');
  checker = await loginAs(app, 'kabid');
  auditor = await loginAs(app, 'auditor');
  other = await loginAs(app, 'bondowoso');
  const v = await villageIn(t.db, '35.09.05');
  await insertWorkers(t.db, { count: 300, villageCode: v, sector: 'tobacco_farm_labourer', decile: 1 });
  await insertWorkers(t.db, { count: 200, villageCode: v, sector: 'driver_ojek', decile: 4 });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('plans API: from budget to approved plan', () => {
  let programId: number;
  let dbhcht: number;
  let csr: number;
  let planId: number;

  it('creates a program, sources with rules and budgets', async () => {
    const p = await call(app, maker, 'POST', '/api/v1/programs', { regionCode: '3509', name: 'Lingkaran Cinta' });
    expect(p.statusCode).toBe(201);
    programId = p.json().id;
    const s1 = await call(app, maker, 'POST', `/api/v1/programs/${programId}/sources`, {
      name: 'DBHCHT 2026',
      kind: 'DBHCHT',
      sectors: [{ sectorCode: 'tobacco_farm_labourer', tier: 1 }],
    });
    expect(s1.statusCode).toBe(201);
    expect(s1.json()).toMatchObject({ fundingType: 'SG', domicileCode: '35.09' });
    dbhcht = s1.json().id;
    const s2 = await call(app, maker, 'POST', `/api/v1/programs/${programId}/sources`, {
      name: 'CSR Ojek',
      kind: 'CSR',
      sectors: [{ sectorCode: 'driver_ojek', tier: 1 }],
    });
    csr = s2.json().id;
    expect(s2.json().fundingType).toBe('SC');
    expect((await call(app, maker, 'POST', `/api/v1/sources/${dbhcht}/budgets`, { fiscalYear: 2026, amount: 100 * 201_600 })).statusCode).toBe(201);
    expect((await call(app, maker, 'POST', `/api/v1/sources/${csr}/budgets`, { fiscalYear: 2026, amount: 150 * 100_800 })).statusCode).toBe(201);
  });

  it('answers a bad budget in both languages naming the field', async () => {
    const res = await call(app, maker, 'POST', `/api/v1/sources/${dbhcht}/budgets`, { fiscalYear: 2026, amount: -5 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems[0]).toMatchObject({ field: 'amount' });
    expect(res.json().error.message.id).toMatch(/Pagu/);
    expect(res.json().error.message.en).toMatch(/Budget/);
  });

  it('previews the rules, runs the optimizer and explains the result; CSR pays the PP 50/2025 rate for ojek', async () => {
    const pv = await call(app, maker, 'POST', '/api/v1/plans/preview', { programId, fiscalYear: 2026, monthFrom: '2026-01', monthTo: '2026-12' });
    expect(pv.json()).toMatchObject({ candidates: 500, eligibleAny: 500 });
    const run = await call(app, maker, 'POST', '/api/v1/plans', { programId, fiscalYear: 2026, monthFrom: '2026-01', monthTo: '2026-12' });
    expect(run.statusCode).toBe(201);
    const plan = run.json();
    planId = plan.id;
    expect(plan.summary).toMatchObject({ funded: 250, outOfBudget: 250, totalRupiah: 100 * 201_600 + 150 * 100_800 });
    expect(plan.summary.sources.map((s: { costPerWorker: { min: number } }) => s.costPerWorker.min)).toEqual([201_600, 100_800]);
    expect(plan.summary.legalBasis.join(' ')).toMatch(/PP 50\/2025/);
    const out = await call(app, maker, 'GET', `/api/v1/plans/${planId}/candidates?outcome=out_of_budget&pageSize=5`);
    expect(out.json().total).toBe(250);
  });

  it('maker–checker over HTTP: the maker gets 403, the checker approves', async () => {
    expect((await call(app, maker, 'POST', `/api/v1/plans/${planId}/submit`, {})).json().status).toBe('submitted');
    const self = await call(app, maker, 'POST', `/api/v1/plans/${planId}/approve`, { note: 'ok' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message.id).toMatch(/maker/);
    expect((await call(app, auditor, 'POST', `/api/v1/plans/${planId}/approve`, {})).statusCode).toBe(403);
    const ok = await call(app, checker, 'POST', `/api/v1/plans/${planId}/approve`, { note: 'Sesuai DPA' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', reviewedBy: 'kabid' });
  });

  it('exports the summary as PDF and the worker list as XLSX, masked for the auditor, and logs both', async () => {
    const pdf = await call(app, maker, 'GET', `/api/v1/plans/${planId}/summary.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await call(app, auditor, 'GET', `/api/v1/plans/${planId}/workers.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(251);
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/^\d{4}•{8}\d{4}$/);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'plan' AND entity_id = $1 ORDER BY id`, [String(planId)]);
    expect(audit.map((a) => a.action)).toEqual(['plan.run', 'plan.submit', 'plan.approve', 'plan.export_pdf', 'plan.export_xlsx']);
  });

  it('what-if and budget-needed answer over HTTP', async () => {
    const w = await call(app, maker, 'POST', '/api/v1/plans/what-if', {
      programId,
      fiscalYear: 2026,
      monthFrom: '2026-01',
      monthTo: '2026-12',
      scenario: { budgetChanges: [{ sourceId: dbhcht, add: 50 * 201_600 }] },
    });
    expect(w.statusCode).toBe(200);
    // The approved plan is the baseline (250 protected); new money reaches 50 of the tobacco labourers still unprotected.
    expect(w.json().baseline).toEqual({ planId, workers: 250, rupiah: 100 * 201_600 + 150 * 100_800 });
    expect(w.json().base.protectedWorkers).toBe(250);
    expect(w.json().extraWorkers).toBe(50);
    const need = await call(app, maker, 'POST', '/api/v1/plans/budget-needed', {
      programId,
      fiscalYear: 2026,
      monthFrom: '2026-01',
      monthTo: '2026-12',
      sourceId: dbhcht,
      targetWorkers: 260,
    });
    expect(need.statusCode).toBe(200);
    // A target is the total protected: 250 funded + 10 more.
    expect(need.json()).toMatchObject({ baseline: { planId, workers: 250 }, currentWorkers: 250, reachable: true, extraRupiah: 10 * 201_600 });
  });

  it('another regency sees nothing; double-funding report answers', async () => {
    expect((await call(app, other, 'GET', `/api/v1/plans/${planId}`)).statusCode).toBe(404);
    expect((await call(app, other, 'GET', `/api/v1/programs/${programId}`)).statusCode).toBe(404);
    const df = await call(app, maker, 'GET', '/api/v1/funding/double-funding?fiscalYear=2026');
    expect(df.json()).toMatchObject({ total: 0, rupiahAtStake: 0 });
    const ref = await call(app, auditor, 'GET', '/api/v1/funding/reference');
    expect(ref.json().discounts.some((d: { legalBasis: string }) => d.legalBasis === 'PP 50/2025')).toBe(true);
  });
});
