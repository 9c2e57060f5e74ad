import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { answerCsv, approvedPlan } from '../helpers/enrolment.js';
import { insertWorkers } from '../helpers/funding.js';
import { errorOf } from '../helpers/errors.js';
import { home } from '../../src/modules/home/home.service.js';
import { listWorkers, prepareWorkerExport } from '../../src/modules/workers/workers.service.js';
import { applyAnswer, createBatch, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { addBudget } from '../../src/modules/funding/funding.service.js';
import { getPlan, runPlan } from '../../src/modules/plans/plans.service.js';
import { writePlanPdf } from '../../src/modules/plans/exports.js';
import { writeCoveragePdf } from '../../src/modules/coverage/coverage.exports.js';
import { letterheadFor, saveLetterhead } from '../../src/modules/letterheads/letterheads.service.js';
import { reviewPlan, submitPlan } from '../../src/modules/plans/review.service.js';
import { listPlanLosses, planLosses } from '../../src/modules/plans/losses.service.js';
import { dashboard, saveInputs, setTarget } from '../../src/modules/coverage/coverage.service.js';
import { alerts } from '../../src/modules/billing/alerts.service.js';
import { costTable } from '../../src/modules/plans/candidates.repository.js';
import { loadTariffTables, type SourceRow } from '../../src/modules/funding/funding.repository.js';

/** Wrong numbers an operator met (issue 12), each shown by a test first, on both databases. */
let t: TestDb;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');

beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

const rowsOf = (csv: string) =>
  csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l, i) => {
      const [nik, kpj, status, reason] = l.split(';');
      return { rowNo: i + 2, nik: nik!, kpj: kpj!, status: status!, reason: reason ?? '' };
    });

describe('a batch holds one plan’s workers (12.2)', () => {
  it('the 2027 batch takes no candidate the 2026 answer rejected, and its counts add up to the plan', async () => {
    const ids = await approvedPlan(t.db, disnaker, kabid);
    const first = await createBatch(t.db, disnaker, ids.planId, { on: '2026-06-20' });
    const rejected = (
      await t.db.query<{ nik: string }>(
        `SELECT w.nik FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.batch_id = $1 AND w.sector_code = 'tobacco_farm_labourer' ORDER BY p.id LIMIT 3`,
        [first.id],
      )
    ).map((r) => r.nik);
    await applyAnswer(t.db, disnaker, first.id, parseAnswer(rowsOf(await answerCsv(t.db, first.id, rejected))).rows, { on: '2026-06-25' });
    // 2027: only the donor pays — its 10 drivers and 2 new ones; the tobacco money is not budgeted yet.
    await insertWorkers(t.db, { count: 2, villageCode: ids.villageCode, sector: 'driver_ojek', decile: 3 });
    await addBudget(t.db, disnaker, ids.csr, { fiscalYear: 2027, amount: 12 * 12 * 16_800, reference: 'PKS CSR 2027' });
    const plan = await runPlan(t.db, disnaker, { programId: ids.programId, fiscalYear: 2027, monthFrom: '2027-01', monthTo: '2027-12' });
    expect(plan.summary.funded).toBe(12);
    await submitPlan(t.db, disnaker, plan.id);
    // 12.6: the approver sees who loses protection, and why, before committing Rupiah.
    expect(await planLosses(t.db, kabid, plan.id)).toEqual({
      protectedBefore: 27,
      kept: 10,
      total: 17,
      byReason: [{ reason: 'budget', checks: [], count: 17 }],
      byEnd: [{ until: '2026-12-31', count: 17 }],
    });
    const page = await listPlanLosses(t.db, kabid, plan.id, { page: 2, pageSize: 10 });
    expect(page.total).toBe(17);
    expect(page.items).toHaveLength(7);
    expect(page.items[0]).toMatchObject({ sectorCode: 'tobacco_farm_labourer', until: '2026-12-31', reason: 'budget', villageName: expect.any(String) });
    const refused = await errorOf(reviewPlan(t.db, kabid, plan.id, 'approve', 'uji'));
    expect(refused.code).toBe('conflict');
    expect(refused.messageId).toMatch(/^17 dari 27 pekerja yang kini terlindungi kehilangan perlindungan/);
    expect(refused.messageEn).toMatch(/^17 of the 27 workers protected now lose protection/);
    expect((await t.db.query<{ status: string }>('SELECT status FROM plans WHERE id = $1', [plan.id]))[0]!.status).toBe('submitted');
    await reviewPlan(t.db, kabid, plan.id, 'approve', 'uji', { confirmLosses: true });
    const next = await createBatch(t.db, disnaker, plan.id, { on: '2026-12-01' });
    // Before: 5 submitted (2 new drivers + the 3 rejected tobacco workers of 2026) + 10 continuing ≠ 12 funded.
    expect({ submitted: next.submitted, continuing: next.continuing }).toEqual({ submitted: 2, continuing: 10 });
    const inBatch = await t.db.query<{ nik: string }>(`SELECT w.nik FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.batch_id = $1`, [next.id]);
    expect(inBatch.filter((r) => rejected.includes(r.nik))).toEqual([]);
    const stillCandidates = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM participants p JOIN workers w ON w.id = p.worker_id WHERE w.nik = ANY($1) AND p.status = 'candidate'`,
      [rejected],
    );
    expect(stillCandidates[0]!.n).toBe(3);
  });
});

describe('a target of an earlier year still steers the dashboard (12.10)', () => {
  it('shows the latest target with its year, and the gap to it', async () => {
    const admin = actor('super_admin', null, null, 'admin');
    await saveInputs(t.db, admin, [
      {
        regionCode: '35',
        asOf: '2026-06-30',
        potential: 20_000_000,
        activeTotal: 7_000_000,
        potentialSource: 'BPS (ilustrasi)',
        participantsSource: 'BPJS (ilustrasi)',
      },
    ]);
    await setTarget(t.db, admin, { regionCode: '35', year: 2023, value: 40, source: 'RPJMD Jawa Timur' });
    const d = await dashboard(t.db, admin, { regionCode: '35', asOf: '2026-07-31' });
    // Before: no target at all on a 2026 dashboard.
    expect(d.region.target).toMatchObject({ year: 2023, value: 40, source: 'RPJMD Jawa Timur', gapPeople: 1_000_000 });
    await setTarget(t.db, admin, { regionCode: '35', year: 2026, value: 45, source: 'RPJMD Jawa Timur' });
    expect((await dashboard(t.db, admin, { regionCode: '35', asOf: '2026-07-31' })).region.target).toMatchObject({
      year: 2026,
      value: 45,
      gapPeople: 2_000_000,
    });
  });
});

describe('alert lists are paged, never cut silently (12.8)', () => {
  it('every page of a list adds up to the whole list, in the same order, with the same total', async () => {
    const q = { asOf: '2026-12-10', days: 30 };
    const whole = await alerts(t.db, disnaker, { ...q, limit: 500 });
    expect(whole.counts.ending).toBe(17); // 27 active in 2026 (3 rejected by BPJS), 10 drivers renewed for 2027
    const pages = [];
    for (let offset = 0; offset < whole.counts.ending; offset += 10) {
      const page = await alerts(t.db, disnaker, { ...q, limit: 10, endingOffset: offset });
      expect(page.counts.ending).toBe(17);
      expect(page.page).toEqual({ limit: 10, endingOffset: offset, unpaidOffset: 0 });
      pages.push(...page.ending.map((r) => r.participantId));
    }
    expect(pages).toEqual(whole.ending.map((r) => r.participantId));
    expect(new Set(pages).size).toBe(17);
  });
});

describe('the tariff explanation cites only what applied (12.7)', () => {
  it('an APBD-paid driver pays the full rate and the transport reduction is said not to reach the APBD; no JHT outside the package', async () => {
    const tables = await loadTariffTables(t.db);
    const source = (id: number, name: string, fundingType: string) =>
      ({ id, name, funding_type: fundingType, sectors: [{ sectorCode: 'driver_ojek', tier: 1 }] }) as unknown as SourceRow;
    const c = costTable(
      tables,
      { declaredIncome: 1_000_000, includeJht: false },
      [source(1, 'APBD Kabupaten', 'SG'), source(2, 'CSR Ojek', 'SC')],
      ['driver_ojek', 'food_farmer'],
      '2026-02',
      '2026-02',
    );
    expect(c.ranges).toEqual([
      { min: 16_800, max: 16_800 },
      { min: 8_400, max: 8_400 },
    ]);
    expect(c.legalBasis.some((b) => b.startsWith('JHT'))).toBe(false);
    expect(c.legalBasis).toContain('Penyesuaian iuran sektor transportasi (PP 50/2025): berlaku untuk / applies to CSR Ojek');
    expect(c.legalBasis).toContain(
      'Penyesuaian iuran sektor transportasi (PP 50/2025): tidak berlaku untuk / does not apply to APBD Kabupaten (SG) — jenis pembayar dikecualikan / payer type excluded',
    );
    // The other-sector reduction starts in April 2026: not in force in February, so not cited.
    expect(c.legalBasis.some((b) => b.startsWith('Penyesuaian iuran sektor lain'))).toBe(false);
  });
});

describe('a home per role says what to do today (12.14)', () => {
  it('gives each role the figures it acts on, and null for what it may not see', async () => {
    const asOf = '2026-12-10';
    // Disnaker: the 17 tobacco workers the 2027 plan does not keep end this month; the 2027 batch waits for BPJS.
    expect(await home(t.db, disnaker, { asOf })).toEqual({
      today: asOf,
      regionName: 'Kabupaten Jember',
      coverage: { pct: null, asOf: null, target: null },
      protectedNow: { count: 0, paidThisMonth: 0, month: '2026-12' },
      endingThisMonth: { count: 17, until: '2026-12-31' },
      unpaid: { count: 0, rupiah: 0 },
      imports: { unfinished: 0, failed: 0, latestId: null },
      plans: { submitted: 0, awaitingMe: 0, drafts: 0 },
      batches: { awaitingAnswer: 1 },
      invoices: { open: 0, outstanding: 0 },
      claims: { overdue: 0, scholarshipDue: 0 },
      donors: { expected: 0, openLines: 0, poolsToAssign: 0 },
      verification: { openRounds: 0, pending: 0, nearestDue: null, roundId: null },
    });
    const village = await home(t.db, actor('village_operator', '35.09.05.2001', null, 'desa'), { asOf });
    expect(village).toMatchObject({ regionName: 'Sukoreno', endingThisMonth: { count: 17 }, batches: null, invoices: null });
    const bpjs = await home(t.db, actor('bpjs_officer', '35.09', null, 'bpjs'), { asOf });
    expect(bpjs).toMatchObject({ imports: null, invoices: null, batches: { awaitingAnswer: 1 } });
    const auditor = await home(t.db, actor('auditor', '35.09', null, 'auditor'), { asOf });
    expect(auditor).toMatchObject({ imports: null, batches: null, invoices: null, verification: null, plans: { submitted: 0, awaitingMe: 0 } });
    expect((await errorOf(home(t.db, disnaker, { asOf: '2026-02-30' }))).code).toBe('validation');
  });
});

describe('the worker list reads like the office spreadsheet (12.15)', () => {
  it('shows village and district names, enrolment status, KPJ and protected-until; filters combine; Excel of the filtered list is audit-logged', async () => {
    const total = async (q: Parameters<typeof listWorkers>[2]) => (await listWorkers(t.db, disnaker, q)).total;
    expect(await total({})).toBe(42);
    // Every worker has one enrolment state; the states add up to the registry.
    const byStatus = await Promise.all((['none', 'candidate', 'submitted', 'active', 'lapsed', 'ended'] as const).map((status) => total({ status })));
    expect(byStatus).toEqual([10, 3, 2, 27, 0, 0]);
    // Filters combine: the active drivers are the donor's 10.
    expect(await total({ status: 'active', sector: 'driver_ojek' })).toBe(10);
    expect(await total({ status: 'active', sector: 'driver_ojek', region: '35.09.05' })).toBe(10);
    expect(await total({ status: 'active', sector: 'driver_ojek', region: '35.09.01' })).toBe(0);
    const active = (await listWorkers(t.db, disnaker, { status: 'active', pageSize: 1 })).items[0]!;
    expect(active).toMatchObject({
      villageName: 'Sukoreno',
      districtName: 'Umbulsari',
      enrolment: { status: 'active', kpj: expect.stringMatching(/^\d{11}$/) },
    });
    const audited = actor('auditor', '35.09', null, 'auditor');
    const masked = (await listWorkers(t.db, audited, { status: 'active', pageSize: 1 })).items[0]!;
    expect(masked.enrolment!.kpj).not.toMatch(/^\d{11}$/);
    expect(masked.nik).not.toMatch(/^\d{16}$/);
    // The spreadsheet holds exactly the filtered list, and the export is in the audit log with its filter.
    const rows: string[] = [];
    const n = await prepareWorkerExport(t.db, disnaker, { status: 'active', sector: 'driver_ojek' }).run(async (r) => void rows.push(...r.map((w) => w.nik)));
    expect(n).toBe(10);
    expect(new Set(rows).size).toBe(10);
    const [log] = await t.db.query<{ after: { rows: number; filter: Record<string, string> } }>(
      `SELECT after FROM audit_log WHERE action = 'workers.export_xlsx' ORDER BY id DESC LIMIT 1`,
    );
    expect(log!.after).toMatchObject({ rows: 10, filter: { status: 'active', sector: 'driver_ojek' } });
    expect((await errorOf(Promise.resolve().then(() => prepareWorkerExport(t.db, disnaker, { region: 'x' })))).code).toBe('validation');
  });
});

describe('official documents look official (12.13)', () => {
  const pdf = async (write: (out: PassThrough) => Promise<unknown>): Promise<string> => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => out.on('end', r));
    await write(out);
    await ended;
    return Buffer.concat(chunks).toString('latin1');
  };

  it('carry the office letterhead, a number kept on reprint, and the signatory; the letterhead is checked and scoped', async () => {
    const before = await letterheadFor(t.db, '35.09.05.2001');
    expect(before).toMatchObject({ configured: false, government: 'PEMERINTAH KABUPATEN JEMBER', office: 'DINAS TENAGA KERJA', place: 'Jember' });
    const input = {
      government: 'Pemerintah Kabupaten Jember',
      office: 'Dinas Tenaga Kerja',
      address: 'Jl. PB Sudirman No. 1, Jember 68118',
      contact: 'Telp. (0331) 000000 · disnaker@jemberkab.go.id',
      place: 'Jember',
      signatory: { name: 'Drs. Contoh Pejabat, M.Si.', position: 'Kepala Dinas Tenaga Kerja', rank: 'Pembina Utama Muda (IV/c)', nip: '197001011990031001' },
      classification: '500.15',
      unitCode: 'Disnaker',
    };
    const bad = await errorOf(saveLetterhead(t.db, disnaker, { ...input, signatory: { ...input.signatory, nip: '1970' } }));
    expect(bad.problems.map((p) => p.field)).toEqual(['signatory.nip']);
    expect((await errorOf(saveLetterhead(t.db, disnaker, { ...input, regionCode: '33.01' }))).code).toBe('forbidden');
    expect((await errorOf(saveLetterhead(t.db, actor('auditor', '35.09', null, 'auditor'), input))).code).toBe('forbidden');
    const saved = await saveLetterhead(t.db, disnaker, input);
    expect(saved).toMatchObject({ configured: true, regionCode: '35.09', signatory: { nip: '197001011990031001' } });
    // A village's documents come from its regency's office.
    expect((await letterheadFor(t.db, '35.09.05.2001')).address).toBe(input.address);

    const [plan] = await t.db.query<{ id: number }>(`SELECT id FROM plans ORDER BY id LIMIT 1`);
    const view = await getPlan(t.db, disnaker, plan!.id);
    const first = await pdf((out) => writePlanPdf(t.db, disnaker, view, out));
    const number = /\(Rencana pendanaan #\d+ (500\.15\/\d+\/Disnaker\/\d{4})\)/.exec(first)?.[1];
    expect(number).toMatch(/^500\.15\/1\/Disnaker\/20\d\d$/);
    expect(first).toContain('(Dinas Tenaga Kerja)');
    // Printed again, the same document keeps its number; another document takes the next one.
    expect(await pdf((out) => writePlanPdf(t.db, disnaker, view, out))).toContain(`#${plan!.id} ${number})`);
    const d = await dashboard(t.db, disnaker, { regionCode: '35.09', asOf: '2026-07-31' });
    const report = await pdf((out) => writeCoveragePdf(t.db, disnaker, d, out));
    expect(report).toMatch(/\(Laporan cakupan Kabupaten Jember 500\.15\/2\/Disnaker\/\d{4}\)/);
    const issued = await t.db.query<{ document: string; seq: number }>(`SELECT document, seq FROM document_numbers WHERE region_code = '35.09' ORDER BY seq`);
    expect(issued).toEqual([
      { document: `plan:${plan!.id}`, seq: 1 },
      { document: 'coverage:35.09:2026-07-31', seq: 2 },
    ]);
  });
});
