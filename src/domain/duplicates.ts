/**
 * Likely duplicates (issue 16.4): two registry records that are probably one person under two NIKs. Each
 * pair is judged field by field and the verdict says which fields agree and how, so an operator can check
 * it: the NIKs differ by one mistyped digit, by two swapped neighbouring digits, or only by the +40 that a
 * NIK adds to a woman's day of birth (Permendagri on the NIK structure, DOMAIN §6.1); the names are the same
 * or nearly; the birth dates and the place agree. A common name alone is never enough: two people called
 * Siti Aminah born on different days, or in different villages with unrelated NIKs, are not flagged.
 * Pure, no I/O.
 */

export interface DuplicateSide {
  nik: string;
  fullName: string;
  birthDate: string;
  sex: 'L' | 'P';
  villageCode: string;
}

export type NikRelation = 'one_digit' | 'transposed' | 'sequence' | 'sex_day' | 'unrelated';
export type NameRelation = 'same' | 'similar' | 'different';

export interface Agreement {
  field: 'nik' | 'name' | 'birthDate' | 'place';
  how: string;
  points: number;
}

export interface PairVerdict {
  score: number;
  flagged: boolean;
  agreements: Agreement[];
}

/** A pair at or above this score is shown to an operator as a likely duplicate. */
export const FLAG_SCORE = 75;

const POINTS = {
  nik: { sex_day: 60, transposed: 50, one_digit: 45, sequence: 25, unrelated: 0 },
  name: { same: 30, similar: 15, different: -30 },
  birthDate: 20,
  village: 10,
  district: 5,
} as const;

/** Lower case, letters, digits and single spaces: "  SITI  Aminah," → "siti aminah". */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9\s]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** How two NIKs differ: one digit, two neighbouring digits swapped, only the +40 of a woman's birth day, or more. */
export function nikRelation(a: string, b: string): NikRelation {
  if (a.length !== 16 || b.length !== 16 || a === b) return 'unrelated';
  const diff: number[] = [];
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) diff.push(i);
  // Day of birth is digits 7–8 (1-based); a woman's is the day + 40.
  if (diff.every((i) => i === 6 || i === 7) && a.slice(0, 6) === b.slice(0, 6) && a.slice(8) === b.slice(8)) {
    const da = Number(a.slice(6, 8));
    const db = Number(b.slice(6, 8));
    if (Math.abs(da - db) === 40) return 'sex_day';
  }
  // Digits 13–16 are the sequence Dukcapil gives people of one district born on one day: a difference there
  // is also what two different people's NIKs look like, so it weighs less than a typo in the region or date.
  const inSequence = diff.every((i) => i >= 12);
  if (diff.length === 1) return inSequence ? 'sequence' : 'one_digit';
  if (diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!])
    return inSequence ? 'sequence' : 'transposed';
  return 'unrelated';
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Same name once normalised; similar when at most two letters differ (a name of 6 letters or more) or the words are reordered. */
export function nameRelation(a: string, b: string): NameRelation {
  const ka = nameKey(a);
  const kb = nameKey(b);
  if (ka === kb) return 'same';
  if (ka.split(' ').sort().join(' ') === kb.split(' ').sort().join(' ')) return 'similar';
  if (Math.min(ka.length, kb.length) >= 6 && editDistance(ka, kb, 2) <= 2) return 'similar';
  return 'different';
}

const NIK_HOW: Record<NikRelation, string> = {
  sex_day: 'NIK sama kecuali tanggal lahir +40 (penanda perempuan) / same NIK but the +40 day that marks a woman',
  transposed: 'NIK sama kecuali dua angka bersebelahan tertukar / same NIK with two neighbouring digits swapped',
  one_digit: 'NIK berbeda satu angka / NIKs differ in one digit',
  sequence: 'NIK berbeda hanya di nomor urut / NIKs differ only in the sequence number',
  unrelated: 'NIK berbeda / different NIKs',
};

/** The verdict on a pair: which fields agree and how, the points of each, and whether the pair is flagged. */
export function judgePair(a: DuplicateSide, b: DuplicateSide): PairVerdict {
  const agreements: Agreement[] = [];
  const nik = nikRelation(a.nik, b.nik);
  agreements.push({ field: 'nik', how: NIK_HOW[nik], points: POINTS.nik[nik] });
  const name = nameRelation(a.fullName, b.fullName);
  agreements.push({
    field: 'name',
    how: { same: 'nama sama / same name', similar: 'nama mirip / similar name', different: 'nama berbeda / different names' }[name],
    points: POINTS.name[name],
  });
  if (a.birthDate === b.birthDate) agreements.push({ field: 'birthDate', how: 'tanggal lahir sama / same birth date', points: POINTS.birthDate });
  if (a.villageCode === b.villageCode) agreements.push({ field: 'place', how: 'desa sama / same village', points: POINTS.village });
  else if (a.villageCode.slice(0, 8) === b.villageCode.slice(0, 8))
    agreements.push({ field: 'place', how: 'kecamatan sama / same district', points: POINTS.district });
  const score = agreements.reduce((s, x) => s + x.points, 0);
  // A NIK that is unrelated never makes a duplicate on its own evidence: a common name, a birthday and a village are not a person.
  return { score, flagged: score >= FLAG_SCORE && nik !== 'unrelated', agreements };
}
