import type { Actor } from '../actor.js';
import { maskNik } from '../domain/nik.js';
import { maskKpj } from '../domain/protection.js';
import { seesFullIdentifiers } from './access.js';

/**
 * The one presenter for personal identifiers (UU 27/2022: only those who need them see them):
 * every JSON answer and every CSV/XLSX/PDF export passes NIK, KPJ, phone, birth date and address
 * through it. Roles with `nik.full` see them as stored; the others see masked forms that still
 * let a person recognise a record (first and last digits, the year of birth, the village).
 */
export interface PersonalPresenter {
  readonly full: boolean;
  nik(v: string): string;
  nik(v: string | null): string | null;
  kpj(v: string): string;
  kpj(v: string | null): string | null;
  phone(v: string | null): string | null;
  birthDate(v: string | null): string | null;
  address(v: string | null): string | null;
  /** A bank account number (an heir's): the last four digits only, for roles without the right. */
  account(v: string): string;
  /** A free-text cell that may hold any identifier (an import's original cells): masked whole for roles without the right. */
  cell(v: string | null): string | null;
}

const maskPhone = (p: string) => (p.length > 6 ? p.slice(0, 5) + '•'.repeat(p.length - 8) + p.slice(-3) : '•'.repeat(p.length));
/** Digits that could be a NIK, KPJ or phone number inside free text. */
const LONG_DIGITS = /\d{6,}/g;

export function personal(actor: Actor | null): PersonalPresenter {
  const full = seesFullIdentifiers(actor);
  const keep = <T>(v: T) => v;
  return {
    full,
    nik: (full ? keep : (v: string | null) => (v === null ? null : maskNik(v))) as PersonalPresenter['nik'],
    kpj: (full ? keep : (v: string | null) => (v === null ? null : maskKpj(v))) as PersonalPresenter['kpj'],
    phone: full ? keep : (v) => (v === null ? null : maskPhone(v)),
    // Birth dates and addresses are kept for the roles that register people; others see the year / nothing.
    birthDate: full ? keep : (v) => (v === null ? null : v.slice(0, 4)),
    address: full ? keep : (v) => (v === null ? null : v === '' ? '' : '•••'),
    account: full ? keep : (v) => (v.length <= 4 ? '•'.repeat(v.length) : '•'.repeat(v.length - 4) + v.slice(-4)),
    cell: full ? keep : (v) => (v === null ? null : v.replace(LONG_DIGITS, (d) => (d.length >= 16 ? maskNik(d) : maskPhone(d)))),
  };
}

/**
 * One row of a file as it was uploaded (an import's sample, its rejected rows and report): each cell
 * is shown through the presenter by the field its column is mapped to; unmapped cells hide digit runs.
 */
export function presentCells(p: PersonalPresenter, cells: readonly string[], fieldOf: (column: number) => string | undefined): string[] {
  if (p.full) return [...cells];
  return cells.map((c, i) => presentCell(p, fieldOf(i), c));
}

export function presentCell(p: PersonalPresenter, field: string | undefined, value: string): string {
  if (p.full) return value;
  switch (field) {
    case 'nik':
      return p.nik(value);
    case 'phone':
      return p.phone(value) ?? '';
    case 'birthDate':
      return p.birthDate(value) ?? '';
    case 'address':
      return p.address(value) ?? '';
    default:
      return p.cell(value) ?? '';
  }
}
