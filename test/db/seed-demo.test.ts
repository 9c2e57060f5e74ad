import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/demo/seed-demo.service.js';
import { seedDemoEnrolment } from '../../src/modules/demo/seed-enrolment.js';
import { checkNik } from '../../src/domain/nik.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

describe('demo seed', () => {
  it('creates one account per role and a synthetic Jember population with valid NIKs', async () => {
    const result = await seedDemo(t.db, { workers: 3000, seed: 7 });
    expect(result.regency).toEqual({ code: '35.09', name: 'Kabupaten Jember' });
    expect(result.usersCreated).toBe(8);
    expect(new Set(result.logins.map((l) => l.role)).size).toBe(7);
    // Issue 12.12: the accounts carry Indonesian names, not "Demo super_admin".
    const names = await t.db.query<{ username: string; full_name: string }>(`SELECT username, full_name FROM users ORDER BY username`);
    expect(names.find((u) => u.username === 'kabid')?.full_name).toBe('Kepala Bidang Jaminan Sosial (demo)');
    expect(names.filter((u) => /super_admin|regency_operator|bpjs_officer/.test(u.full_name))).toEqual([]);
    const rows = await t.db.query<{
      nik: string;
      birth_date: string;
      sex: 'L' | 'P';
      village_code: string;
      nik_needs_verification: boolean;
      is_synthetic: boolean;
    }>(`SELECT nik, birth_date, sex, village_code, nik_needs_verification, is_synthetic FROM workers`);
    expect(rows).toHaveLength(3000);
    const districts = new Set((await t.db.query<{ code: string }>(`SELECT code FROM regions WHERE level = 'district'`)).map((r) => r.code));
    let flagged = 0;
    for (const r of rows) {
      const check = checkNik(r.nik, { birthDate: r.birth_date, sex: r.sex, districtKnown: (c) => districts.has(c) });
      expect(check.ok, r.nik).toBe(true);
      expect(check.needsVerification).toBe(r.nik_needs_verification);
      if (r.nik_needs_verification) flagged++;
      expect(r.village_code.startsWith('35.09.')).toBe(true);
      expect(r.is_synthetic).toBe(true);
    }
    expect(flagged).toBeGreaterThan(0);
    // Spread over the real districts, with tobacco farm labourers the largest group (Jember 2025 mix).
    const spread = await t.db.query<{ n: number }>(`SELECT count(DISTINCT substr(village_code, 1, 8)) AS n FROM workers`);
    expect(spread[0]!.n).toBe(31);
    const top = await t.db.query<{ sector_code: string }>(`SELECT sector_code FROM workers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    expect(top[0]!.sector_code).toBe('tobacco_farm_labourer');
  });

  it('is idempotent and deterministic', async () => {
    const again = await seedDemo(t.db, { workers: 3000, seed: 7 });
    expect(again).toMatchObject({ usersCreated: 0, workersCreated: 0 });
    const other = await openTestDb();
    try {
      await seedDemo(other.db, { workers: 3000, seed: 7 });
      const digest = (db: typeof t.db) =>
        db.query<{ h: string }>(`SELECT md5(string_agg(nik || full_name || village_code, ',' ORDER BY nik)) AS h FROM workers`);
      expect((await digest(other.db))[0]!.h).toBe((await digest(t.db))[0]!.h);
    } finally {
      await other.cleanup();
    }
  });
});

describe('demo enrolment history', () => {
  it('approves a 2026 plan, enrols it with BPJS, bills July–November, pays the APBD up to September, and seeds coverage figures', async () => {
    const t = await openTestDb();
    try {
      await seedDemo(t.db, { workers: 3000, seed: 7 });
      const r = await seedDemoEnrolment(t.db);
      expect(r!.participants).toBeGreaterThan(100);
      const byStatus = await t.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM participants GROUP BY 1 ORDER BY 1`);
      const n = Object.fromEntries(byStatus.map((x) => [x.status, x.n]));
      expect(n.candidate).toBe(Math.ceil((r!.participants - 7) / 500));
      expect(n.active).toBe(r!.participants - n.candidate!);
      const months = await t.db.query<{ month: string; paid: boolean }>(
        `SELECT to_char(month, 'YYYY-MM') AS month, bool_and(paid) AS paid FROM invoice_lines GROUP BY 1 ORDER BY 1`,
      );
      expect(months).toEqual([
        { month: '2026-07', paid: true },
        { month: '2026-08', paid: true },
        { month: '2026-09', paid: true },
        { month: '2026-10', paid: false },
        { month: '2026-11', paid: false },
      ]);
      const covered = await t.db.query<{ region_code: string; n: number }>(
        `SELECT region_code, count(*)::int AS n FROM coverage_inputs WHERE region_code IN ('35', '35.09') GROUP BY 1 ORDER BY 1`,
      );
      expect(covered).toEqual([
        { region_code: '35', n: 1 },
        { region_code: '35.09', n: 2 },
      ]);
      const sub = await t.db.query<{ n: number }>(
        `SELECT sum(participants)::int AS n FROM coverage_subsidised WHERE region_code = '35.09' AND month = '2026-11-01'`,
      );
      expect(sub[0]!.n).toBeGreaterThan(0);
      // Issue 12.4: in December, before December is billed, the demo's participants are still active as
      // BPJS counts them (a paid month within the 3-month arrears window) — not 0.
      const [december] = await t.db.query<{ active: number; paid: number }>(
        `SELECT sum(active)::int AS active, COALESCE(sum(participants), 0)::int AS paid FROM coverage_subsidised WHERE region_code = '35.09' AND month = '2026-12-01'`,
      );
      const [expected] = await t.db.query<{ n: number }>(
        `SELECT count(DISTINCT l.participant_id)::int AS n FROM invoice_lines l JOIN participants p ON p.id = l.participant_id
          WHERE l.paid AND l.month BETWEEN '2026-09-01' AND '2026-12-01' AND p.region_code LIKE '35.09.%'
            AND NOT (p.status = 'ended' AND p.status_since < '2026-12-01')`,
      );
      expect(december!.active).toBe(expected!.n);
      expect(december!.active).toBeGreaterThan(december!.paid);
      // Issue 13: the demo has a claim in each state.
      const claims = await t.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM claims GROUP BY 1 ORDER BY 1`);
      expect(claims).toEqual([
        { status: 'paid', n: 1 },
        { status: 'rejected', n: 1 },
        { status: 'reported', n: 6 },
        { status: 'submitted', n: 1 },
        { status: 'verified', n: 1 },
      ]);
      // The work-accident death: its scholarship year by year (this school year verified), documents, a submission.
      const years = await t.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM scholarship_years GROUP BY 1 ORDER BY 1`);
      expect(years.map((y) => y.status)).toEqual(['scheduled', 'verified']);
      expect(years.find((y) => y.status === 'verified')!.n).toBe(2);
      expect((await t.db.query(`SELECT 1 FROM claim_documents`)).length).toBe(5);
      expect(await t.db.query(`SELECT claim_count, total_amount::int AS total FROM claim_submissions`)).toEqual([
        { claim_count: 1, total: expect.any(Number) },
      ]);
      // Donors of each kind (issue 14): a paid named sponsorship, a paid pool assigned to five workers, two awaiting payment.
      const sponsorships = await t.db.query<{ kind: string; status: string; donor: string; workers: number }>(
        `SELECT s.kind, s.status, d.kind AS donor, (SELECT count(*)::int FROM sponsored_workers w WHERE w.sponsorship_id = s.id) AS workers
           FROM sponsorships s JOIN donors d ON d.id = s.donor_id ORDER BY s.id`,
      );
      expect(sponsorships).toEqual([
        { kind: 'named', status: 'active', donor: 'citizen', workers: 1 },
        { kind: 'pool', status: 'active', donor: 'civil_servant', workers: 5 },
        { kind: 'pool', status: 'awaiting_payment', donor: 'company', workers: 0 },
        { kind: 'named', status: 'awaiting_payment', donor: 'citizen', workers: 0 },
      ]);
      expect(await seedDemoEnrolment(t.db)).toBeNull(); // once only
    } finally {
      await t.cleanup();
    }
  });
});
