import { describe, expect, it } from 'vitest';
import { isWithinScope, normalizeRegionCode, parentRegionCode, regionAncestry, regionLevel } from '../../src/domain/region-code.js';
import { can, scopeFitsRole } from '../../src/domain/roles.js';
import { cleanWorker, normalizePhone } from '../../src/domain/worker-rules.js';
import { isEmail } from '../../src/modules/mail/mail.service.js';

describe('region codes (DOMAIN §6.2)', () => {
  it('normalises with or without dots and knows levels and parents', () => {
    expect(normalizeRegionCode('3509172001')).toBe('35.09.17.2001');
    expect(normalizeRegionCode(' 35.09 ')).toBe('35.09');
    expect(normalizeRegionCode('35091')).toBeNull();
    expect(normalizeRegionCode('35.9')).toBeNull();
    expect(regionLevel('35.09.17')).toBe('district');
    expect(parentRegionCode('35.09.17.2001')).toBe('35.09.17');
    expect(regionAncestry('35.09.17.2001')).toEqual(['35', '35.09', '35.09.17', '35.09.17.2001']);
  });

  it('scopes by prefix on whole segments only', () => {
    expect(isWithinScope('35.09.17.2001', '35.09')).toBe(true);
    expect(isWithinScope('35.09', '35.09')).toBe(true);
    expect(isWithinScope('35.10.01.2001', '35.1')).toBe(false);
    expect(isWithinScope('35.09.17.2001', null)).toBe(true);
  });
});

describe('roles', () => {
  it('gives the full NIK only to roles that register people', () => {
    expect(can('regency_operator', 'nik.full')).toBe(true);
    expect(can('bpjs_officer', 'nik.full')).toBe(true);
    expect(can('auditor', 'nik.full')).toBe(false);
    expect(can('province_admin', 'nik.full')).toBe(false);
    expect(can('auditor', 'workers.write')).toBe(false);
  });

  it('matches scope level to role', () => {
    expect(scopeFitsRole('super_admin', null)).toBe(true);
    expect(scopeFitsRole('super_admin', '35')).toBe(false);
    expect(scopeFitsRole('village_operator', '35.09.17.2001')).toBe(true);
    expect(scopeFitsRole('village_operator', '35.09')).toBe(false);
    expect(scopeFitsRole('regency_operator', '35.09')).toBe(true);
  });
});

describe('worker rules', () => {
  const lookups = {
    districtKnown: () => true,
    villageExists: (c: string) => c === '35.09.17.2001',
    sectorExists: (c: string) => c === 'fisher',
    today: new Date('2026-11-23'),
  };

  it('normalises phones to +62', () => {
    expect(normalizePhone('0812-3456-7890')).toBe('+6281234567890');
    expect(normalizePhone('+62 812 3456 7890')).toBe('+6281234567890');
    expect(normalizePhone('12345')).toBeNull();
  });

  it('reports every problem at once with field names', () => {
    const { worker, problems } = cleanWorker(
      {
        nik: '123',
        fullName: '  ',
        birthDate: '1990-02-30',
        sex: 'X',
        villageCode: '35.09.17.9999',
        sectorCode: 'pilot',
        welfareDecile: 11,
        monthlyIncome: -5,
        phone: 'abc',
      },
      lookups,
    );
    expect(worker).toBeNull();
    expect(problems.map((p) => p.field).sort()).toEqual([
      'birthDate',
      'fullName',
      'monthlyIncome',
      'nik',
      'phone',
      'sectorCode',
      'sex',
      'villageCode',
      'welfareDecile',
    ]);
  });

  it('cleans whitespace and case', () => {
    const { worker } = cleanWorker(
      { nik: ' 3509171203850001 ', fullName: '  Slamet   Riyadi ', birthDate: '1985-03-12', sex: 'l', villageCode: '3509172001', sectorCode: 'fisher' },
      lookups,
    );
    expect(worker).toMatchObject({ nik: '3509171203850001', fullName: 'Slamet Riyadi', sex: 'L', villageCode: '35.09.17.2001', welfareDecile: null });
  });
});

describe('e-mail addresses (donors, staff reminders)', () => {
  it('accepts ordinary addresses and refuses control characters, spaces and missing parts', () => {
    expect(isEmail('operator.desa@contoh.id')).toBe(true);
    expect(isEmail('siti+jaring@jemberkab.go.id')).toBe(true);
    for (const bad of ['siti@', '@desa.id', 'siti desa@desa.id', 'siti\u0000@desa.id', 'siti@desa.id\u0007', 'si\u007fti@desa.id'])
      expect(isEmail(bad), bad).toBe(false);
  });
});
