import { flushStatusLog } from '../../src/modules/coverage/status-log.js';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { answerRows, approvedPlan } from '../helpers/enrolment.js';
import { errorOf } from '../helpers/errors.js';
import { dashboard, importInputs, refreshSubsidised, saveInputs, setTarget } from '../../src/modules/coverage/coverage.service.js';
import { publicCoverage, publicStatus } from '../../src/modules/coverage/public.service.js';
import { applyAnswer, createBatch, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { listInvoices, recordPayment, runBilling } from '../../src/modules/billing/billing.service.js';
import { recordingDb } from '../helpers/recording-db.js';

let t: TestDb;
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/coverage/${name}`, import.meta.url));
const admin = actor('super_admin', null, null, 'admin');
const jambi = actor('province_admin', '15', null, 'provinsi.15');
const jember = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');

beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

describe('coverage inputs', () => {
  it('imports numerators and denominators with their sources, and flags a published percentage that does not add up', async () => {
    const r = await importInputs(t.db, admin, { path: fixture('ucj-2024.csv'), format: 'csv', name: 'ucj-2024.csv' });
    expect(r).toEqual({ saved: 13, flagged: 1 });
    await importInputs(t.db, admin, { path: fixture('ucj-2023.csv'), format: 'csv', name: 'ucj-2023.csv' });
    const stored = await t.db.query<{ active_total: number; active_pu: number }>(
      `SELECT active_total, active_pu FROM coverage_inputs WHERE region_code = '15' AND as_of = '2023-12-31'`,
    );
    expect(stored[0]).toEqual({ active_total: 498_000, active_pu: 380_000 }); // the segments' sum becomes the total
    const bali = await dashboard(t.db, admin, { regionCode: '51', asOf: '2025-03-31' });
    expect(bali.region).toMatchObject({ pct: 49.9, reportedPct: 50.88, flagged: true, potentialSource: 'BPS penduduk bekerja' });
  });

  it('refuses a bad row naming it, a region outside the scope, and a total that is not the sum of its segments', async () => {
    const bad = await errorOf(
      saveInputs(t.db, jambi, [
        { regionCode: '15.04', asOf: '2024-13-01', potential: 10, activeTotal: 5, potentialSource: 'BPS', participantsSource: 'BPJS' },
        { regionCode: '15.04', asOf: '2024-12-01', potential: 10, activeTotal: 11, potentialSource: '', participantsSource: 'BPJS' },
      ]),
    );
    expect(bad.problems.map((p) => [p.field, p.en])).toEqual([
      ['asOf', 'row 2: the data date must look like YYYY-MM-DD'],
      ['activeTotal', 'row 3: active participants exceed the potential participants'],
      ['potentialSource', 'row 3: the denominator needs its source (e.g. BPS/Bappenas)'],
    ]);
    expect(bad.problems[0]!.id).toBe('baris 2: tanggal data harus TTTT-BB-HH');
    const seg = await errorOf(
      saveInputs(t.db, jambi, [
        {
          regionCode: '15.04',
          asOf: '2024-12-01',
          potential: 100,
          activePu: 5,
          activeBpu: 5,
          activeTotal: 11,
          potentialSource: 'BPS',
          participantsSource: 'BPJS',
        },
      ]),
    );
    expect(seg.problems[0]!.en).toBe('segments add up to 10, not the total 11');
    expect(
      (
        await errorOf(
          saveInputs(t.db, jambi, [
            { regionCode: '35.09', asOf: '2024-12-01', potential: 100, activeTotal: 5, potentialSource: 'BPS', participantsSource: 'BPJS' },
          ]),
        )
      ).code,
    ).toBe('forbidden');
    expect((await errorOf(saveInputs(t.db, actor('auditor', '15', null, 'aud'), []))).code).toBe('forbidden');
  });
});

describe('Jambi province, 12 August 2024 (the issue example)', () => {
  beforeAll(async () => {
    await setTarget(t.db, jambi, { regionCode: '15', year: 2024, value: 55, source: 'BPJS Ketenagakerjaan Kanwil Jambi (target 55 %)' });
  });

  it('39.52 %; Batang Hari first with 50.71 %, Tanjung Jabung Timur last with 26.66 %; 203,172 more to reach 55 %, at Rp 16,800 a month', async () => {
    const d = await dashboard(t.db, jambi, { regionCode: '15', asOf: '2024-08-12' });
    expect(d.region).toMatchObject({ active: 518_632, potential: 1_312_370, pct: 39.52, reportedPct: 39.52, flagged: false });
    expect(d.region.target).toEqual({
      year: 2024,
      value: 55,
      source: 'BPJS Ketenagakerjaan Kanwil Jambi (target 55 %)',
      gapPeople: 203_172,
      gapRupiahPerYear: 203_172 * 16_800 * 12,
    });
    expect(d.region.target!.gapRupiahPerYear).toBe(40_959_475_200);
    expect(d.tariff.monthly).toBe(16_800);
    const ranking = d.rankings.coverage;
    expect(ranking).toHaveLength(11);
    expect(ranking[0]).toMatchObject({ rank: 1, code: '15.04', pct: 50.71, basis: '50.71 % = 49,803 / 98,206' });
    expect(ranking[10]).toMatchObject({ rank: 11, code: '15.07', pct: 26.66 });
    expect(d.children.find((c) => c.code === '15.71')).toMatchObject({ pct: 48.64, rankCoverage: 2 });
    expect(d.children.find((c) => c.code === '15.09')).toMatchObject({ pct: 31.49 });
    // The regencies add up to the province: the figures are consistent.
    expect(d.children.reduce((a, c) => a + (c.active ?? 0), 0)).toBe(518_632);
    expect(d.children.reduce((a, c) => a + (c.potential ?? 0), 0)).toBe(1_312_370);
    // Change over time and the growth ranking use the earlier figure of each regency.
    expect(d.region).toMatchObject({ previous: { asOf: '2023-12-31', pct: 38.31 }, changePoints: 1.21 });
    expect(d.rankings.growth[0]).toMatchObject({ code: '15.04', basis: '+5.81 points (44.90 % → 50.71 %)' });
    expect(d.series.map((s) => [s.asOf, s.pct])).toEqual([
      ['2023-12-31', 38.31],
      ['2024-08-12', 39.52],
    ]);
  });

  it('is scoped: another province cannot read Jambi; the country lists provinces', async () => {
    expect((await errorOf(dashboard(t.db, jember, { regionCode: '15', asOf: '2024-08-12' }))).code).toBe('not_found');
    const national = await dashboard(t.db, admin, { asOf: '2025-06-30' });
    expect(national.region).toMatchObject({ name: 'Indonesia', active: 518_632 + 935_079, potential: 1_312_370 + 1_873_899 });
    expect(national.rankings.coverage.map((r) => r.code)).toEqual(['51', '15']);
    expect(national.children).toHaveLength(38);
  });
});

describe('Jaring’s own subsidised participants, from paid months', () => {
  it('are counted per village, district, regency and province, by funding type, and drill down', async () => {
    const ids = await approvedPlan(t.db, jember, kabid);
    const b = await createBatch(t.db, jember, ids.planId);
    const parsed = parseAnswer(await answerRows(t.db, b.id));
    await applyAnswer(t.db, jember, b.id, parsed.rows);
    await runBilling(t.db, jember, { programId: ids.programId, month: '2026-07' });
    const dbhcht = (await listInvoices(t.db, jember)).find((i) => i.sourceName === 'DBHCHT')!;
    await recordPayment(t.db, jember, dbhcht.id, { paidOn: '2026-07-05', reference: 'SP2D-1', amount: dbhcht.total });
    const r = await refreshSubsidised(t.db, jember);
    expect(r.rows).toBe(16); // one village, its district, regency and province × July paid and August–October in the arrears window
    await saveInputs(t.db, admin, [
      {
        regionCode: '35.09',
        asOf: '2026-07-31',
        potential: 1_000_000,
        activeTotal: 400_000,
        potentialSource: 'BPS (ilustrasi)',
        participantsSource: 'BPJS (ilustrasi)',
      },
    ]);
    const d = await dashboard(t.db, jember, { regionCode: '35.09', asOf: '2026-07-31' });
    expect(d.region).toMatchObject({ subsidised: 20, subsidisedPaid: 20, subsidisedShare: 0.01 });
    expect(d.bySource).toEqual([{ fundingType: 'SG', participants: 20, paid: 20, rupiah: 336_000 }]);
    expect(d.bySector).toEqual([{ sectorCode: 'tobacco_farm_labourer', participants: 20, paid: 20, rupiah: 336_000 }]);
    expect(d.subsidisedRule).toEqual({ month: '2026-07', arrearsMonths: 3, legalBasis: 'Perdir BPJS Ketenagakerjaan 22/PERDIR.02/072022' });
    const district = d.children.find((c) => c.code === ids.villageCode.slice(0, 8))!;
    expect(district.subsidised).toBe(20);
    const village = await dashboard(t.db, jember, { regionCode: ids.villageCode.slice(0, 8), asOf: '2026-07-31' });
    expect(village.children.find((c) => c.code === ids.villageCode)!.subsidised).toBe(20);
    expect(village.breadcrumb.map((c) => c.code)).toEqual(['35', '35.09', ids.villageCode.slice(0, 8)]);
  });

  it('counts participants as BPJS reports them: active through the 3-month arrears window, not only the months already paid (issue 12.4)', async () => {
    // Paid for July 2026 only. BPJS keeps them active while arrears can still be paid: August, September, October.
    const at = async (asOf: string) => (await dashboard(t.db, jember, { regionCode: '35.09', asOf })).region;
    expect(await at('2026-06-30')).toMatchObject({ subsidised: 0, subsidisedPaid: 0 });
    expect(await at('2026-08-03')).toMatchObject({ subsidised: 20, subsidisedPaid: 0 });
    expect(await at('2026-10-31')).toMatchObject({ subsidised: 20, subsidisedPaid: 0 });
    expect(await at('2026-11-01')).toMatchObject({ subsidised: 0, subsidisedPaid: 0 });
    const october = await dashboard(t.db, jember, { regionCode: '35.09', asOf: '2026-10-15' });
    expect(october.bySource).toEqual([{ fundingType: 'SG', participants: 20, paid: 0, rupiah: 0 }]);
    const national = await dashboard(t.db, admin, { asOf: '2026-09-01' });
    expect(national.region).toMatchObject({ subsidised: 20, subsidisedPaid: 0 });
    // A participant whose membership ended (died in August) is not counted from the month after.
    const [one] = await t.db.query<{ id: number }>(`SELECT p.id FROM participants p JOIN invoice_lines l ON l.participant_id = p.id AND l.paid LIMIT 1`);
    await t.db.query(`UPDATE participants SET status = 'ended', status_since = '2026-08-20', end_reason = 'died' WHERE id = $1`, [one!.id]);
    await refreshSubsidised(t.db, jember);
    expect(await at('2026-08-31')).toMatchObject({ subsidised: 20 });
    expect(await at('2026-09-01')).toMatchObject({ subsidised: 19 });
    await t.db.query(`UPDATE participants SET status = 'active', status_since = '2026-07-01', end_reason = NULL WHERE id = $1`, [one!.id]);
    await refreshSubsidised(t.db, jember);
  });
});

describe('public page', () => {
  it('shows aggregates without personal data, small counts suppressed', async () => {
    const p = await publicCoverage(t.db, { regionCode: '35.09', asOf: '2026-07-31' });
    expect(p.region).toMatchObject({ pct: 40, subsidised: 20 });
    const villageLevel = await publicCoverage(t.db, { regionCode: '35.09.05', asOf: '2026-07-31' });
    expect(villageLevel.children.filter((c) => c.subsidised !== '<10').map((c) => c.subsidised)).toEqual([20]);
    expect(JSON.stringify(p)).not.toMatch(/\d{16}/);
    // Every figure carries its source (the demo's illustrative figures say so), and the target its year and source.
    expect(p.region).toMatchObject({ potentialSource: 'BPS (ilustrasi)', participantsSource: 'BPJS (ilustrasi)' });
  });

  it('has no national headline made of a few provinces (12.9)', async () => {
    const country = await publicCoverage(t.db, { asOf: '2026-07-31' });
    expect(country.children).toHaveLength(38);
    expect(country.withData).toBe(country.children.filter((c) => c.pct !== null).length);
    expect(country.withData).toBeLessThan(38);
    expect(country.region).toMatchObject({ name: 'Indonesia', pct: null });
    expect(country.region.potentialSource).toBe(`${country.withData} dari 38 provinsi / of 38 provinces`);
  });

  it('answers a worker with NIK and KPJ (not derivable from the NIK), the same for an unknown NIK, a wrong KPJ and a worker not enrolled, and never locks the owner out', async () => {
    const w = (
      await t.db.query<{ nik: string; birth_date: string; kpj: string }>(
        `SELECT w.nik, w.birth_date, p.kpj FROM participants p JOIN workers w ON w.id = p.worker_id JOIN invoice_lines l ON l.participant_id = p.id AND l.paid LIMIT 1`,
      )
    )[0]!;
    const ok = await publicStatus(t.db, { nik: w.nik, kpj: w.kpj });
    // Paid for July 2026 only; today (after October) the arrears limit has passed.
    expect(ok).toMatchObject({ found: true, state: 'none', paidBy: null, protectedUntil: '2026-07-31', reactivationDeadline: '2026-10-31' });
    const wrongKpj = await publicStatus(t.db, { nik: w.nik, kpj: '12345678901' });
    const unknown = await publicStatus(t.db, { nik: '3509170101900009', kpj: '12345678901' });
    const notEnrolled = (
      await t.db.query<{ nik: string }>(`SELECT nik FROM workers w WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.worker_id = w.id) LIMIT 1`)
    )[0]!;
    expect(wrongKpj).toEqual(unknown);
    expect(await publicStatus(t.db, { nik: notEnrolled.nik, kpj: '12345678901' })).toEqual(unknown);
    expect(wrongKpj).toMatchObject({ found: false });
    expect((wrongKpj as { message: { id: string } }).message.id).toContain('kantor desa');
    // The birth date (digits 7–12 of the NIK) is no longer a key: it is refused as a KPJ.
    const byBirth = await errorOf(publicStatus(t.db, { nik: w.nik, kpj: w.birth_date }));
    expect(byBirth.problems.map((p) => p.field)).toEqual(['kpj']);
    for (let i = 0; i < 6; i++) await publicStatus(t.db, { nik: w.nik, kpj: `1234567890${i}` });
    // Six failures on this NIK within the hour: the owner with the card is still answered.
    expect(await publicStatus(t.db, { nik: w.nik, kpj: w.kpj })).toEqual(ok);
    // The check writes nothing in the request: its records are written in batches by the status log.
    await flushStatusLog(t.db);
    const [checks] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'public.status_check'`);
    expect(checks!.n).toBe(2);
    const [guessing] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'public.status_guessing'`);
    expect(guessing!.n).toBe(1);
    // Attempts are stored under a keyed hash: hashing the NIK without the install's secret finds nothing.
    const { createHash } = await import('node:crypto');
    const plainHash = createHash('sha256').update(`jaring-public:${w.nik}`).digest('hex');
    const [found] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM public_status_attempts WHERE nik_hash IN ($1, $2)`, [
      plainHash,
      createHash('sha256').update(w.nik).digest('hex'),
    ]);
    expect(found!.n).toBe(0);
    const bad = await errorOf(publicStatus(t.db, { nik: '123', kpj: 'kemarin' }));
    expect(bad.problems.map((p) => p.field)).toEqual(['nik', 'kpj']);
  });

  it('checks that arrive together share one read, and each gets its own answer (issue 15.5)', async () => {
    const enrolled = await t.db.query<{ nik: string; kpj: string }>(
      `SELECT w.nik, p.kpj FROM participants p JOIN workers w ON w.id = p.worker_id ORDER BY p.id LIMIT 6`,
    );
    expect(enrolled).toHaveLength(6);
    const alone = await Promise.all(enrolled.map((e) => publicStatus(t.db, e)));
    // The same checks sent at once, plus a wrong KPJ and an unknown NIK, through a database that counts reads.
    const { db: counting, sent } = recordingDb(t.db);
    // One failed check first, so the install's secret (read once per database) is known before the rest arrive.
    await publicStatus(counting, { nik: '3509170101900009', kpj: '12345678901' });
    sent.length = 0;
    const together = await Promise.all([
      ...enrolled.map((e) => publicStatus(counting, e)),
      publicStatus(counting, { nik: enrolled[0]!.nik, kpj: '12345678901' }),
      publicStatus(counting, { nik: '3509170101900009', kpj: '12345678901' }),
    ]);
    expect(together.slice(0, 6)).toEqual(alone);
    expect(together.slice(6).map((x) => x.found)).toEqual([false, false]);
    const reads = sent.filter((q) => q.sql.includes('participants p ON p.worker_id = w.id'));
    expect(reads).toHaveLength(1);
    expect(sent.filter((q) => q.sql.includes('FROM public_status_attempts'))).toHaveLength(1);
    await flushStatusLog(counting);
  });
});
