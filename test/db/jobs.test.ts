import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { answerRows, approvedPlan } from '../helpers/enrolment.js';
import { errorOf } from '../helpers/errors.js';
import { dashboard, refreshSubsidised, saveInputs } from '../../src/modules/coverage/coverage.service.js';
import { applyAnswer, createBatch, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { listInvoices, recordPayment, requestBillingRun } from '../../src/modules/billing/billing.service.js';
import { endParticipant } from '../../src/modules/enrolment/participants.service.js';
import { JobRunner } from '../../src/modules/jobs/runner.js';
import { listJobs, retryJob, submitJob } from '../../src/modules/jobs/jobs.service.js';
import { recoverStale } from '../../src/modules/jobs/jobs.repository.js';
import { nextRun } from '../../src/domain/schedule.js';

/**
 * Background jobs on the database itself, the same on PGlite and on the PostgreSQL server: the
 * dashboard follows a payment within one job cycle, lapse detection runs by its schedule, several
 * runners never take a job twice, a killed instance's job is retried or failed, refusals are not retried.
 */
let t: TestDb;
const admin = actor('super_admin', null, null, 'admin');
const jember = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
const cilacap = actor('regency_operator', '33.01', null, 'op.cilacap');
const config = { rejectedRowsDays: 30, unstartedUploadHours: 24, smtpUrl: null, mailFrom: 'Jaring <jaring@localhost>', publicUrl: 'http://localhost:3000' };
const runner = (schedules = false) => new JobRunner({ db: t.db, config }, { pollMs: 60_000, concurrency: 2, schedules, staleSeconds: 120 });
/** One job cycle of one instance: everything due runs, then the runner stops (no stray turns between tests). */
const cycle = async (schedules = false) => {
  const r = runner(schedules);
  await r.drain();
  await r.stop();
};
let ids: Awaited<ReturnType<typeof approvedPlan>>;

beforeAll(async () => {
  t = await openTestDb();
  ids = await approvedPlan(t.db, jember, kabid);
  const b = await createBatch(t.db, jember, ids.planId);
  await applyAnswer(t.db, jember, b.id, parseAnswer(await answerRows(t.db, b.id)).rows);
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
});
afterAll(() => t.cleanup());

const subsidised = async () => (await dashboard(t.db, jember, { regionCode: '35.09', asOf: '2026-07-31' })).region.subsidised;

describe('jobs', () => {
  it('runs a billing run as a job: the result comes back to the caller, and a second run bills nothing', async () => {
    const r = await requestBillingRun(t.db, runner(), jember, { programId: ids.programId, month: '2026-07' });
    expect('done' in r && r.done.created.map((i) => [i.sourceName, i.lines, i.total])).toEqual([
      ['DBHCHT', 20, 336_000],
      ['CSR Ojek', 30, 252_000], // quarterly: July–September, at the PP 50/2025 reduced rate
    ]);
    const again = await requestBillingRun(t.db, runner(), jember, { programId: ids.programId, month: '2026-07' });
    expect(again).toEqual({ done: { created: [], alreadyBilled: true } });
    const jobs = await listJobs(t.db, jember, { kind: 'billing.run' });
    expect(jobs.items.map((j) => [j.status, j.attempts, j.regionCode, j.requestedBy])).toEqual([
      ['done', 1, '35.09', 'disnaker'],
      ['done', 1, '35.09', 'disnaker'],
    ]);
    // Another regency's operator sees none of Jember's jobs; the schedules are shown to national roles only.
    expect((await listJobs(t.db, cilacap)).items).toEqual([]);
    expect((await listJobs(t.db, jember)).schedules).toEqual([]);
    expect((await listJobs(t.db, admin)).schedules.map((s) => s.name)).toEqual([
      'claims.daily',
      'coverage.refresh',
      'donors.daily',
      'housekeeping',
      'jobs.prune',
      'lapses.daily',
      'mail.send',
      'verification.remind',
    ]);
  });

  it('a payment recorded → the dashboard’s subsidised count reflects it at once, equal to a full rebuild; the rebuild is a nightly repair', async () => {
    expect(await subsidised()).toBe(0);
    const dbhcht = (await listInvoices(t.db, jember)).find((i) => i.sourceName === 'DBHCHT')!;
    await recordPayment(t.db, jember, dbhcht.id, { paidOn: '2026-07-05', reference: 'SP2D-1', amount: dbhcht.total });
    expect(await subsidised()).toBe(20); // kept in step by the payment's own transaction
    const csr = (await listInvoices(t.db, jember)).find((i) => i.sourceName === 'CSR Ojek')!;
    await recordPayment(t.db, jember, csr.id, { paidOn: '2026-07-06', reference: 'CSR-1', amount: 151_200 });
    expect(await subsidised()).toBe(30); // 151,200 covers July's lines first (month order)
    await recordPayment(t.db, jember, csr.id, { paidOn: '2026-07-07', reference: 'CSR-2', amount: 100_800 });
    expect(await subsidised()).toBe(30);
    // No refresh job is queued by payments any more; the aggregate equals what a full rebuild writes.
    expect((await listJobs(t.db, admin, { kind: 'coverage.refresh', status: 'queued' })).items).toHaveLength(0);
    const kept = await t.db.query(`SELECT * FROM coverage_subsidised ORDER BY region_code, month, funding_type, sector_code`);
    expect(kept.length).toBeGreaterThan(0);
    await refreshSubsidised(t.db, null);
    expect(await t.db.query(`SELECT * FROM coverage_subsidised ORDER BY region_code, month, funding_type, sector_code`)).toEqual(kept);
    expect(await t.db.query(`SELECT every_seconds, at_minute_wib FROM job_schedules WHERE name = 'coverage.refresh'`)).toEqual([
      { every_seconds: 86400, at_minute_wib: 150 },
    ]);
  });

  it('detects lapses by the daily schedule, then sets the next run to 01:00 WIB', async () => {
    const before = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM participants WHERE program_id = $1 AND status = 'active'`, [ids.programId]);
    expect(before[0]!.n).toBe(30);
    await t.db.query(`UPDATE job_schedules SET next_run_at = now() - interval '1 minute', payload = '{"asOf": "2026-11-01"}' WHERE name = 'lapses.daily'`);
    await t.db.query(`UPDATE job_schedules SET next_run_at = now() + interval '1 day' WHERE name <> 'lapses.daily'`);
    await cycle(true);
    const [job] = (await listJobs(t.db, admin, { kind: 'lapses.refresh' })).items;
    // Tobacco workers paid July only: past the 3-month arrears limit on 1 November. Drivers paid to September.
    expect(job).toMatchObject({ status: 'done', requestedBy: 'system', result: { lapsed: 20, asOf: '2026-11-01' } });
    const after = await t.db.query<{ status: string; n: number }>(
      `SELECT status, count(*) AS n FROM participants WHERE program_id = $1 GROUP BY status ORDER BY status`,
      [ids.programId],
    );
    expect(after).toEqual([
      { status: 'active', n: 10 },
      { status: 'lapsed', n: 20 },
    ]);
    const [s] = await t.db.query<{ next_run_at: Date }>(`SELECT next_run_at FROM job_schedules WHERE name = 'lapses.daily'`);
    expect(new Date(s!.next_run_at).getTime()).toBe(
      nextRun({ every_seconds: 86400, at_minute_wib: 60 }, new Date(s!.next_run_at.getTime() - 60_000)).getTime(),
    );
    expect(new Date(s!.next_run_at).getUTCHours()).toBe(18); // 01:00 WIB = 18:00 UTC the day before
    // Taken once: a second runner finds the schedule not due.
    await cycle(true);
    expect((await listJobs(t.db, admin, { kind: 'lapses.refresh' })).items).toHaveLength(1);
  });

  it('several runners take every job exactly once', async () => {
    for (let i = 0; i < 12; i++) await submitJob(t.db, admin, { kind: 'jobs.prune', payload: {} });
    const a = runner();
    const b = runner();
    await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.stop(), b.stop()]);
    const rows = await t.db.query<{ status: string; attempts: number; locked_by: string }>(
      `SELECT status, attempts, locked_by FROM jobs WHERE kind = 'jobs.prune'`,
    );
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.locked_by)).size).toBeGreaterThanOrEqual(1);
  });

  it('a killed instance’s job is queued again while attempts remain, then failed with the reason', async () => {
    const job = await submitJob(t.db, admin, { kind: 'jobs.prune', payload: {}, maxAttempts: 2 });
    const dead = async () =>
      t.db.query(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = 'dead:1', heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
        [job.id],
      );
    await dead();
    expect(await recoverStale(t.db, 120)).toEqual({ requeued: 1, failed: 0 });
    await dead();
    expect(await recoverStale(t.db, 120)).toEqual({ requeued: 0, failed: 1 });
    const [failed] = (await listJobs(t.db, admin, { status: 'failed', kind: 'jobs.prune' })).items;
    expect(failed).toMatchObject({
      id: job.id,
      attempts: 2,
      error: { code: 'interrupted', message: { en: 'The instance running this job stopped part-way' } },
    });
    // An administrator retries it; it runs to the end.
    expect((await errorOf(retryJob(t.db, jember, job.id))).code).toBe('forbidden');
    expect(await retryJob(t.db, admin, job.id)).toMatchObject({ status: 'queued', attempts: 0 });
    await cycle();
    expect((await listJobs(t.db, admin, { kind: 'jobs.prune', status: 'failed' })).items).toEqual([]);
  });

  it('a refusal is not retried: the job fails once with Jaring’s bilingual error, and the caller gets it', async () => {
    const bad = await submitJob(t.db, jember, { kind: 'billing.run', payload: { programId: ids.programId, month: '2026-13', actor: jember } });
    await cycle();
    const [j] = (await listJobs(t.db, admin, { status: 'failed', kind: 'billing.run' })).items;
    expect(j).toMatchObject({
      id: bad.id,
      attempts: 1,
      error: { code: 'validation', message: { id: 'Bulan harus berbentuk TTTT-BB', en: 'Month must look like YYYY-MM' } },
    });
    expect((await errorOf(requestBillingRun(t.db, runner(), cilacap, { programId: ids.programId, month: '2026-08' }))).code).toBe('not_found');
  });

  it('a membership ended mid-year leaves the coverage aggregate equal to a full rebuild (its paid August no longer active)', async () => {
    const before = await t.db.query(`SELECT * FROM coverage_subsidised ORDER BY region_code, month, funding_type, sector_code`);
    const [ended] = await t.db.query<{ id: number }>(
      `SELECT p.id FROM participants p JOIN invoice_lines l ON l.participant_id = p.id AND l.month = '2026-08-01' AND l.paid WHERE p.program_id = $1 AND p.status <> 'ended' ORDER BY p.id LIMIT 1`,
      [ids.programId],
    );
    await endParticipant(t.db, jember, Number(ended!.id), { on: '2026-07-20', reason: 'moved' });
    const afterEnd = await t.db.query(`SELECT * FROM coverage_subsidised ORDER BY region_code, month, funding_type, sector_code`);
    expect(afterEnd).not.toEqual(before);
    await refreshSubsidised(t.db, null);
    expect(await t.db.query(`SELECT * FROM coverage_subsidised ORDER BY region_code, month, funding_type, sector_code`)).toEqual(afterEnd);
  });
});
