import { describe, expect, it } from 'vitest';
import { coveragePct, gapPeople, inconsistent, rank, suppress } from '../../src/domain/coverage.js';

describe('coverage indicators (DOMAIN §5)', () => {
  it('Jambi, 12 August 2024: 518,632 of 1,312,370 = 39.52 %; 55 % needs 203,172 more', () => {
    expect(coveragePct(518_632, 1_312_370)).toBe(39.52);
    expect(gapPeople(518_632, 1_312_370, 55)).toBe(203_172);
    expect(gapPeople(518_632, 1_312_370, 39.52)).toBe(17); // 39.52 % is rounded: 39.5187 % is the true share
    expect(gapPeople(518_632, 1_312_370, 39.51)).toBe(0);
    expect(coveragePct(49_803, 98_206)).toBe(50.71);
  });
  it('flags a published percentage more than 0.5 point away from its own numerator and denominator', () => {
    // Bali, 31 March 2025: "50.88 %" but 935,079 / 1,873,899 = 49.90 %.
    expect(inconsistent(50.88, 935_079, 1_873_899)).toBe(true);
    expect(inconsistent(39.52, 518_632, 1_312_370)).toBe(false);
    expect(inconsistent(40.01, 518_632, 1_312_370)).toBe(false); // 0.49 point off
    expect(inconsistent(40.02, 518_632, 1_312_370)).toBe(true); // 0.501 point off
    expect(inconsistent(null, 1, 2)).toBe(false);
  });
  it('ranks reproducibly, ties broken by active participants then code, and says why', () => {
    const r = rank(
      [
        { code: '15.07', name: 'Tanjung Jabung Timur', active: 29_326, potential: 110_000, previousPct: 22.94 },
        { code: '15.04', name: 'Batanghari', active: 49_803, potential: 98_206, previousPct: 44.9 },
        { code: '15.99', name: 'Tie A', active: 200, potential: 400 },
        { code: '15.98', name: 'Tie B', active: 100, potential: 200 },
      ],
      'coverage',
    );
    expect(r.map((x) => [x.rank, x.code])).toEqual([
      [1, '15.04'],
      [2, '15.99'],
      [3, '15.98'],
      [4, '15.07'],
    ]);
    expect(r[0]!.basis).toBe('50.71 % = 49,803 / 98,206');
    const g = rank(
      [
        { code: 'a', name: 'A', active: 29_326, potential: 110_000, previousPct: 22.94 },
        { code: 'b', name: 'B', active: 1, potential: 2 },
      ],
      'growth',
    );
    expect(g[0]).toMatchObject({ code: 'a', basis: '+3.72 points (22.94 % → 26.66 %)' });
    expect(g[1]!.basis).toBe('no earlier figure');
  });
  it('suppresses small counts on public pages', () => {
    expect(suppress(9, 10)).toBe('<10');
    expect(suppress(10, 10)).toBe(10);
  });
});
