import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import {
  jkkDeathBenefit,
  jkkTotalDisability,
  jkmBenefit,
  MissingBenefitRule,
  scholarshipSchedule,
  stmbSchedule,
  type BenefitRow,
} from '../../src/domain/benefits.js';

/** Issue 13 groundwork: the benefit calculator on the dated reference rows as migrated (DOMAIN §3), on both databases. */
let t: TestDb;
let rows: BenefitRow[];
beforeAll(async () => {
  t = await openTestDb();
  rows = await t.db.query<BenefitRow>(
    `SELECT key, unit, value::int AS value, valid_from::text AS "validFrom", valid_to::text AS "validTo", legal_basis AS "legalBasis" FROM benefit_amounts`,
  );
});
afterAll(() => t.cleanup());

describe('JKM (death not from work)', () => {
  it('a death in month 2 of membership pays only the funeral cost; in month 4, Rp 42,000,000', () => {
    const early = jkmBenefit(rows, { deathDate: '2026-03-10', membershipStart: '2026-01-15', contributionMonths: 2 });
    expect(early.lines.map((l) => [l.key, l.amount])).toEqual([['jkm.funeral', 10_000_000]]);
    expect(early.lines[0]!.rule).toMatch(/bulan ke-2 .* sebelum 3 bulan penuh/);
    const later = jkmBenefit(rows, { deathDate: '2026-04-20', membershipStart: '2026-01-15', contributionMonths: 4 });
    expect(later.total).toBe(42_000_000);
    expect(later.lines.map((l) => l.amount)).toEqual([20_000_000, 12_000_000, 10_000_000]);
    expect(later.lines.every((l) => /PP 82\/2019/.test(l.legalBasis))).toBe(true);
  });

  it('the scholarship needs 3 years of contributions for a death not from work: 35 months no, 36 yes', () => {
    expect(jkmBenefit(rows, { deathDate: '2026-04-20', membershipStart: '2023-01-01', contributionMonths: 35 }).scholarship.eligible).toBe(false);
    expect(jkmBenefit(rows, { deathDate: '2026-04-20', membershipStart: '2023-01-01', contributionMonths: 36 }).scholarship.eligible).toBe(true);
  });
});

describe('JKK (work accident)', () => {
  it('death 48 ×, total disability 56 × the declared income; STMB 100 % for 12 months then 50 %', () => {
    expect(jkkDeathBenefit(rows, { date: '2026-05-01', declaredIncome: 1_000_000 }).amount).toBe(48_000_000);
    expect(jkkTotalDisability(rows, { date: '2026-05-01', declaredIncome: 1_000_000 }).amount).toBe(56_000_000);
    const stmb = stmbSchedule(rows, { date: '2026-05-01', declaredIncome: 1_000_000, months: 14 });
    expect(stmb.map((l) => l.amount)).toEqual([...Array(12).fill(1_000_000), 500_000, 500_000]);
    expect(stmb.reduce((a, l) => a + l.amount, 0)).toBe(13_000_000);
  });
});

describe('scholarships', () => {
  it('at most two children; a child turning 23 stops; a child in TK–SD is scheduled level by level until 23', () => {
    const s = scholarshipSchedule(rows, {
      eventDate: '2026-08-10',
      children: [
        { name: 'Anak A', birthDate: '2004-03-01', level: 'pt', yearInLevel: 1 },
        { name: 'Anak B', birthDate: '2020-07-15', level: 'tk_sd', yearInLevel: 1 },
        { name: 'Anak C', birthDate: '2022-01-01', level: null, yearInLevel: 1, startsYear: 2026 },
      ],
    });
    expect(s.excluded).toEqual([{ child: 'Anak C', reason: 'paling banyak 2 anak (PP 82/2019)' }]);
    // Anak A is 22 on 1 July 2026 and 23 on 1 July 2027: one year of higher education.
    expect(s.years.filter((y) => y.child === 'Anak A').map((y) => [y.schoolYear, y.amount])).toEqual([[2026, 12_000_000]]);
    const b = s.years.filter((y) => y.child === 'Anak B');
    expect(b[0]).toMatchObject({ schoolYear: 2026, level: 'tk_sd', amount: 1_500_000 });
    expect(b.at(-1)).toMatchObject({ schoolYear: 2043, level: 'pt', yearInLevel: 4 });
    expect(b.reduce((a, y) => a + y.amount, 0)).toBe(8 * 1_500_000 + 3 * 2_000_000 + 3 * 3_000_000 + 4 * 12_000_000);
    expect(s.total).toBe(12_000_000 + 75_000_000);
  });

  it('a rule not in force on the day is an error naming the rule and the day', () => {
    expect(() =>
      scholarshipSchedule(rows, { eventDate: '2019-06-01', children: [{ name: 'X', birthDate: '2010-01-01', level: 'sma', yearInLevel: 1 }] }),
    ).toThrow(MissingBenefitRule);
  });
});
