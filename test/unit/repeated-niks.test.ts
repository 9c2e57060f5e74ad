import { describe, expect, it } from 'vitest';
import { RepeatedNiks } from '../../src/modules/imports/repeated-niks.js';

/** The exact repeats: NIK → its rows, for NIKs on more than one row. */
function repeatsOf(niks: string[]): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  niks.forEach((nik, i) => rows.set(nik, [...(rows.get(nik) ?? []), i + 1]));
  return new Map([...rows].filter(([, r]) => r.length > 1));
}

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('rows whose NIK may repeat an earlier row', () => {
  it('names every row of every repeated NIK, and few others, across growth of the table', () => {
    const next = random(15);
    const niks: string[] = [];
    for (let i = 0; i < 300_000; i++) {
      // One row in a hundred repeats an earlier row's NIK; the rest are new (16 digits).
      niks.push(i > 0 && next() < 0.01 ? niks[Math.floor(next() * i)]! : `35${String(Math.floor(next() * 1e14)).padStart(14, '0')}`);
    }
    const seen = new RepeatedNiks();
    niks.forEach((nik, i) => seen.add(nik, i + 1));
    const candidates = seen.candidates();
    expect(candidates).toEqual([...candidates].sort((a, b) => a - b));
    expect(new Set(candidates).size).toBe(candidates.length);

    // Grouping the candidates by their real NIK (what the database does) gives exactly the repeats.
    const exact = repeatsOf(niks);
    const grouped = new Map<string, number[]>();
    for (const row of candidates) grouped.set(niks[row - 1]!, [...(grouped.get(niks[row - 1]!) ?? []), row]);
    expect(new Map([...grouped].filter(([, r]) => r.length > 1))).toEqual(exact);
    expect(exact.size).toBeGreaterThan(2_500);
    // 32-bit hashes of 300,000 NIKs collide a few times: those add a handful of rows, not thousands.
    const repeatedRows = [...exact.values()].reduce((n, r) => n + r.length, 0);
    expect(candidates.length - repeatedRows).toBeLessThan(100);
  });

  it('has none for a file without repeats', () => {
    const seen = new RepeatedNiks();
    for (let i = 1; i <= 1000; i++) seen.add(`3509${String(i).padStart(12, '0')}`, i);
    expect(seen.candidates()).toEqual([]);
  });
});
