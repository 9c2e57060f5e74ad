import { describe, expect, it } from 'vitest';
import { checkNik, maskNik } from '../../src/domain/nik.js';

const today = new Date('2026-11-23T00:00:00Z');
const codes = (r: ReturnType<typeof checkNik>) => r.problems.map((p) => p.code);

describe('NIK (DOMAIN §6.1)', () => {
  it('reads the worked examples: Sukodono, male and female born 05-08-1968', () => {
    const male = checkNik('3515140508680001', { today });
    expect(male.ok).toBe(true);
    expect(male.info).toEqual({ districtCode: '35.15.14', sex: 'L', birthDates: ['1968-08-05'], serial: '0001' });
    const female = checkNik('3515144508680002', { today });
    expect(female.info?.sex).toBe('P');
    expect(female.info?.birthDates).toEqual(['1968-08-05']);
  });

  it('adds 40 to the day for women: day 41–71 valid, 32–40 and 72+ not', () => {
    expect(checkNik('3509174101900001', { today }).info?.birthDates).toContain('1990-01-01');
    expect(checkNik('3509177101900001', { today }).info?.birthDates).toContain('1990-01-31');
    expect(codes(checkNik('3509173501900001', { today }))).toContain('nik_birth_date');
    expect(codes(checkNik('3509174001900001', { today }))).toContain('nik_birth_date');
    expect(codes(checkNik('3509177201900001', { today }))).toContain('nik_birth_date');
    expect(codes(checkNik('3509170001900001', { today }))).toContain('nik_birth_date');
  });

  it("checks the woman's +40 day against the real calendar (31 April does not exist)", () => {
    expect(codes(checkNik('3509177104900001', { today }))).toContain('nik_birth_date');
    expect(checkNik('3509177004900001', { today }).ok).toBe(true);
  });

  it('accepts 29 February only in leap years', () => {
    expect(checkNik('3509172902880001', { today }).info?.birthDates).toEqual(['1988-02-29']);
    expect(codes(checkNik('3509172902890001', { today }))).toContain('nik_birth_date');
    // 2000 was a leap year, 1900 was not: "00" is still valid through 2000.
    expect(checkNik('3509172902000001', { today }).info?.birthDates).toEqual(['2000-02-29']);
    // Women: 29 + 40 = 69.
    expect(checkNik('3509176902960001', { today }).info?.birthDates).toEqual(['1996-02-29']);
    expect(codes(checkNik('3509176902970001', { today }))).toContain('nik_birth_date');
  });

  it('resolves the two-digit year by century: both when possible, never a future date', () => {
    expect(checkNik('3509171203050001', { today }).info?.birthDates).toEqual(['2005-03-12', '1905-03-12']);
    // 2030 is in the future on 23 Nov 2026, so only 1930 remains.
    expect(checkNik('3509171203300001', { today }).info?.birthDates).toEqual(['1930-03-12']);
    // With a stated birth date, either century that matches is accepted; others are a mismatch.
    expect(checkNik('3509171203050001', { today, birthDate: '1905-03-12' }).ok).toBe(true);
    expect(checkNik('3509171203050001', { today, birthDate: '2005-03-12' }).ok).toBe(true);
    expect(codes(checkNik('3509171203050001', { today, birthDate: '2005-03-13' }))).toEqual(['nik_birth_mismatch']);
  });

  it('rejects 15 and 17 digits, letters, and serial 0000, with bilingual messages', () => {
    const short = checkNik('350917120385000', { today });
    expect(codes(short)).toEqual(['nik_length']);
    expect(short.problems[0]!.id).toContain('16 digit');
    expect(short.problems[0]!.en).toContain('16 digits, found 15');
    expect(codes(checkNik('35091712038500011', { today }))).toEqual(['nik_length']);
    expect(codes(checkNik('35091712038A0001', { today }))).toEqual(['nik_not_digits']);
    expect(codes(checkNik('3.50917E+15', { today }))).toEqual(['nik_not_digits']);
    expect(codes(checkNik('3509171203850000', { today }))).toEqual(['nik_serial']);
  });

  it('checks the stated sex against the day field', () => {
    expect(codes(checkNik('3509171203850001', { today, sex: 'P' }))).toEqual(['nik_sex_mismatch']);
    expect(checkNik('3509175203850001', { today, sex: 'P' }).ok).toBe(true);
  });

  it('flags an unknown issuing district for verification instead of rejecting it', () => {
    const known = new Set(['35.09.17']);
    const ok = checkNik('3509171203850001', { today, districtKnown: (c) => known.has(c) });
    expect(ok).toMatchObject({ ok: true, needsVerification: false });
    const old = checkNik('3509991203850001', { today, districtKnown: (c) => known.has(c) });
    expect(old).toMatchObject({ ok: true, needsVerification: true });
    expect(old.info?.districtCode).toBe('35.09.99');
  });

  it('masks all but the first and last four digits', () => {
    expect(maskNik('3509014501900001')).toBe('3509••••••••0001');
  });
});
