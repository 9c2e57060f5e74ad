import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor, insertUser } from '../helpers/factories.js';
import { approvedPlan } from '../helpers/enrolment.js';
import { villageIn } from '../helpers/funding.js';
import { errorOf } from '../helpers/errors.js';
import { createRound, getRound, listItems, recordVerdict, signOff } from '../../src/modules/verification/verification.service.js';
import { remindVillages, runVerificationReminders } from '../../src/modules/verification/reminders.service.js';
import { todayJakarta } from '../../src/domain/calendar.js';
import { createProgram, createSource } from '../../src/modules/funding/funding.service.js';
import { previewPlan } from '../../src/modules/plans/plans.service.js';
import { home } from '../../src/modules/home/home.service.js';
import { dataQuality } from '../../src/modules/quality/quality.service.js';

/** A round over a plan's 20 funded workers in two villages, worked by each village's operator and signed off (issue 16.1). */
let t: TestDb;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
let villageA: string;
let villageB: string;
let opA: ReturnType<typeof actor>;
let opB: ReturnType<typeof actor>;
let roundId: number;
let workersA: number[];
let workersB: number[];

beforeAll(async () => {
  t = await openTestDb();
  const ids = await approvedPlan(t.db, disnaker, kabid, { tobacco: 20, drivers: 0, funded: 20 });
  villageA = ids.villageCode;
  villageB = await villageIn(t.db, '35.09.05', 1);
  await t.db.query(`UPDATE workers SET village_code = $2 WHERE id IN (SELECT worker_id FROM plan_candidates WHERE plan_id = $1 AND worker_id % 2 = 0)`, [
    ids.planId,
    villageB,
  ]);
  opA = actor('village_operator', villageA, null, 'desa.a');
  opB = actor('village_operator', villageB, null, 'desa.b');
  const round = await createRound(t.db, disnaker, { name: 'Verifikasi DBHCHT 2026', planId: ids.planId, dueOn: '2026-12-31' });
  roundId = round.id;
  const ids2 = (v: string) =>
    t.db.query<{ worker_id: number }>(`SELECT worker_id FROM verification_items WHERE round_id = $1 AND village_code = $2 ORDER BY worker_id`, [roundId, v]);
  workersA = (await ids2(villageA)).map((r) => r.worker_id);
  workersB = (await ids2(villageB)).map((r) => r.worker_id);
});
afterAll(() => t.cleanup());

describe('a verification round (issue 16.1)', () => {
  it('is opened over the plan’s funded workers and assigned to their two villages', async () => {
    const r = await getRound(t.db, disnaker, roundId);
    expect(r).toMatchObject({ status: 'open', origin: 'plan', total: 20, pending: 20, done: 0, dueOn: '2026-12-31' });
    expect(r.villages.map((v) => [v.villageCode, v.total, v.notStarted])).toEqual(
      [
        [villageA, 10, true],
        [villageB, 10, true],
      ].sort(),
    );
    // A village operator sees their own village only, its workers with full identifiers (they register people).
    const mine = await getRound(t.db, opA, roundId);
    expect(mine.villages.map((v) => v.villageCode)).toEqual([villageA]);
    const items = await listItems(t.db, opA, roundId, { page: 1, pageSize: 50 });
    expect(items.total).toBe(10);
    expect(items.items.every((i) => i.villageCode === villageA && /^\d{16}$/.test(i.nik))).toBe(true);
    // The reminder: the village operator's home page counts their workers still waiting, with the due date.
    expect((await home(t.db, opA)).verification).toEqual({ openRounds: 1, pending: 10, nearestDue: '2026-12-31', roundId });
  });

  it('reminds the villages that have not started: an e-mail to each operator with an address, recorded per village, at most every three days by the job', async () => {
    const a = await insertUser(t.db, 'desa.a', 'village_operator', villageA);
    await insertUser(t.db, 'desa.b', 'village_operator', villageB); // no e-mail address given
    await t.db.query(`UPDATE users SET email = 'operator.a@desa.id', full_name = 'Siti Operator' WHERE id = $1`, [a]);
    const r = await remindVillages(t.db, disnaker, roundId, 'https://jaring.jemberkab.go.id');
    expect(r).toEqual({ villages: 2, messages: 1, withoutEmail: [villageB] });
    const mail = await t.db.query<{ to_address: string; subject: string; body_text: string; purpose: string; region_code: string }>(
      `SELECT to_address, subject, body_text, purpose, region_code FROM mail_outbox`,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      to_address: 'operator.a@desa.id',
      subject: 'Pengingat verifikasi: Verifikasi DBHCHT 2026',
      purpose: 'verification.remind',
      region_code: villageA,
    });
    expect(mail[0]!.body_text).toContain('Yth. Siti Operator,');
    expect(mail[0]!.body_text).toContain('belum mulai memverifikasi 10 pekerja dalam putaran "Verifikasi DBHCHT 2026", dengan tenggat 31 Desember 2026.');
    expect(mail[0]!.body_text).toContain(`https://jaring.jemberkab.go.id/verification/${roundId}`);
    expect((await getRound(t.db, disnaker, roundId)).villages.every((v) => v.remindedAt !== null)).toBe(true);
    // The daily job leaves villages reminded in the last three days alone.
    expect(await runVerificationReminders(t.db, 'https://x')).toEqual({ villages: 0, messages: 0, withoutEmail: [] });
    // Disnaker's button pressed while the daily job runs: each village is reminded once, by one of them.
    await t.db.query('DELETE FROM verification_reminders WHERE round_id = $1', [roundId]);
    await t.db.query('DELETE FROM mail_outbox');
    const [button, job] = await Promise.all([remindVillages(t.db, disnaker, roundId, 'https://x'), runVerificationReminders(t.db, 'https://x')]);
    expect(button.villages + job.villages).toBe(2);
    expect((await t.db.query('SELECT 1 FROM mail_outbox')).length).toBe(1);
    expect((await t.db.query('SELECT village_code FROM verification_reminders WHERE round_id = $1', [roundId])).length).toBe(2);
    // Pressed again within the hour: nobody is reminded twice.
    expect((await remindVillages(t.db, disnaker, roundId, 'https://x')).villages).toBe(0);
    expect((await errorOf(remindVillages(t.db, opA, roundId, 'https://x'))).code).toBe('forbidden');
    expect((await errorOf(remindVillages(t.db, actor('regency_operator', '35.11', null, 'bondowoso'), roundId, 'https://x'))).code).toBe('not_found');
  });

  it('each village confirms, corrects or rejects its own workers, with bilingual messages for bad input', async () => {
    const [first, second, ...rest] = workersA;
    const corrected = await recordVerdict(t.db, opA, roundId, { workerId: first!, verdict: 'corrected', sectorCode: 'food_farmer', phone: '0812-3456-7890' });
    expect(corrected).toMatchObject({ verdict: 'corrected', newSector: 'food_farmer', newPhone: '+6281234567890', verifiedBy: 'desa.a' });
    for (const w of [second!, ...rest]) await recordVerdict(t.db, opA, roundId, { workerId: w, verdict: 'confirmed' });
    // Village A cannot touch village B's worker.
    expect((await errorOf(recordVerdict(t.db, opA, roundId, { workerId: workersB[0]!, verdict: 'confirmed' }))).code).toBe('not_found');
    const noReason = await errorOf(recordVerdict(t.db, opB, roundId, { workerId: workersB[0]!, verdict: 'rejected' }));
    expect(noReason.problems[0]).toMatchObject({ field: 'reason', code: 'required' });
    expect([noReason.messageId, noReason.messageEn]).toEqual([expect.stringMatching(/Pilih alasan penolakan/), expect.stringMatching(/Choose why/)]);
    const badPhone = await errorOf(recordVerdict(t.db, opB, roundId, { workerId: workersB[0]!, verdict: 'corrected', phone: '12ab' }));
    expect(badPhone.problems.map((p) => p.field)).toEqual(['phone', 'sectorCode']);
    await recordVerdict(t.db, opB, roundId, { workerId: workersB[0]!, verdict: 'rejected', reason: 'died', note: 'Meninggal Oktober 2026' });
    for (const w of workersB.slice(1, 5)) await recordVerdict(t.db, opB, roundId, { workerId: w, verdict: 'confirmed' });
    // Both villages have started now: nobody left to remind.
    expect((await remindVillages(t.db, disnaker, roundId, 'https://x')).villages).toBe(0);
    const r = await getRound(t.db, kabid, roundId);
    expect(r.villages.map((v) => [v.confirmed, v.corrected, v.rejected, v.pending])).toEqual([
      [9, 1, 0, 0],
      [4, 0, 1, 5],
    ]);
  });

  it('is signed off by a checker who did not open it, only when every worker has a verdict; then the registry changes', async () => {
    expect((await errorOf(signOff(t.db, disnaker, roundId))).code).toBe('forbidden');
    const early = await errorOf(signOff(t.db, kabid, roundId));
    expect(early.code).toBe('conflict');
    expect(early.messageEn).toBe('5 workers are not verified by their village yet');
    // Nothing reached the registry before the sign-off.
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workers WHERE verified_on IS NOT NULL`))[0]!.n).toBe(0);
    for (const w of workersB.slice(5)) await recordVerdict(t.db, opB, roundId, { workerId: w, verdict: 'confirmed' });
    const done = await signOff(t.db, kabid, roundId, 'Sesuai hasil lapangan');
    expect(done).toMatchObject({ status: 'signed_off', signedOffBy: 'kabid', pending: 0, done: 20 });
    const w = await t.db.query<{ id: number; sector_code: string; phone: string | null; verified_on: string | null }>(
      `SELECT id, sector_code, phone, verified_on::text FROM workers WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [[workersA[0], workersA[1], workersB[0]]],
    );
    const byId = Object.fromEntries(w.map((x) => [x.id, x]));
    expect(byId[workersA[0]!]).toMatchObject({ sector_code: 'food_farmer', phone: '+6281234567890', verified_on: todayJakarta() });
    expect(byId[workersA[1]!]).toMatchObject({ sector_code: 'tobacco_farm_labourer', verified_on: todayJakarta() });
    expect(byId[workersB[0]!]!.verified_on).toBeNull(); // rejected: died
    // The rejection reaches the registry: no source funds the worker again; their paid protection runs to its end (the alert).
    const [rejected] = await t.db.query<{ rejected_on: string; rejected_reason: string }>(
      `SELECT rejected_on::text, rejected_reason FROM workers WHERE id = $1`,
      [workersB[0]],
    );
    expect(rejected).toEqual({ rejected_on: todayJakarta(), rejected_reason: 'died' });
    expect(done.rejectedStillFunded).toBe(todayJakarta() <= '2026-12-31' ? 1 : 0);
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workers WHERE verified_on IS NOT NULL`))[0]!.n).toBe(19);
    const audit = await t.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'verification.%' OR (action = 'worker.update' AND after ? 'verificationRound') GROUP BY 1 ORDER BY 1`,
    );
    expect(audit).toEqual([
      { action: 'verification.open', n: 1 },
      // The first press, then whichever of the button and the job reminded (the other reminded nobody: no entry).
      { action: 'verification.remind', n: 2 },
      { action: 'verification.sign_off', n: 1 },
      { action: 'verification.verdict', n: 20 },
      { action: 'worker.update', n: 1 },
    ]);
    expect((await errorOf(recordVerdict(t.db, opA, roundId, { workerId: workersA[1]!, verdict: 'confirmed' }))).code).toBe('conflict');
    const rejectedAudit = await t.db.query<{ entity_id: string; after: Record<string, unknown> }>(
      `SELECT entity_id, after FROM audit_log WHERE action = 'worker.verification_rejected'`,
    );
    expect(rejectedAudit).toEqual([
      { entity_id: String(workersB[0]), after: { rejectedOn: todayJakarta(), rejectedReason: 'died', isWageEarner: false, verificationRound: roundId } },
    ]);
  });

  it('data quality per village shows the share verified, missing phones and the last verification (issue 16.5)', async () => {
    const q = await dataQuality(t.db, disnaker, { region: '35.09.05' });
    expect(q.rows.map((r) => [r.code, r.workers, r.verifiedPct, r.verifiedRecentPct, r.noPhone, r.noDecile, r.duplicates, r.daysSinceVerified])).toEqual([
      [villageA, 10, 100, 100, 9, 0, 0, 0],
      [villageB, 10, 90, 90, 10, 0, 0, 0],
    ]);
    expect(q.total).toMatchObject({ workers: 20, verifiedPct: 95, noPhone: 19 });
    expect((await dataQuality(t.db, disnaker, {})).rows.map((r) => [r.code, r.workers])).toEqual([['35.09.05', 20]]);
    // A village operator sees their own village only, as a row of its district.
    expect((await dataQuality(t.db, opB, {})).rows.map((r) => r.code)).toEqual([villageB]);
    expect((await errorOf(dataQuality(t.db, disnaker, { region: villageA }))).problems[0]).toMatchObject({ field: 'region' });
    expect((await errorOf(dataQuality(t.db, disnaker, { region: '35.11' }))).code).toBe('not_found');
  });

  it('a source can require verification within N months: the signed-off workers pass, the rejected one and stale ones do not', async () => {
    const program = await createProgram(t.db, disnaker, { regionCode: '35.09', name: 'Hanya terverifikasi' });
    const source = await createSource(t.db, disnaker, program.id, { name: 'APBD terverifikasi', kind: 'APBD', verifiedWithinMonths: 6 });
    expect(source.verifiedWithinMonths).toBe(6);
    const soon = await previewPlan(t.db, disnaker, { programId: program.id, fiscalYear: 2027, monthFrom: '2027-01', monthTo: '2027-12' });
    expect(soon.candidates).toBe(20);
    expect(soon.perSource[0]).toMatchObject({ admitted: 19, failing: { unverified: 1 } });
    // Two years on, today's verification is too old.
    const later = await previewPlan(t.db, disnaker, { programId: program.id, fiscalYear: 2028, monthFrom: '2028-01', monthTo: '2028-12' });
    expect(later.perSource[0]).toMatchObject({ admitted: 0, failing: { unverified: 20 } });
    expect(later.ineligibleByChecks).toEqual([
      { checks: ['unverified'], count: 19 },
      { checks: ['unverified', 'rejected'], count: 1 },
    ]);
    // A source that does not ask for verification still refuses the worker their village rejected.
    const any = await createProgram(t.db, disnaker, { regionCode: '35.09', name: 'Tanpa syarat verifikasi' });
    await createSource(t.db, disnaker, any.id, { name: 'APBD umum', kind: 'APBD' });
    const open = await previewPlan(t.db, disnaker, { programId: any.id, fiscalYear: 2027, monthFrom: '2027-01', monthTo: '2027-12' });
    expect(open.perSource[0]).toMatchObject({ admitted: 19, failing: { rejected: 1, unverified: 0 } });
    const bad = await errorOf(createSource(t.db, disnaker, program.id, { name: 'X', kind: 'APBD', verifiedWithinMonths: 0 }));
    expect(bad.problems[0]).toMatchObject({ field: 'verifiedWithinMonths', code: 'range' });
  });

  it('opens a round from a filter of the registry; an empty list or another regency is refused', async () => {
    const r = await createRound(t.db, disnaker, { name: 'Petani tembakau desa A', regions: [villageA], sector: 'food_farmer' });
    expect(r).toMatchObject({ origin: 'filter', total: 1 });
    const empty = await errorOf(createRound(t.db, disnaker, { name: 'Kosong', regions: [villageA], sector: 'fisher' }));
    expect(empty.problems[0]).toMatchObject({ field: 'regions', code: 'empty' });
    const away = await errorOf(createRound(t.db, disnaker, { name: 'Luar', regions: ['35.11'] }));
    expect(away.problems[0]).toMatchObject({ field: 'regions[0]', code: 'scope' });
    const admin = actor('super_admin', null, null, 'admin');
    const junk = await errorOf(createRound(t.db, admin, { name: 'Sampah', regions: ['abc', '35.09.05\u0000'] }));
    expect(junk.problems.map((p) => p.field)).toEqual(['regions[0]', 'regions[1]']);
    expect((await errorOf(createRound(t.db, opA, { name: 'Desa', regions: [villageA] }))).code).toBe('forbidden');
  });

  it('the DBHCHT secretariat signs a later round off (it cannot verify); a confirmation there lifts the earlier rejection', async () => {
    const sekretariat = actor('dbhcht_secretariat', '35.09', null, 'sekretariat.dbhcht');
    const again = await createRound(t.db, disnaker, { name: 'Verifikasi ulang desa B', regions: [villageB] });
    expect(again.total).toBe(10);
    expect((await errorOf(recordVerdict(t.db, sekretariat, again.id, { workerId: workersB[0]!, verdict: 'confirmed' }))).code).toBe('forbidden');
    for (const w of workersB)
      await recordVerdict(t.db, opB, again.id, { workerId: w, verdict: 'confirmed', note: w === workersB[0] ? 'Salah lapor: masih hidup' : '' });
    // The secretariat reads the round with masked identifiers (it does not register people).
    const seen = await listItems(t.db, sekretariat, again.id, { page: 1, pageSize: 1 });
    expect(seen.items[0]!.nik).not.toMatch(/^\d{16}$/);
    const done = await signOff(t.db, sekretariat, again.id);
    expect(done).toMatchObject({ status: 'signed_off', signedOffBy: 'sekretariat.dbhcht', rejectedStillFunded: 0 });
    const [w] = await t.db.query<{ rejected_on: string | null; verified_on: string }>(
      `SELECT rejected_on::text, verified_on::text FROM workers WHERE id = $1`,
      [workersB[0]],
    );
    expect(w).toEqual({ rejected_on: null, verified_on: todayJakarta() });
  });
});
