import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { drawHeader, drawLetterhead, type OfficialHeader } from '../../files/official-pdf.js';
import { todayJakarta } from '../../domain/calendar.js';
import type { Queryable } from '../../db/db.js';
import { canSee } from '../../access/access.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegions } from '../regions/regions.repository.js';
import * as repo from './letterheads.repository.js';

/**
 * The office behind an official document: its letterhead (kop surat), the place documents are signed,
 * the signatory (name, position, rank, NIP) and how its documents are numbered. Each regency or
 * province configures its own; until it does, the letterhead is made from the region's name and the
 * signature line is left blank to be filled by hand. A document keeps the number it was first given.
 */
export interface Letterhead {
  regionCode: string;
  configured: boolean;
  government: string;
  office: string;
  address: string;
  contact: string;
  place: string;
  signatory: { name: string; position: string; rank: string; nip: string };
  classification: string;
  unitCode: string;
  hasLogo: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The office a region's documents come from: the regency for a district or village, the province, or the country (''). */
export function officeRegion(code: string | null): string {
  if (!code) return '';
  return code.length >= 5 ? code.slice(0, 5) : code.slice(0, 2);
}

const stripKind = (name: string) => name.replace(/^(Kabupaten|Kota|Provinsi)\s+/i, '');

async function defaultLetterhead(db: Queryable, office: string): Promise<Letterhead> {
  const base = { configured: false, address: '', contact: '', classification: '', unitCode: '', hasLogo: false, updatedBy: null, updatedAt: null };
  if (!office)
    return {
      ...base,
      regionCode: '',
      government: 'JARING',
      office: 'SISTEM PERLINDUNGAN PEKERJA RENTAN',
      place: 'Jakarta',
      signatory: { name: '', position: 'Administrator Jaring', rank: '', nip: '' },
    };
  const [r] = await findRegions(db, [office]);
  const name = r?.name ?? office;
  const government = office.length === 2 && !/^provinsi/i.test(name) ? `PEMERINTAH PROVINSI ${name}` : `PEMERINTAH ${name}`;
  return {
    ...base,
    regionCode: office,
    government: government.toUpperCase(),
    office: 'DINAS TENAGA KERJA',
    place: stripKind(name),
    signatory: { name: '', position: 'Kepala Dinas Tenaga Kerja', rank: '', nip: '' },
  };
}

const present = (r: repo.LetterheadRow): Letterhead => ({
  regionCode: r.region_code,
  configured: true,
  government: r.government,
  office: r.office,
  address: r.address,
  contact: r.contact,
  place: r.place,
  signatory: { name: r.signatory_name, position: r.signatory_position, rank: r.signatory_rank, nip: r.signatory_nip },
  classification: r.classification,
  unitCode: r.unit_code,
  hasLogo: r.has_logo,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** The letterhead for a region's documents (no access check: callers have checked the document). */
export async function letterheadFor(db: Queryable, regionCode: string | null): Promise<Letterhead> {
  const office = officeRegion(regionCode);
  const codes = [office, office.slice(0, 2), ''].filter((c, i, a) => a.indexOf(c) === i);
  const row = await repo.nearestLetterhead(db, codes);
  return row && row.region_code === office ? present(row) : await defaultLetterhead(db, office);
}

export async function letterheadLogo(db: Queryable, regionCode: string): Promise<{ logo: Buffer; type: string } | null> {
  const r = await repo.findLogo(db, regionCode);
  return r ? { logo: Buffer.from(r.logo), type: r.logo_type } : null;
}

function officeOf(actor: Actor, raw: string | null | undefined): string {
  const code = raw === undefined || raw === null || raw === '' ? officeRegion(actor.scope) : normalizeRegionCode(raw);
  if (code === null) throw AppError.validation([problem('regionCode', 'format', `Kode wilayah "${raw}" tidak valid`, `Invalid region code "${raw}"`)]);
  if (code !== officeRegion(code))
    throw AppError.validation([
      problem('regionCode', 'level', 'Kop surat dimiliki kabupaten/kota atau provinsi', 'A letterhead belongs to a regency/city or a province'),
    ]);
  return code;
}

export async function getLetterhead(db: Queryable, actor: Actor, regionCode?: string | null): Promise<Letterhead> {
  requirePermission(actor, 'workers.read');
  const office = officeOf(actor, regionCode);
  // One's own office (a village operator's regency included), or any office inside one's scope.
  if (office && !canSee(actor, office) && !(actor.scope && actor.scope.startsWith(office)))
    throw new AppError('not_found', { id: 'Wilayah di luar cakupan Anda', en: 'Region outside your scope' });
  return letterheadFor(db, office || null);
}

export interface LetterheadInput {
  regionCode?: string | null;
  government: string;
  office: string;
  address?: string;
  contact?: string;
  place: string;
  signatory: { name?: string; position?: string; rank?: string; nip?: string };
  classification?: string;
  unitCode?: string;
}

/** Saves an office's letterhead; only for one's own office (or any, nationally). */
export async function saveLetterhead(db: Queryable, actor: Actor, input: LetterheadInput): Promise<Letterhead> {
  requirePermission(actor, 'settings.write');
  const office = officeOf(actor, input.regionCode);
  if (actor.scope !== null && office !== officeRegion(actor.scope))
    throw new AppError('forbidden', { id: 'Anda hanya dapat mengatur kop surat kantor Anda', en: 'You can only set your own office’s letterhead' });
  const clean = (v: string | undefined, max: number) =>
    (v ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, max + 1);
  const f = {
    government: clean(input.government, 120),
    office: clean(input.office, 120),
    address: clean(input.address, 200),
    contact: clean(input.contact, 200),
    place: clean(input.place, 60),
    name: clean(input.signatory.name, 120),
    position: clean(input.signatory.position, 160),
    rank: clean(input.signatory.rank, 120),
    nip: (input.signatory.nip ?? '').replace(/\s/g, ''),
    classification: clean(input.classification, 30),
    unitCode: clean(input.unitCode, 40),
  };
  const problems: Problem[] = [];
  const need = (v: string, field: string, id: string, en: string, max: number) => {
    if (!v) problems.push(problem(field, 'required', `${id} wajib diisi`, `${en} is required`));
    else if (v.length > max) problems.push(problem(field, 'length', `${id} paling panjang ${max} karakter`, `${en} is at most ${max} characters`));
  };
  need(f.government, 'government', 'Nama pemerintah daerah', 'Government name', 120);
  need(f.office, 'office', 'Nama kantor', 'Office name', 120);
  need(f.place, 'place', 'Tempat penandatanganan', 'Place of signing', 60);
  for (const [v, field, max] of [
    [f.address, 'address', 200],
    [f.contact, 'contact', 200],
    [f.name, 'signatory.name', 120],
    [f.position, 'signatory.position', 160],
    [f.rank, 'signatory.rank', 120],
    [f.classification, 'classification', 30],
    [f.unitCode, 'unitCode', 40],
  ] as const)
    if (v.length > max) problems.push(problem(field, 'length', `Paling panjang ${max} karakter`, `At most ${max} characters`));
  // NIP: 18 digits (birth date, appointment month, sex, number).
  if (f.nip && !/^\d{18}$/.test(f.nip)) problems.push(problem('signatory.nip', 'format', 'NIP harus 18 angka', 'The NIP must be 18 digits'));
  if (problems.length > 0) throw AppError.validation(problems);
  return db.transaction(async (tx) => {
    await repo.upsertLetterhead(tx, {
      region_code: office,
      government: f.government,
      office: f.office,
      address: f.address,
      contact: f.contact,
      place: f.place,
      signatory_name: f.name,
      signatory_position: f.position,
      signatory_rank: f.rank,
      signatory_nip: f.nip,
      classification: f.classification,
      unit_code: f.unitCode,
      updated_by: actor.username,
    });
    const saved = await letterheadFor(tx, office || null);
    await insertAudit(tx, actor, { action: 'letterhead.save', entity: 'letterhead', entityId: office || 'ID', regionCode: office || null, after: saved });
    return saved;
  });
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
export const MAX_LOGO_BYTES = 256 * 1024;

/** Sets the office's logo from an uploaded PNG or JPEG (read by its first bytes, not its name). */
export async function saveLogo(db: Queryable, actor: Actor, input: { path: string; regionCode?: string | null }): Promise<Letterhead> {
  requirePermission(actor, 'settings.write');
  const office = officeOf(actor, input.regionCode);
  if (actor.scope !== null && office !== officeRegion(actor.scope))
    throw new AppError('forbidden', { id: 'Anda hanya dapat mengatur kop surat kantor Anda', en: 'You can only set your own office’s letterhead' });
  const bytes = readFileSync(input.path);
  const type = bytes.subarray(0, 8).equals(PNG) ? 'image/png' : bytes.subarray(0, 3).equals(JPEG) ? 'image/jpeg' : null;
  if (!type) throw AppError.validation([problem('file', 'format', 'Logo harus berkas PNG atau JPEG', 'The logo must be a PNG or JPEG file')]);
  if (bytes.length > MAX_LOGO_BYTES) throw AppError.validation([problem('file', 'size', 'Logo paling besar 256 KB', 'The logo is at most 256 KB')]);
  return db.transaction(async (tx) => {
    if (!(await repo.setLogo(tx, office, bytes, type, actor.username)))
      throw new AppError('conflict', { id: 'Simpan kop surat dahulu, lalu unggah logonya', en: 'Save the letterhead first, then upload its logo' });
    await insertAudit(tx, actor, {
      action: 'letterhead.logo',
      entity: 'letterhead',
      entityId: office || 'ID',
      regionCode: office || null,
      after: { type, bytes: bytes.length },
    });
    return letterheadFor(tx, office || null);
  });
}

/**
 * The number of an official document — "{classification}/{seq}/{unit}/{year}", the parts an office
 * has not set left out — the same each time the same document is printed. Call inside a transaction.
 */
export async function documentNumber(db: Queryable, actor: Actor, lh: Letterhead, d: { document: string; on: string }): Promise<string> {
  const year = Number(d.on.slice(0, 4));
  return repo.issueNumber(db, {
    regionCode: lh.regionCode,
    year,
    document: d.document,
    by: actor.username,
    format: (seq) => [lh.classification, String(seq), lh.unitCode, String(year)].filter(Boolean).join('/'),
  });
}

/**
 * Starts an official PDF in `out`: A4, the office's letterhead and logo, the document's number (the
 * same number when it is printed again), place and date, sifat, lampiran, hal and addressee. The caller
 * writes the body, then `drawSignature` (or not, for a report) and `doc.end()`.
 */
export async function startOfficialPdf(
  db: Queryable,
  actor: Actor,
  o: { regionCode: string | null; document: string; title: string; header: Omit<OfficialHeader, 'number' | 'date'>; date?: string },
  out: Writable,
): Promise<{ doc: PDFKit.PDFDocument; letterhead: Letterhead; number: string }> {
  const { default: PDFDocument } = await import('pdfkit');
  const date = o.date ?? todayJakarta();
  const letterhead = await letterheadFor(db, o.regionCode);
  const number = await db.transaction((tx) => documentNumber(tx, actor, letterhead, { document: o.document, on: date }));
  const logo = letterhead.hasLogo ? await letterheadLogo(db, letterhead.regionCode) : null;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 40, left: 64, right: 56, bottom: 48 },
    info: { Title: `${o.title} ${number}`, Author: letterhead.office },
  });
  doc.pipe(out);
  drawLetterhead(doc, letterhead, logo?.logo ?? null);
  drawHeader(doc, letterhead, { ...o.header, number, date });
  return { doc, letterhead, number };
}
