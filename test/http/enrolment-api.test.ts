import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor, insertUser } from '../helpers/factories.js';
import { call, loginAs, testApp, uploadAs, type Session } from '../helpers/http.js';
import { answerCsv, approvedPlan } from '../helpers/enrolment.js';

let t: TestDb;
let app: FastifyInstance;
let disnaker: Session;
let bpjs: Session;
let auditor: Session;
let other: Session;
let ids: Awaited<ReturnType<typeof approvedPlan>>;

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'disnaker', 'regency_operator', '35.09');
  await insertUser(t.db, 'bpjs', 'bpjs_officer', '35.09');
  await insertUser(t.db, 'auditor', 'auditor', '35.09');
  await insertUser(t.db, 'bondowoso', 'regency_operator', '35.11');
  disnaker = await loginAs(app, 'disnaker');
  bpjs = await loginAs(app, 'bpjs');
  auditor = await loginAs(app, 'auditor');
  other = await loginAs(app, 'bondowoso');
  ids = await approvedPlan(t.db, actor('regency_operator', '35.09', null, 'disnaker'), actor('regency_operator', '35.09', null, 'kabid'));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const upload = (s: Session, url: string, name: string, content: string | Buffer) => uploadAs(app, s, url, name, content);

describe('enrolment and billing API', () => {
  let batchId: number;

  it('creates a batch from the approved plan; the auditor may not, another regency does not see it', async () => {
    expect((await call(app, auditor, 'POST', '/api/v1/enrolment/batches', { planId: ids.planId })).statusCode).toBe(403);
    expect((await call(app, other, 'POST', '/api/v1/enrolment/batches', { planId: ids.planId })).statusCode).toBe(404);
    const res = await call(app, disnaker, 'POST', '/api/v1/enrolment/batches', { planId: ids.planId, on: '2026-06-25' });
    expect(res.statusCode).toBe(201);
    batchId = res.json().id;
    expect(res.json()).toMatchObject({ submitted: 30, status: 'submitted' });
    const plans = await call(app, disnaker, 'GET', '/api/v1/enrolment/plans');
    expect(plans.json().items[0]).toMatchObject({ id: ids.planId, funded: 30, enrolled: 30 });
    expect((await call(app, other, 'GET', `/api/v1/enrolment/batches/${batchId}`)).statusCode).toBe(404);
  });

  it('serves the registration file in a layout the branch chose, and the cover letter', async () => {
    const bad = await call(app, disnaker, 'PUT', `/api/v1/programs/${ids.programId}/enrolment-layout`, { layout: [{ header: 'X', field: 'shoeSize' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0]).toMatchObject({ field: 'layout[0].field', code: 'unknown' });
    const put = await call(app, disnaker, 'PUT', `/api/v1/programs/${ids.programId}/enrolment-layout`, {
      layout: [
        { header: 'NO_KTP', field: 'nik' },
        { header: 'NAMA_PESERTA', field: 'fullName' },
        { header: 'KODE_WADAH', field: 'fundingType' },
      ],
    });
    expect(put.statusCode).toBe(200);
    const csv = await call(app, disnaker, 'GET', `/api/v1/enrolment/batches/${batchId}/registration.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('NO_KTP;NAMA_PESERTA;KODE_WADAH');
    expect(lines).toHaveLength(31);
    const xlsx = await call(app, bpjs, 'GET', `/api/v1/enrolment/batches/${batchId}/registration.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await call(app, disnaker, 'GET', `/api/v1/enrolment/batches/${batchId}/letter.pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('takes BPJS answer as an upload; a bad file is refused whole with the row named in both languages', async () => {
    const good = await answerCsv(t.db, batchId);
    const bad = await upload(bpjs, `/api/v1/enrolment/batches/${batchId}/answer`, 'jawaban.csv', good.replace(/;DITERIMA;/, ';MUNGKIN;'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0]).toMatchObject({ field: 'status', en: 'row 2: unknown status "MUNGKIN" (ACCEPTED/REJECTED)' });
    expect((await upload(bpjs, `/api/v1/enrolment/batches/${batchId}/answer`, 'jawaban.pdf', good)).statusCode).toBe(400);
    const ok = await upload(bpjs, `/api/v1/enrolment/batches/${batchId}/answer?on=2026-06-30`, 'jawaban.csv', good);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ accepted: 30, rejected: 0 });
    const list = await call(app, auditor, 'GET', '/api/v1/participants?status=active&limit=5');
    expect(list.json().total).toBe(30);
    expect(list.json().items[0].kpj).toMatch(/•/);
  });

  it('bills, records a payment, and answers the protection question; the timeline shows it all', async () => {
    const run = await call(app, disnaker, 'POST', '/api/v1/billing/runs', { programId: ids.programId, month: '2026-07' });
    expect(run.statusCode).toBe(200);
    const dbhcht = run.json().created.find((i: { sourceName: string }) => i.sourceName === 'DBHCHT');
    expect(dbhcht).toMatchObject({ lines: 20, total: 336_000 });
    expect((await call(app, auditor, 'POST', '/api/v1/billing/runs', { programId: ids.programId, month: '2026-07' })).statusCode).toBe(403);
    // 12.16: after a partial payment, the invoice's participant list says who is covered.
    const part = await call(app, disnaker, 'POST', `/api/v1/invoices/${dbhcht.id}/payments`, {
      paidOn: '2026-07-02',
      reference: 'SP2D 07/2026-A',
      amount: 6 * 16_800,
    });
    expect(part.json()).toMatchObject({ status: 'partial', paid: 100_800, outstanding: 235_200 });
    const list = await call(app, disnaker, 'GET', `/api/v1/invoices/${dbhcht.id}/participants.xlsx`);
    expect(list.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(list.rawPayload as unknown as ArrayBuffer);
    const paidCol = wb.worksheets[0]!.getColumn(8).values.slice(2);
    expect([paidCol.filter((v) => v === 'YA').length, paidCol.filter((v) => v === 'BELUM').length]).toEqual([6, 14]);
    const doc = await call(app, disnaker, 'GET', `/api/v1/invoices/${dbhcht.id}/invoice.pdf`);
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(doc.rawPayload.toString('latin1')).toMatch(/\(Tagihan iuran #\d+ \d+\/\d{4}\)/);
    const pay = await call(app, disnaker, 'POST', `/api/v1/invoices/${dbhcht.id}/payments`, {
      paidOn: '2026-07-03',
      reference: 'SP2D 07/2026',
      amount: 235_200,
    });
    expect(pay.statusCode).toBe(201);
    expect(pay.json()).toMatchObject({ status: 'paid', paid: 336_000 });
    const badPay = await call(app, disnaker, 'POST', `/api/v1/invoices/${dbhcht.id}/payments`, { paidOn: 'kemarin', reference: '', amount: -5 });
    expect(badPay.statusCode).toBe(400);
    expect(badPay.json().error.problems.map((p: { field: string }) => p.field)).toEqual(['paidOn', 'reference', 'amount']);
    const nik = (
      await t.db.query<{ nik: string; id: number }>(
        `SELECT w.nik, p.id FROM participants p JOIN workers w ON w.id = p.worker_id WHERE w.sector_code = 'tobacco_farm_labourer' ORDER BY p.id LIMIT 1`,
      )
    )[0]!;
    const prot = await call(app, disnaker, 'GET', `/api/v1/protection?nik=${nik.nik}&date=2026-07-20`);
    expect(prot.json()).toMatchObject({ state: 'protected', source: { name: 'DBHCHT' }, protectedUntil: '2026-07-31' });
    expect((await call(app, other, 'GET', `/api/v1/protection?nik=${nik.nik}&date=2026-07-20`)).statusCode).toBe(404);
    const tl = await call(app, disnaker, 'GET', `/api/v1/participants/${nik.id}/timeline?date=2026-07-20`);
    expect(tl.json().events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['candidate', 'submitted', 'active']);
    expect(tl.json().months).toEqual([{ month: '2026-07', sourceName: 'DBHCHT', amount: 16_800, paid: true, invoiceId: dbhcht.id }]);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'billing.%' OR action = 'participant.lookup' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'billing.run',
      'billing.payment',
      'billing.export_invoice_xlsx',
      'billing.export_invoice_pdf',
      'billing.payment',
      'participant.lookup',
    ]);
  });

  it('shows alerts and serves them as a download', async () => {
    const a = await call(app, disnaker, 'GET', `/api/v1/alerts?programId=${ids.programId}&asOf=2026-08-15`);
    expect(a.json().counts).toMatchObject({ ending: 0, unpaid: 10 });
    const x = await call(app, disnaker, 'GET', `/api/v1/alerts.csv?programId=${ids.programId}&asOf=2026-08-15`);
    expect(x.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'JENIS / KIND;NIK;NAMA / NAME;DESA / VILLAGE;SUMBER / SOURCE;TANGGAL / DATE;BULAN / MONTHS;RUPIAH;BATAS / DEADLINE',
    );
    expect(x.body.trim().split('\r\n')).toHaveLength(1 + 10); // the December cohort is beyond the 90-day horizon
    // Issue 12.12: the kind in Indonesian first, as in the headers.
    expect(x.body.trim().split('\r\n')[1]).toMatch(/^Belum dibayar \/ unpaid;/);
  });

  it('reconciles an uploaded BPJS statement and serves each list', async () => {
    const rows = await t.db.query<{ nik: string; kpj: string }>(`SELECT w.nik, p.kpj FROM participants p JOIN workers w ON w.id = p.worker_id ORDER BY p.id`);
    const stmt = ['NIK;KPJ;STATUS;JUMLAH', ...rows.map((r, i) => `${r.nik};${r.kpj};${i === 0 ? 'NONAKTIF' : 'AKTIF'};`)].join('\n');
    const res = await upload(bpjs, `/api/v1/reconciliations?programId=${ids.programId}`, 'daftar-bpjs.csv', stmt);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ statementRows: 30, missing: 0, extra: 0, mismatched: 1 });
    const file = await call(app, auditor, 'GET', `/api/v1/reconciliations/${res.json().id}/mismatch.csv`);
    const lines = file.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^mismatch;\d{4}•{8}\d{4};\d+;status;active;NONAKTIF$/);
  });

  it('applies BPJS’s KPJ and non-active status from the differences, once (12.16)', async () => {
    const rows = await t.db.query<{ id: number; nik: string; kpj: string }>(
      `SELECT p.id, w.nik, p.kpj FROM participants p JOIN workers w ON w.id = p.worker_id ORDER BY p.id`,
    );
    const stmt = ['NIK;KPJ;STATUS;JUMLAH', ...rows.map((r, i) => `${r.nik};${i === 1 ? '99999999901' : r.kpj};${i === 0 ? 'NONAKTIF' : 'AKTIF'};`)].join('\n');
    const rec = (await upload(bpjs, `/api/v1/reconciliations?programId=${ids.programId}`, 'daftar-bpjs-2.csv', stmt)).json();
    expect((await call(app, auditor, 'POST', `/api/v1/reconciliations/${rec.id}/apply`, {})).statusCode).toBe(403);
    const applied = await call(app, bpjs, 'POST', `/api/v1/reconciliations/${rec.id}/apply`, {});
    expect(applied.json()).toEqual({ kpj: 1, status: 1 });
    expect((await call(app, bpjs, 'POST', `/api/v1/reconciliations/${rec.id}/apply`, {})).json()).toEqual({ kpj: 0, status: 0 });
    const after = await t.db.query<{ status: string; kpj: string }>(`SELECT status, kpj FROM participants WHERE id = ANY($1) ORDER BY id`, [
      [rows[0]!.id, rows[1]!.id],
    ]);
    expect(after).toEqual([
      { status: 'lapsed', kpj: rows[0]!.kpj },
      { status: 'active', kpj: '99999999901' },
    ]);
    const tl = (await call(app, disnaker, 'GET', `/api/v1/participants/${rows[1]!.id}/timeline`)).json();
    expect(tl.events.at(-1).reasonText).toEqual({
      id: `KPJ dari laporan BPJS (rekonsiliasi #${rec.id})`,
      en: `KPJ from BPJS statement (reconciliation #${rec.id})`,
    });
  });
  it('serves the BPJS acquisition report as JSON, XLSX and PDF; a bad month is a 400 naming the field (issue 16.6)', async () => {
    const r = await call(app, bpjs, 'GET', '/api/v1/reports/acquisition?monthFrom=2026-07&monthTo=2026-07');
    expect(r.statusCode).toBe(200);
    // DBHCHT paid July for its 20 workers: government money, 1 month of 6 → 20 / 6 = 3.33 workers credited.
    const dbhcht = r.json().branches[0].sources.find((s: { sourceName: string }) => s.sourceName === 'DBHCHT');
    expect(dbhcht).toMatchObject({ creditClass: 'government', workers: 20, partial: 20, full: 0, credited: 3.33, rupiah: 336_000 });
    const xlsx = await call(app, bpjs, 'GET', '/api/v1/reports/acquisition.xlsx?monthFrom=2026-07&monthTo=2026-07');
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.find((row) => row[3] === 'DBHCHT')?.slice(4, 11)).toEqual(['SG', 'Pemerintah/Desa', 20, 0, 20, 0, 3.33]);
    const pdf = await call(app, bpjs, 'GET', '/api/v1/reports/acquisition.pdf?monthFrom=2026-07&monthTo=2026-07');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bad = await call(app, bpjs, 'GET', '/api/v1/reports/acquisition?monthFrom=2026-13&monthTo=2026-07');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0]).toMatchObject({ field: 'monthFrom' });
    expect((await call(app, other, 'GET', '/api/v1/reports/acquisition?monthFrom=2026-07&monthTo=2026-07')).json().branches).toEqual([]);
    expect((await call(app, disnaker, 'PUT', '/api/v1/bpjs-branches/35.09', { name: 'Kantor Cabang Jember' })).statusCode).toBe(204);
    expect((await call(app, other, 'PUT', '/api/v1/bpjs-branches/35.09', { name: 'X' })).statusCode).toBe(404);
    expect((await call(app, bpjs, 'GET', '/api/v1/reports/acquisition?monthFrom=2026-07&monthTo=2026-07')).json().branches[0].branch).toBe(
      'Kantor Cabang Jember',
    );
    // Data quality (issue 16.5) as Excel: the regency's districts, audit-logged; a village code is refused before any byte.
    const dq = await call(app, disnaker, 'GET', '/api/v1/data-quality.xlsx?region=35.09');
    expect(dq.statusCode).toBe(200);
    const dqBook = new ExcelJS.Workbook();
    await dqBook.xlsx.load(dq.rawPayload as unknown as ArrayBuffer);
    expect(dqBook.worksheets[0]!.getRow(1).getCell(4).value).toBe('Terverifikasi (%)');
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'quality.export_xlsx'`))[0]!.n).toBe(1);
    expect((await call(app, disnaker, 'GET', `/api/v1/data-quality.xlsx?region=${ids.villageCode}`)).statusCode).toBe(400);
  });
});
