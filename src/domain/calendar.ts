import { AppError } from '../errors.js';
import { problem } from './problem.js';

/**
 * Calendar rules every module shares: days and months as Indonesian offices write them in data
 * ("YYYY-MM-DD", "YYYY-MM"), and today in WIB (Asia/Jakarta) — coverage and protection dates are local.
 */
/** Whether "YYYY-MM-DD" is a day of the calendar (no 30 February), between 1900 and 2100. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2100 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A calendar day written YYYY-MM-DD (no 30 February). */
export const isDate = (v: string): boolean => isCalendarDate(v);

/** Today in Asia/Jakarta, "YYYY-MM-DD". */
export function todayJakarta(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' });
}

/** A day given by a user (default today in WIB), refused naming the field when it is not a calendar day. */
export function checkDate(field: string, v: string | undefined): string {
  const day = v ?? todayJakarta();
  if (!isDate(day)) throw AppError.validation([problem(field, 'format', `${field} harus berbentuk TTTT-BB-HH`, `${field} must look like YYYY-MM-DD`)]);
  return day;
}

/** "YYYY-MM" with a real month. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** "YYYY-MM" → the months from..to inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
