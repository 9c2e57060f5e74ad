/**
 * Kemendagri region codes, written PP.KK.CC.DDDD (DOMAIN §6.2): province 2 digits, regency/city 2,
 * district 2, village 4. Regency codes 01–69, city codes 71–99.
 */
export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

const LEVEL_BY_DIGITS: Record<number, RegionLevel> = { 2: 'province', 4: 'regency', 6: 'district', 10: 'village' };
const PATTERN = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/** Accepts a code with or without dots ("3509012001", "35.09.01.2001") and returns the dotted form, or null. */
export function normalizeRegionCode(raw: string): string | null {
  const s = raw.trim();
  if (PATTERN.test(s)) return s;
  if (!/^\d+$/.test(s) || !(s.length in LEVEL_BY_DIGITS)) return null;
  const parts = [s.slice(0, 2), s.slice(2, 4), s.slice(4, 6), s.slice(6, 10)].filter((p) => p.length > 0);
  return parts.join('.');
}

export function regionLevel(code: string): RegionLevel {
  const level = LEVEL_BY_DIGITS[code.replaceAll('.', '').length];
  if (!level) throw new Error(`not a region code: ${code}`);
  return level;
}

export function parentRegionCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

/** The chain from province down to the code itself: 35 → 35.09 → 35.09.01 → 35.09.01.2001. */
export function regionAncestry(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** True when `code` lies inside `scope` (or is it). A null scope is the whole country. */
export function isWithinScope(code: string, scope: string | null): boolean {
  return scope === null || code === scope || code.startsWith(scope + '.');
}

/** Inside the scope, or an ancestor of it (see db/scope.ts visibleRegionCondition). */
export function isVisibleInScope(code: string, scope: string | null): boolean {
  return isWithinScope(code, scope) || (scope !== null && isWithinScope(scope, code));
}

export function isCityCode(regencyCode: string): boolean {
  const kk = Number(regencyCode.split('.')[1]);
  return kk >= 71;
}
