import { describe, expect, it } from 'vitest';
import { addMonths, billingBlock, canMove, isKpj, maskKpj, monthEnd, monthsBetween, protectionOn, type PaidMonth } from '../../src/domain/protection.js';

const m = (month: string, paid = true, sourceId = 1): PaidMonth => ({ month, paid, sourceId, sourceName: sourceId === 1 ? 'DBHCHT' : 'APBD' });

describe('months and billing blocks', () => {
  it('adds months across years and knows month ends, leap years included', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthsBetween('2026-07', '2026-12')).toBe(6);
    expect(monthsBetween('2026-07', '2026-06')).toBe(0);
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2026-02')).toBe('2026-02-28');
  });
  it('cuts a month into its billing block by cycle', () => {
    expect(billingBlock('monthly', '2026-08')).toEqual({ from: '2026-08', to: '2026-08' });
    expect(billingBlock('quarterly', '2026-08')).toEqual({ from: '2026-07', to: '2026-09' });
    expect(billingBlock('quarterly', '2026-12')).toEqual({ from: '2026-10', to: '2026-12' });
    expect(billingBlock('yearly', '2026-08')).toEqual({ from: '2026-01', to: '2026-12' });
  });
});

describe('participant lifecycle and KPJ', () => {
  it('allows candidate → submitted → active → lapsed | ended, and a rejection back to candidate', () => {
    expect(canMove('candidate', 'submitted')).toBe(true);
    expect(canMove('submitted', 'active')).toBe(true);
    expect(canMove('submitted', 'candidate')).toBe(true);
    expect(canMove('active', 'lapsed')).toBe(true);
    expect(canMove('lapsed', 'active')).toBe(true);
    expect(canMove('active', 'ended')).toBe(true);
    expect(canMove('ended', 'active')).toBe(false);
    expect(canMove('candidate', 'active')).toBe(false);
  });
  it('KPJ numbers are 11 digits and masked like NIKs', () => {
    expect(isKpj('12345678901')).toBe(true);
    expect(isKpj('1234567890')).toBe(false);
    expect(isKpj('1234567890a')).toBe(false);
    expect(maskKpj('12345678901')).toBe('123•••••901');
  });
});

describe('protection on a day, with the 3-month arrears rule (Perdir 22/PERDIR.02/072022)', () => {
  const months = [m('2026-07'), m('2026-08'), m('2026-09', false), m('2026-10', false)];
  it('a paid month protects, until the end of the paid run', () => {
    expect(protectionOn(months, '2026-07-01', 3)).toMatchObject({
      state: 'protected',
      source: { id: 1, name: 'DBHCHT' },
      protectedUntil: '2026-08-31',
      reactivationDeadline: '2026-11-30',
    });
  });
  it('an unpaid month within the arrears limit is grace: protected-until and the deadline stay apart', () => {
    expect(protectionOn(months, '2026-09-15', 3)).toMatchObject({ state: 'grace', protectedUntil: '2026-08-31', reactivationDeadline: '2026-11-30' });
    expect(protectionOn(months, '2026-11-30', 3)).toMatchObject({ state: 'grace', source: null });
    expect(protectionOn(months, '2026-12-01', 3)).toMatchObject({ state: 'none', reason: 'arrears limit passed', protectedUntil: '2026-08-31' });
  });
  it('nothing paid means not protected; an ended membership protects no later day', () => {
    expect(protectionOn([m('2026-07', false)], '2026-07-10', 3)).toMatchObject({ state: 'none', reason: 'no paid month', protectedUntil: null });
    expect(protectionOn(months, '2026-08-20', 3, { on: '2026-08-14' })).toMatchObject({ state: 'none' });
    expect(protectionOn(months, '2026-08-14', 3, { on: '2026-08-14' })).toMatchObject({ state: 'protected' });
  });
  it('names the source of the month, when sources change between months', () => {
    expect(protectionOn([m('2026-12'), m('2027-01', true, 2)], '2027-01-05', 3)).toMatchObject({
      source: { id: 2, name: 'APBD' },
      protectedUntil: '2027-01-31',
    });
  });
});
