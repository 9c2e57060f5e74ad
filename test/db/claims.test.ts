import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { errorOf } from '../helpers/errors.js';
import { paidParticipants } from '../helpers/claims.js';
import { advanceClaim, listClaims, reportIncident } from '../../src/modules/claims/claims.service.js';
import { addHeir, scholarshipClaim } from '../../src/modules/claims/heirs.service.js';

/** Issue 13 (started): incidents, entitlement on the day, claims computed by the rules in force, the workflow, heirs — on both databases. */
let t: TestDb;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
const bpjs = actor('bpjs_officer', '35.09', null, 'bpjs');
const auditor = actor('auditor', '35.09', null, 'auditor');
const cilacap = actor('regency_operator', '33.01', null, 'cilacap');
/** Participants of the tobacco source: those paid July–October, and one paid for July only. */
let paidFour: number[];
let paidJuly: number;

beforeAll(async () => {
  t = await openTestDb();
  ({ paidFour, paidJuly } = await paidParticipants(t.db, disnaker, kabid));
});
afterAll(() => t.cleanup());

describe('entitlement on the incident day', () => {
  it('an incident beyond the arrears window after the last paid month opens no claim, and says why', async () => {
    // Paid for July only: protected through 31 July, arrears until 31 October; 15 November is beyond.
    const i = await reportIncident(t.db, disnaker, { participantId: paidJuly, kind: 'death', occurredOn: '2026-11-15' });
    expect(i.entitlement).toMatchObject({ entitled: 'no', code: 'arrears_passed', protectedUntil: '2026-07-31', reactivationDeadline: '2026-10-31' });
    expect(i.entitlement.reason.id).toBe('Bulan terakhir dibayar s.d. 2026-07-31; batas tunggakan 2026-10-31 sudah lewat');
    expect(i.claims).toEqual([]);
    // Inside the window (September) the worker is entitled if the arrears are paid.
    const grace = await reportIncident(t.db, disnaker, { participantId: paidJuly, kind: 'work_accident', occurredOn: '2026-09-02', stmbMonths: 0 });
    expect(grace.entitlement.entitled).toBe('conditional');
  });

  it('refuses a date in the future, an unknown kind, and a participant of another regency', async () => {
    const bad = await errorOf(reportIncident(t.db, disnaker, { participantId: paidFour[0]!, kind: 'flood', occurredOn: '2099-01-01' }));
    expect(bad.problems.map((p) => p.field)).toEqual(['kind', 'occurredOn']);
    expect((await errorOf(reportIncident(t.db, cilacap, { participantId: paidFour[0]!, kind: 'death', occurredOn: '2026-08-01' }))).code).toBe('not_found');
    expect((await errorOf(reportIncident(t.db, auditor, { participantId: paidFour[0]!, kind: 'death', occurredOn: '2026-08-01' }))).code).toBe('forbidden');
  });
});

describe('benefits computed by the rules in force', () => {
  it('a death in the first month of membership pays the funeral cost; in the fourth, Rp 42,000,000', async () => {
    const early = await reportIncident(t.db, disnaker, { participantId: paidFour[0]!, kind: 'death', occurredOn: '2026-07-20' });
    expect(early.claims.map((c) => [c.benefit, c.computedAmount])).toEqual([['jkm', 10_000_000]]);
    const later = await reportIncident(t.db, disnaker, { participantId: paidFour[1]!, kind: 'death', occurredOn: '2026-10-15' });
    expect(later.claims.map((c) => [c.benefit, c.computedAmount])).toEqual([['jkm', 42_000_000]]);
    expect(later.claims[0]!.lines.map((l) => l.legalBasis)).toEqual(['PP 44/2015 jo. PP 82/2019', 'PP 44/2015 jo. PP 82/2019', 'PP 44/2015 jo. PP 82/2019']);
    // Four months of contributions is short of the three years a death not from work needs for a scholarship.
    expect(later.scholarship).toMatchObject({ eligible: false });
  });

  it('a work accident opens medical care and temporary incapacity: 12 months at 100 %, then 50 %', async () => {
    const i = await reportIncident(t.db, disnaker, {
      participantId: paidFour[2]!,
      kind: 'work_accident',
      occurredOn: '2026-08-03',
      stmbMonths: 14,
      place: 'Kebun Sukoreno',
    });
    expect(i.claims.map((c) => [c.benefit, c.computedAmount])).toEqual([
      ['jkk_medical', 0],
      ['jkk_stmb', 12 * 1_000_000 + 2 * 500_000],
    ]);
    // The accident report is due within 2 × 24 hours.
    expect(i.claims[0]!.dueOn).toBe('2026-08-05');
    const death = await reportIncident(t.db, disnaker, { participantId: paidFour[3]!, kind: 'work_death', occurredOn: '2026-09-09' });
    expect(death.claims.map((c) => [c.benefit, c.computedAmount])).toEqual([['jkk_death', 48_000_000]]);
  });

  it('a permanent disability: total is 56 ×, partial is the table percentage × 80 × income, and only a total one opens the scholarship', async () => {
    const total = await reportIncident(t.db, disnaker, { participantId: paidFour[1]!, kind: 'permanent_disability', occurredOn: '2026-09-20' });
    expect(total.claims.map((c) => [c.benefit, c.computedAmount])).toEqual([['jkk_disability', 56_000_000]]);
    expect(total.disabilityPercent).toBe(100);
    const partial = await reportIncident(t.db, disnaker, {
      participantId: paidFour[2]!,
      kind: 'permanent_disability',
      occurredOn: '2026-09-21',
      disabilityPercent: 35,
    });
    expect(partial.claims[0]!.lines.map((l) => [l.label.id, l.amount, l.rule])).toEqual([
      ['Santunan cacat sebagian tetap 35 %', 28_000_000, '35 % × 80 × Rp 1.000.000'],
    ]);
    await addHeir(t.db, disnaker, partial.id, { relation: 'child', fullName: 'Anak P', birthDate: '2015-01-01', schoolLevel: 'tk_sd', yearInLevel: 6 });
    expect((await errorOf(scholarshipClaim(t.db, disnaker, partial.id))).problems[0]!.code).toBe('no_scholarship');
    const bad = await errorOf(
      reportIncident(t.db, disnaker, { participantId: paidFour[2]!, kind: 'permanent_disability', occurredOn: '2026-09-21', disabilityPercent: 140 }),
    );
    expect(bad.problems.map((p) => p.field)).toEqual(['disabilityPercent']);
  });
});

describe('the claim workflow and the heirs', () => {
  it('moves reported → verified → submitted → paid, flags a paid amount that differs, and refuses a wrong or stale step', async () => {
    const i = await reportIncident(t.db, disnaker, { participantId: paidFour[4]!, kind: 'death', occurredOn: '2026-10-20' });
    const c = i.claims[0]!;
    expect(
      (await errorOf(advanceClaim(t.db, disnaker, c.id, { to: 'paid', version: c.version, paidAmount: 1, paidOn: '2026-11-01', reference: 'x' }))).code,
    ).toBe('conflict');
    const v = (await advanceClaim(t.db, disnaker, c.id, { to: 'verified', version: c.version })).claims[0]!;
    expect((await errorOf(advanceClaim(t.db, disnaker, c.id, { to: 'submitted', version: c.version }))).code).toBe('conflict'); // stale version
    const s = (await advanceClaim(t.db, disnaker, c.id, { to: 'submitted', version: v.version })).claims[0]!;
    expect(s.dueOn).not.toBeNull(); // BPJS decides within 30 days
    const noRef = await errorOf(advanceClaim(t.db, bpjs, c.id, { to: 'paid', version: s.version, paidAmount: 41_000_000 }));
    expect(noRef.problems.map((p) => p.field)).toEqual(['reference', 'paidOn']);
    const paid = (
      await advanceClaim(t.db, bpjs, c.id, { to: 'paid', version: s.version, paidAmount: 41_000_000, paidOn: '2026-11-20', reference: 'BPJS-JKM-001' })
    ).claims[0]!;
    expect(paid).toMatchObject({ status: 'paid', computedAmount: 42_000_000, paidAmount: 41_000_000, difference: -1_000_000 });
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'claim' AND entity_id = $1 ORDER BY id`, [String(c.id)]);
    expect(audit.map((a) => a.action)).toEqual(['claim.verified', 'claim.submitted', 'claim.paid']);
    expect((await listClaims(t.db, disnaker, { status: 'paid' })).items.map((x) => x.id)).toEqual([c.id]);
    expect((await listClaims(t.db, cilacap, {})).items).toEqual([]);
  });

  it('records heirs in the legal order — the spouse receives before a parent — and masks their identifiers for the auditor', async () => {
    const i = await reportIncident(t.db, disnaker, { participantId: paidFour[5]!, kind: 'death', occurredOn: '2026-10-25' });
    await addHeir(t.db, disnaker, i.id, { relation: 'parent', fullName: 'Ibu Sumiati', nik: '3509015501600001' });
    const both = await addHeir(t.db, disnaker, i.id, {
      relation: 'spouse',
      fullName: 'Siti Aminah',
      nik: '3509014401900002',
      bankName: 'Bank Jatim',
      bankAccount: '0011-2233-4455',
    });
    expect(both.heirs.map((h) => [h.relation, h.rank, h.receives])).toEqual([
      ['spouse', 1, true],
      ['parent', 2, false],
    ]);
    expect(both.heirs[0]!.bankAccount).toBe('001122334455');
    const seen = await (await import('../../src/modules/claims/claims.service.js')).getIncident(t.db, auditor, i.id);
    expect(seen.heirs[0]!.nik).not.toBe('3509014401900002');
    expect(seen.heirs[0]!.bankAccount).toBe('••••••••4455');
    const bad = await errorOf(addHeir(t.db, disnaker, i.id, { relation: 'cousin', fullName: '', nik: '123', bankAccount: 'abc' }));
    expect(bad.problems.map((p) => p.field)).toEqual(['relation', 'fullName', 'nik', 'bankAccount']);
  });
});

describe('the children’s scholarship (DOMAIN §3.3)', () => {
  it('a work-accident death: two children scheduled year by year until 23, a third excluded; a short non-accident death gets none', async () => {
    const i = await reportIncident(t.db, disnaker, { participantId: paidFour[6]!, kind: 'work_death', occurredOn: '2026-08-10' });
    await addHeir(t.db, disnaker, i.id, { relation: 'child', fullName: 'Anak B', birthDate: '2020-07-15', schoolLevel: 'tk_sd', yearInLevel: 1 });
    await addHeir(t.db, disnaker, i.id, { relation: 'child', fullName: 'Anak A', birthDate: '2004-03-01', schoolLevel: 'pt', yearInLevel: 1 });
    await addHeir(t.db, disnaker, i.id, { relation: 'child', fullName: 'Anak C', birthDate: '2022-01-01', schoolStartsYear: 2028 });
    const s = await scholarshipClaim(t.db, disnaker, i.id);
    const claim = s.claims.find((c) => c.benefit === 'scholarship')!;
    // Anak A (eldest): one year of higher education before 23; Anak B: TK–SD to PT until 23; Anak C is the third child.
    expect(claim.computedAmount).toBe(12_000_000 + 75_000_000);
    expect(claim.lines).toHaveLength(1 + 18);
    expect(claim.lines[0]!.label.id).toBe('Anak A: 2026/2027, Perguruan tinggi tahun ke-1');
    expect((await scholarshipClaim(t.db, disnaker, i.id)).claims.filter((c) => c.benefit === 'scholarship')).toHaveLength(1); // recomputed, not doubled
    const short = await reportIncident(t.db, disnaker, { participantId: paidFour[7]!, kind: 'death', occurredOn: '2026-10-01' });
    await addHeir(t.db, disnaker, short.id, { relation: 'child', fullName: 'Anak D', birthDate: '2015-01-01', schoolLevel: 'tk_sd', yearInLevel: 6 });
    expect((await errorOf(scholarshipClaim(t.db, disnaker, short.id))).code).toBe('conflict');
    const accident = await reportIncident(t.db, disnaker, { participantId: paidFour[8]!, kind: 'work_accident', occurredOn: '2026-08-12', stmbMonths: 0 });
    expect((await errorOf(scholarshipClaim(t.db, disnaker, accident.id))).code).toBe('validation');
  });
});
