import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { insertWorkers, villageIn } from '../helpers/funding.js';
import { addBudget, createProgram, createSource, getProgram, updateSource } from '../../src/modules/funding/funding.service.js';
import { loadTariffTables } from '../../src/modules/funding/funding.repository.js';
import { monthlyContribution, periodContribution } from '../../src/domain/tariff.js';
import { deletePlan, listPlanCandidates, previewPlan, runPlan } from '../../src/modules/plans/plans.service.js';
import { doubleFunding, reviewPlan, submitPlan } from '../../src/modules/plans/review.service.js';
import { budgetNeeded, whatIf } from '../../src/modules/plans/what-if.service.js';
import type { AppError } from '../../src/errors.js';
import { errorOf } from '../helpers/errors.js';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

const maker = actor('regency_operator', '35.13', null, 'disnaker.probolinggo');
const jember = actor('regency_operator', '35.09', null, 'disnaker.jember');

describe('contribution tariffs from the dated reference data', () => {
  it('default package is Rp 16,800 a month; a year costs Rp 201,600 (PP 44/2015)', async () => {
    const tables = await loadTariffTables(t.db);
    const pkg = { declaredIncome: 1_000_000, includeJht: false };
    const m = monthlyContribution(tables, pkg, { sectorCode: 'food_farmer', fundingType: 'SG' }, '2025-06');
    expect(m.total).toBe(16_800);
    expect(m.lines.map((l) => [l.program, l.amount])).toEqual([
      ['JKK', 10_000],
      ['JKM', 6_800],
    ]);
    expect(m.lines[0]!.legalBasis).toMatch(/PP 44\/2015/);
    expect(periodContribution(tables, pkg, { sectorCode: 'food_farmer', fundingType: 'SG' }, '2025-01', '2025-12')).toBe(201_600);
    expect(monthlyContribution(tables, { ...pkg, includeJht: true }, { sectorCode: 'fisher', fundingType: 'SG' }, '2025-06').total).toBe(36_800);
  });

  it('PP 50/2025 halves JKK+JKM for transport from Jan 2026 and other sectors Apr–Dec 2026, never for APBD payers', async () => {
    const tables = await loadTariffTables(t.db);
    const pkg = { declaredIncome: 1_000_000, includeJht: false };
    const village = (sectorCode: string) => ({ sectorCode, fundingType: 'SD' as const });
    expect(monthlyContribution(tables, pkg, village('driver_ojek'), '2026-01').total).toBe(8_400);
    expect(monthlyContribution(tables, pkg, village('food_farmer'), '2026-03').total).toBe(16_800);
    expect(monthlyContribution(tables, pkg, village('food_farmer'), '2026-04').total).toBe(8_400);
    expect(monthlyContribution(tables, pkg, village('food_farmer'), '2026-04').lines[0]!.discountBasis).toMatch(/PP 50\/2025/);
    expect(monthlyContribution(tables, pkg, village('driver_ojek'), '2027-03').total).toBe(8_400);
    expect(monthlyContribution(tables, pkg, village('driver_ojek'), '2027-04').total).toBe(16_800);
    expect(monthlyContribution(tables, pkg, { sectorCode: 'driver_ojek', fundingType: 'SG' }, '2026-06').total).toBe(16_800);
    expect(periodContribution(tables, pkg, village('driver_ojek'), '2026-01', '2026-12')).toBe(100_800);
    expect(periodContribution(tables, pkg, village('food_farmer'), '2026-01', '2026-12')).toBe(126_000);
    // JHT is not discounted.
    expect(monthlyContribution(tables, { ...pkg, includeJht: true }, village('food_farmer'), '2026-05').total).toBe(28_400);
  });

  it('PP 49/2020 cut JKK and JKM to 1 % (JKM Rp 68) from Aug 2020 to Jan 2021', async () => {
    const tables = await loadTariffTables(t.db);
    const m = monthlyContribution(tables, { declaredIncome: 1_000_000, includeJht: false }, { sectorCode: 'fisher', fundingType: 'SG' }, '2020-09');
    expect(m.lines.map((l) => l.amount)).toEqual([100, 68]);
    expect(monthlyContribution(tables, { declaredIncome: 1_000_000, includeJht: false }, { sectorCode: 'fisher', fundingType: 'SG' }, '2021-02').total).toBe(
      16_800,
    );
  });

  it('a month before any rate is a bilingual validation error', async () => {
    const tables = await loadTariffTables(t.db);
    expect(() => monthlyContribution(tables, { declaredIncome: 1_000_000, includeJht: false }, { sectorCode: 'fisher', fundingType: 'SG' }, '2010-01')).toThrow(
      /No JKK rate/,
    );
  });
});

describe('Kabupaten Probolinggo 2025 (the issue example)', () => {
  let programId: number;
  let sourceId: number;
  beforeAll(async () => {
    const village = await villageIn(t.db, '35.13');
    await insertWorkers(t.db, { count: 25_000, villageCode: village, decile: 2 });
    const program = await createProgram(t.db, maker, { regionCode: '35.13', name: 'Perlindungan Pekerja Rentan' });
    programId = program.id;
    sourceId = (await createSource(t.db, maker, programId, { name: 'APBD Kabupaten', kind: 'APBD' })).id;
    await addBudget(t.db, maker, sourceId, { fiscalYear: 2025, amount: 3_628_800_000, reference: 'DPA Disnaker 2025' });
  });

  it('Rp 3,628,800,000 protects 18,000 workers for 12 months', async () => {
    const plan = await runPlan(t.db, maker, { programId, fiscalYear: 2025, monthFrom: '2025-01', monthTo: '2025-12' });
    expect(plan.status).toBe('draft');
    expect(plan.summary).toMatchObject({
      engine: 'flow',
      candidates: 25_000,
      eligible: 25_000,
      funded: 18_000,
      outOfBudget: 7_000,
      totalRupiah: 3_628_800_000,
    });
    expect(plan.summary.sources[0]).toMatchObject({ workers: 18_000, rupiah: 3_628_800_000, left: 0, costPerWorker: { min: 201_600, max: 201_600 } });
    const out = await listPlanCandidates(t.db, maker, plan.id, { outcome: 'out_of_budget', page: 1, pageSize: 5 });
    expect(out.total).toBe(7_000);
  });

  it('the revision target of 24,250 workers needs Rp 1,260,000,000 more for the same 12 months', async () => {
    const r = await budgetNeeded(t.db, maker, { programId, fiscalYear: 2025, monthFrom: '2025-01', monthTo: '2025-12', sourceId, targetWorkers: 24_250 });
    expect(r).toMatchObject({ currentWorkers: 18_000, reachable: true, extraRupiah: 1_260_000_000 });
    const w = await whatIf(t.db, maker, {
      programId,
      fiscalYear: 2025,
      monthFrom: '2025-01',
      monthTo: '2025-12',
      scenario: { budgetChanges: [{ sourceId, add: 1_260_000_000 }] },
    });
    expect(w.extraWorkers).toBe(6_250);
    expect(w.scenario.totalRupiah).toBe(4_888_800_000);
  });

  it('7 months of protection instead of 12 stretches the same money to every eligible worker', async () => {
    const w = await whatIf(t.db, maker, {
      programId,
      fiscalYear: 2025,
      monthFrom: '2025-01',
      monthTo: '2025-12',
      scenario: { monthFrom: '2025-06', monthTo: '2025-12' },
    });
    expect(w.base.protectedWorkers).toBe(18_000);
    expect(w.scenario).toMatchObject({ months: 7, protectedWorkers: 25_000, totalRupiah: 25_000 * 7 * 16_800 });
  });

  it('an unreachable target says how many can be reached at most', async () => {
    const r = await budgetNeeded(t.db, maker, { programId, fiscalYear: 2025, monthFrom: '2025-01', monthTo: '2025-12', sourceId, targetWorkers: 30_000 });
    expect(r).toMatchObject({ reachable: false, maxWorkers: 25_000, extraRupiah: null });
  });

  it('after the 18,000 plan is approved, a target still means total protected: baseline 18,000, 6,250 more need Rp 1,260,000,000 (issue 12.5)', async () => {
    const plan = await runPlan(t.db, maker, { programId, fiscalYear: 2025, monthFrom: '2025-01', monthTo: '2025-12' });
    await submitPlan(t.db, maker, plan.id);
    await reviewPlan(t.db, actor('regency_operator', '35.13', null, 'kabid.probolinggo'), plan.id, 'approve', 'Sesuai DPA', { confirmLosses: true });
    const r = await budgetNeeded(t.db, maker, { programId, fiscalYear: 2025, monthFrom: '2025-01', monthTo: '2025-12', sourceId, targetWorkers: 24_250 });
    expect(r).toMatchObject({
      targetWorkers: 24_250,
      currentWorkers: 18_000,
      reachable: true,
      maxWorkers: 25_000,
      extraRupiah: 1_260_000_000,
      baseline: { planId: plan.id, workers: 18_000, rupiah: 3_628_800_000 },
    });
    const w = await whatIf(t.db, maker, {
      programId,
      fiscalYear: 2025,
      monthFrom: '2025-01',
      monthTo: '2025-12',
      scenario: { budgetChanges: [{ sourceId, add: 1_260_000_000 }] },
    });
    expect(w.baseline).toEqual({ planId: plan.id, workers: 18_000, rupiah: 3_628_800_000 });
    expect(w.base).toMatchObject({ protectedWorkers: 18_000, totalRupiah: 3_628_800_000 });
    expect(w.scenario.protectedWorkers).toBe(24_250);
  });
});

describe('eligibility rules, budgets, maker–checker and double funding (Jember)', () => {
  let programId: number;
  let dbhchtId: number;
  let apbdId: number;
  let villageA: string;
  let villageB: string;
  beforeAll(async () => {
    villageA = await villageIn(t.db, '35.09.01', 0);
    villageB = await villageIn(t.db, '35.09.02', 0);
    // 10 tobacco labourers decile 1, 10 fishers decile 3, 5 traders decile 7, 3 too old, 2 wage earners, 4 in village B decile 2.
    await insertWorkers(t.db, { count: 10, villageCode: villageA, sector: 'tobacco_farm_labourer', decile: 1 });
    await insertWorkers(t.db, { count: 10, villageCode: villageA, sector: 'fisher', decile: 3 });
    await insertWorkers(t.db, { count: 5, villageCode: villageA, sector: 'itinerant_trader', decile: 7 });
    await insertWorkers(t.db, { count: 3, villageCode: villageA, sector: 'fisher', decile: 1, birthDate: '1950-01-01' });
    await insertWorkers(t.db, { count: 2, villageCode: villageA, sector: 'fisher', decile: 1, wageEarner: true });
    await insertWorkers(t.db, { count: 4, villageCode: villageB, sector: 'food_farmer', decile: 2 });
    const p = await createProgram(t.db, jember, { regionCode: '35.09', name: 'Lingkaran Cinta' });
    programId = p.id;
    dbhchtId = (
      await createSource(t.db, jember, programId, {
        name: 'DBHCHT',
        kind: 'DBHCHT',
        maxDecile: 4,
        sectors: [
          { sectorCode: 'tobacco_farm_labourer', tier: 1 },
          { sectorCode: 'fisher', tier: 2 },
        ],
      })
    ).id;
    apbdId = (await createSource(t.db, jember, programId, { name: 'APBD', kind: 'APBD', domicileCode: '35.09.01' })).id;
    await addBudget(t.db, jember, dbhchtId, { fiscalYear: 2025, amount: 12 * 117_600 });
    await addBudget(t.db, jember, apbdId, { fiscalYear: 2025, amount: 4 * 117_600 });
  });

  it('preview counts who each rule set admits and why the others are out', async () => {
    const pv = await previewPlan(t.db, jember, { programId, fiscalYear: 2025, monthFrom: '2025-06', monthTo: '2025-12' });
    expect(pv.candidates).toBe(34);
    const [dbhcht, apbd] = pv.perSource;
    expect(dbhcht).toMatchObject({ admitted: 20, failing: { sector: 9, decile: 5, age: 3, wage_earner: 2, domicile: 0, funded_elsewhere: 0 } });
    expect(apbd).toMatchObject({ admitted: 25, failing: { domicile: 4, age: 3, wage_earner: 2 } });
    expect(pv.eligibleAny).toBe(25);
    const byChecks = Object.fromEntries(pv.ineligibleByChecks.map((x) => [x.checks.join('+'), x.count]));
    expect(byChecks).toEqual({ age: 3, wage_earner: 2, 'sector+domicile': 4 });
  });

  it('the optimizer keeps the poorest: DBHCHT funds the tobacco labourers and fishers, APBD the rest it can', async () => {
    const plan = await runPlan(t.db, jember, { programId, fiscalYear: 2025, monthFrom: '2025-06', monthTo: '2025-12' });
    expect(plan.summary.funded).toBe(16);
    const funded = await listPlanCandidates(t.db, jember, plan.id, { outcome: 'funded', page: 1, pageSize: 100 });
    const deciles = funded.items.map((x) => x.welfareDecile).sort((a, b) => a! - b!);
    // 10 of decile 1 and 6 of decile 3: traders (decile 7) only if money were left.
    expect(deciles).toEqual([...Array(10).fill(1), ...Array(6).fill(3)]);
    expect(plan.summary.sources.map((s) => [s.workers, s.rupiah, s.left])).toEqual([
      [12, 12 * 117_600, 0],
      [4, 4 * 117_600, 0],
    ]);
  });

  it('a run keeps its funded workers as rows and the rest as counts, listed on demand by its rules (issue 15.4)', async () => {
    const plan = await runPlan(t.db, jember, { programId, fiscalYear: 2025, monthFrom: '2025-06', monthTo: '2025-12' });
    const stored = await t.db.query<{ outcome: string; n: number }>('SELECT outcome, count(*)::int AS n FROM plan_candidates WHERE plan_id = $1 GROUP BY 1', [
      plan.id,
    ]);
    expect(stored).toEqual([{ outcome: 'funded', n: 16 }]);
    expect(plan.summary).toMatchObject({ candidates: 34, eligible: 25, funded: 16, outOfBudget: 9, ineligible: 9 });
    // Within a group, the earliest registered are funded: the 6 fishers of decile 3 are the first 6 of 10.
    const fishers = await t.db.query<{ id: number }>(`SELECT id FROM workers WHERE sector_code = 'fisher' AND welfare_decile = 3 ORDER BY id`);
    const funded = await listPlanCandidates(t.db, jember, plan.id, { outcome: 'funded', page: 1, pageSize: 100 });
    expect(funded.items.filter((c) => c.welfareDecile === 3).map((c) => c.workerId)).toEqual(fishers.slice(0, 6).map((f) => f.id));
    const out = await listPlanCandidates(t.db, jember, plan.id, { outcome: 'out_of_budget', page: 1, pageSize: 100 });
    expect(out.total).toBe(9);
    expect(out.items.map((c) => c.workerId)).toEqual(expect.arrayContaining(fishers.slice(6).map((f) => f.id)));
    expect(out.items.map((c) => [c.sectorCode, c.sourceId, c.amount, c.failedChecks])).toEqual([
      ...Array(4).fill(['fisher', null, 0, []]),
      ...Array(5).fill(['itinerant_trader', null, 0, []]),
    ]);
    const ineligible = await listPlanCandidates(t.db, jember, plan.id, { outcome: 'ineligible', page: 1, pageSize: 100 });
    expect(ineligible.total).toBe(9);
    const byChecks: Record<string, number> = {};
    for (const c of ineligible.items) byChecks[c.failedChecks.join('+')] = (byChecks[c.failedChecks.join('+')] ?? 0) + 1;
    expect(byChecks).toEqual({ age: 3, wage_earner: 2, 'sector+domicile': 4 });
    // Every outcome in one list, oldest registration first, pages that add up.
    const all = [
      ...(await listPlanCandidates(t.db, jember, plan.id, { page: 1, pageSize: 20 })).items,
      ...(await listPlanCandidates(t.db, jember, plan.id, { page: 2, pageSize: 20 })).items,
    ];
    expect(all.map((c) => c.workerId)).toEqual(
      (await t.db.query<{ id: number }>(`SELECT id FROM workers WHERE village_code LIKE '35.09.%' ORDER BY id`)).map((w) => w.id),
    );
    const outcomes = (o: string) => all.filter((c) => c.outcome === o).length;
    expect([outcomes('funded'), outcomes('out_of_budget'), outcomes('ineligible')]).toEqual([16, 9, 9]);
    // A district's operator sees only their district's candidates, counted now: village B's 4 farmers.
    const district = actor('regency_operator', '35.09.02', null, 'kecamatan.kencong');
    const theirs = await listPlanCandidates(t.db, district, plan.id, { page: 1, pageSize: 100 });
    expect(theirs.total).toBe(4);
    expect(theirs.items.map((c) => [c.villageCode, c.outcome])).toEqual(Array(4).fill([villageB, 'ineligible']));
    expect((await listPlanCandidates(t.db, district, plan.id, { outcome: 'out_of_budget', page: 1, pageSize: 10 })).total).toBe(0);
  });

  it("a plan's candidates must name a plan that exists, and go with it when it is deleted (checked once per statement, 0032)", async () => {
    const plan = await runPlan(t.db, jember, { programId, fiscalYear: 2025, monthFrom: '2025-06', monthTo: '2025-12' });
    const [w] = await t.db.query<{ id: number }>('SELECT id FROM workers ORDER BY id LIMIT 1');
    const [{ n: missing }] = (await t.db.query<{ n: number }>('SELECT max(id)::int + 1000 AS n FROM plans')) as [{ n: number }];
    await expect(t.db.query(`INSERT INTO plan_candidates (plan_id, worker_id, outcome) VALUES ($1, $2, 'funded')`, [missing, w!.id])).rejects.toMatchObject({
      code: '23503',
    });
    await expect(t.db.query('UPDATE plan_candidates SET plan_id = $2 WHERE plan_id = $1', [plan.id, missing])).rejects.toMatchObject({ code: '23503' });
    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_candidates WHERE plan_id = $1', [plan.id]))[0]!.n;
    expect(await count()).toBe(16);
    await deletePlan(t.db, jember, plan.id);
    expect(await count()).toBe(0);
  });

  it('budget history keeps the original and the revision; a second original is refused', async () => {
    await addBudget(t.db, jember, apbdId, { fiscalYear: 2025, amount: 9 * 117_600, decidedOn: '2025-09-15', reference: 'Perda PAK 2025' });
    const again = await errorOf(addBudget(t.db, jember, apbdId, { fiscalYear: 2025, amount: 1, stage: 'original' }));
    expect(again.problems[0]).toMatchObject({ field: 'stage', code: 'exists' });
    const bad = await errorOf(addBudget(t.db, jember, apbdId, { fiscalYear: 2025, amount: 1.5 }));
    expect(bad.problems[0]).toMatchObject({ field: 'amount' });
    expect(bad.messageId).toMatch(/bilangan bulat/);
    const detail = await getProgram(t.db, jember, programId);
    expect(detail.budgets.filter((b) => b.sourceId === apbdId).map((b) => [b.seq, b.stage, b.amount])).toEqual([
      [1, 'original', 4 * 117_600],
      [2, 'revision', 9 * 117_600],
    ]);
  });

  it('maker–checker: the maker cannot approve; another operator can; the approval commits the budget', async () => {
    const plan = await runPlan(t.db, jember, { programId, fiscalYear: 2025, monthFrom: '2025-06', monthTo: '2025-12' });
    expect(plan.summary.funded).toBe(21);
    expect((await errorOf(reviewPlan(t.db, jember, plan.id, 'approve', ''))).code).toBe('conflict'); // not submitted yet
    await submitPlan(t.db, jember, plan.id);
    expect((await errorOf(reviewPlan(t.db, jember, plan.id, 'approve', 'ok'))).code).toBe('forbidden');
    const kabid = actor('regency_operator', '35.09', null, 'kabid.jember');
    const approved = await reviewPlan(t.db, kabid, plan.id, 'approve', 'Sesuai DPA');
    expect(approved).toMatchObject({ status: 'approved', reviewedBy: 'kabid.jember' });
    // Approved money is committed: the next run of the same year has only the rest.
    const next = await runPlan(t.db, jember, { programId, fiscalYear: 2025, monthFrom: '2025-06', monthTo: '2025-12' });
    expect(next.summary.sources.map((s) => s.available)).toEqual([0, 9 * 117_600 - 9 * 117_600]);
    expect(next.summary.funded).toBe(0);
    const fundedElsewhere = next.summary.ineligibleByChecks.filter((x) => x.checks.includes('funded_elsewhere')).reduce((s, x) => s + x.count, 0);
    expect(fundedElsewhere).toBe(21);
  });

  it('double funding: a second program that ignores other funding is reported with the Rupiah at stake and cannot be approved', async () => {
    const p2 = await createProgram(t.db, jember, { regionCode: '35.09', name: 'Donasi ASN' });
    const donor = await createSource(t.db, jember, p2.id, {
      name: 'Zakat ASN',
      kind: 'DONOR',
      excludeFundedElsewhere: false,
      sectors: [{ sectorCode: 'tobacco_farm_labourer', tier: 1 }],
    });
    await addBudget(t.db, jember, donor.id, { fiscalYear: 2025, amount: 10 * 16_800 * 3 });
    const plan = await runPlan(t.db, jember, { programId: p2.id, fiscalYear: 2025, monthFrom: '2025-10', monthTo: '2025-12' });
    expect(plan.summary.funded).toBe(10);
    await submitPlan(t.db, jember, plan.id);
    const report = await doubleFunding(t.db, jember, { fiscalYear: 2025 });
    expect(report.total).toBe(10);
    expect(report.items[0]).toMatchObject({ overlapMonths: 3, rupiahAtStake: 3 * 16_800 });
    expect(report.rupiahAtStake).toBe(10 * 3 * 16_800);
    // A province monitor sees the report with masked NIKs.
    const monitor = actor('province_admin', '35', null, 'provinsi.35');
    expect((await doubleFunding(t.db, monitor, { fiscalYear: 2025 })).items[0]!.nik).toMatch(/\*|•|x/i);
    const kabid = actor('regency_operator', '35.09', null, 'kabid.jember');
    const err = await errorOf(reviewPlan(t.db, kabid, plan.id, 'approve', ''));
    expect(err.code).toBe('conflict');
    expect(err.messageEn).toMatch(/10 workers are already funded/);
  });

  it('rule edits are optimistic and validated in both languages', async () => {
    const detail = await getProgram(t.db, jember, programId);
    const src = detail.sources.find((s) => s.id === apbdId)!;
    const bad = await errorOf(
      updateSource(t.db, jember, apbdId, src.version, { name: 'APBD', kind: 'APBD', minAge: 70, maxAge: 60, sectors: [{ sectorCode: 'astronaut', tier: 1 }] }),
    );
    expect(bad.problems.map((p) => p.field).sort()).toEqual(['maxAge', 'sectors[0].sectorCode']);
    await updateSource(t.db, jember, apbdId, src.version, { name: 'APBD', kind: 'APBD', maxDecile: 5 });
    expect((await errorOf(updateSource(t.db, jember, apbdId, src.version, { name: 'APBD', kind: 'APBD' }))).code).toBe('conflict');
  });

  it('another regency cannot see or change the program', async () => {
    expect((await errorOf(getProgram(t.db, maker, programId))).code).toBe('not_found');
    expect((await errorOf(addBudget(t.db, maker, apbdId, { fiscalYear: 2026, amount: 1 }))).code).toBe('not_found');
  });
});

describe('two checkers at the same time', () => {
  it('approving two plans that fund the same workers: exactly one wins, the other is told to re-run', async () => {
    const regency = actor('regency_operator', '35.10', null, 'disnaker.banyuwangi');
    const village = await villageIn(t.db, '35.10');
    await insertWorkers(t.db, { count: 40, villageCode: village, sector: 'fisher', decile: 2 });
    const plans: number[] = [];
    for (const name of ['Program A', 'Program B']) {
      const p = await createProgram(t.db, regency, { regionCode: '35.10', name });
      const s = await createSource(t.db, regency, p.id, { name: 'APBD', kind: 'APBD' });
      await addBudget(t.db, regency, s.id, { fiscalYear: 2025, amount: 40 * 201_600 });
      const plan = await runPlan(t.db, regency, { programId: p.id, fiscalYear: 2025, monthFrom: '2025-01', monthTo: '2025-12' });
      expect(plan.summary.funded).toBe(40);
      await submitPlan(t.db, regency, plan.id);
      plans.push(plan.id);
    }
    const results = await Promise.allSettled(plans.map((id, i) => reviewPlan(t.db, actor('regency_operator', '35.10', null, `kabid.${i}`), id, 'approve', '')));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as AppError).code).toBe('conflict');
  });
});
