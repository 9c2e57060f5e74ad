import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/db.js';
import { DONOR_SCOPE, requirePermission, type Actor } from '../../actor.js';
import { canSee, donorOf } from '../../access/access.js';
import { personal } from '../../access/personal.js';
import { problem, type Problem } from '../../domain/problem.js';
import { todayJakarta } from '../../domain/calendar.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { DONOR_KINDS, type DonorKind } from '../../domain/donors.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegion } from '../regions/regions.repository.js';
import { activateDonorAccount, createDonorAccount, setDonorPassword } from '../users/users.service.js';
import { isEmail, queueMail } from '../mail/mail.service.js';
import * as donorsRepo from './donors.repository.js';
import type { DonorInput, DonorView } from './donors.schemas.js';

/**
 * Donors and what their money does (DOMAIN §7). A donor signs up (or an operator records them), pays for a
 * named worker or a pool, and the paid donation becomes an approved plan of the regency's donor program, so
 * the worker is checked, enrolled and billed like anyone else, to the donor's own source (SL/SC).
 */

const hash = (t: string) => createHash('sha256').update(t).digest('hex');
const token = () => randomBytes(32).toString('base64url');
const VERIFY_HOURS = 48;
const RESET_HOURS = 2;

export const notFound = (what: string, id: number) => new AppError('not_found', { id: `${what} #${id} tidak ditemukan`, en: `${what} #${id} not found` });

/** Staff who manage donors, or the donor themself for their own rows. */
export function requireDonorOrStaff(actor: Actor, staffPermission: 'donors.read' | 'donors.manage'): void {
  if (donorOf(actor) !== null) return requirePermission(actor, 'donor.self');
  requirePermission(actor, staffPermission);
}

// ---------------------------------------------------------------- donors

function cleanDonor(input: DonorInput): { donor?: Omit<DonorInput, 'password'> & { email: string }; problems: Problem[] } {
  const problems: Problem[] = [];
  const kind = input.kind as DonorKind;
  if (!(DONOR_KINDS as readonly string[]).includes(kind))
    problems.push(problem('kind', 'choice', 'Pilih jenis donatur: ASN, warga atau perusahaan', 'Choose the kind of donor: civil servant, citizen or company'));
  const name = (input.name ?? '').trim();
  if (name.length < 2 || name.length > 200) problems.push(problem('name', 'required', 'Nama wajib diisi (2–200 huruf)', 'Name is required (2–200 characters)'));
  const email = (input.email ?? '').trim().toLowerCase();
  // The address is the donor's user name: letters, digits and . _ + - only (what a user name may hold), at most 100.
  if (!isEmail(email) || !/^[a-z0-9._+-]+@[a-z0-9.-]+$/.test(email) || email.length > 100)
    problems.push(
      problem(
        'email',
        'format',
        'Alamat e-mail tidak valid (huruf, angka dan . _ + - saja, maks. 100)',
        'Not a valid e-mail address (letters, digits and . _ + - only, at most 100)',
      ),
    );
  const nip = (input.nip ?? '').replace(/\s/g, '') || null;
  if (kind === 'civil_servant' && !/^\d{18}$/.test(nip ?? ''))
    problems.push(problem('nip', 'format', 'NIP ASN harus 18 angka', "A civil servant's NIP has 18 digits"));
  const npwp = (input.npwp ?? '').replace(/[\s.-]/g, '') || null;
  if (kind === 'company' && !/^\d{15,16}$/.test(npwp ?? ''))
    problems.push(problem('npwp', 'format', 'NPWP perusahaan harus 15 atau 16 angka', "A company's NPWP has 15 or 16 digits"));
  if (kind === 'company' && !(input.contactName ?? '').trim())
    problems.push(problem('contactName', 'required', 'Nama penghubung perusahaan wajib diisi', "The company's contact person is required"));
  const phone = (input.phone ?? '').replace(/[\s-]/g, '') || null;
  if (phone !== null && !/^(\+62|0)8\d{7,11}$/.test(phone))
    problems.push(problem('phone', 'format', 'Nomor HP harus seperti 0812…', 'The phone number must look like 0812…'));
  if (problems.length > 0) return { problems };
  return {
    donor: {
      kind,
      name,
      email,
      nip: kind === 'civil_servant' ? nip : null,
      npwp: kind === 'company' ? npwp : null,
      contactName: (input.contactName ?? '').trim() || null,
      phone,
      regencyCode: input.regencyCode,
    },
    problems,
  };
}

async function checkRegency(db: Queryable, code: string | undefined): Promise<string> {
  const c = normalizeRegionCode(code ?? '');
  const r = c ? await findRegion(db, c) : null;
  if (!r || r.level !== 'regency')
    throw AppError.validation([problem('regencyCode', 'unknown', 'Pilih kabupaten/kota tempat Anda berdonasi', 'Choose the regency you give in')]);
  return r.code;
}

async function insertDonorRow(
  tx: Queryable,
  actor: Actor,
  d: NonNullable<ReturnType<typeof cleanDonor>['donor']>,
  regency: string,
  verified: boolean,
): Promise<number> {
  if (await donorsRepo.donorByEmail(tx, d.email))
    throw AppError.validation([
      problem(
        'email',
        'taken',
        'Alamat e-mail ini sudah terdaftar; masuk atau atur ulang kata sandi',
        'This e-mail address is already registered; sign in or reset the password',
      ),
    ]);
  const id = await donorsRepo.insertDonor(tx, {
    kind: d.kind,
    name: d.name,
    nip: d.nip ?? null,
    npwp: d.npwp ?? null,
    contactName: d.contactName ?? null,
    email: d.email,
    phone: d.phone ?? null,
    regionCode: regency,
    verified,
    createdBy: actor.username,
  });
  await insertAudit(tx, actor, { action: 'donor.create', entity: 'donor', entityId: String(id), regionCode: regency, after: { kind: d.kind, name: d.name } });
  return id;
}

/**
 * A citizen, civil servant or company signs up from the public page: the account stays closed until the
 * link sent to the address is opened. The answer never says whether an address was already known.
 */
export async function signUp(db: Queryable, input: DonorInput, publicUrl: string): Promise<{ ok: true }> {
  const { donor, problems } = cleanDonor(input);
  if (!donor) throw AppError.validation(problems);
  const regency = await checkRegency(db, input.regencyCode);
  return db.transaction(async (tx) => {
    const known = await donorsRepo.donorByEmail(tx, donor.email);
    if (known) {
      // Someone signing up with a known address: the owner is told by e-mail; the page answers as always.
      await queueMail(tx, {
        to: donor.email,
        subject: 'Jaring: alamat e-mail Anda sudah terdaftar',
        text: `Ada yang mencoba mendaftar sebagai donatur Jaring dengan alamat ini. Jika itu Anda, masuk atau atur ulang kata sandi di ${publicUrl}/donor/reset.\n\nSomeone tried to sign up as a Jaring donor with this address. If it was you, sign in or reset your password at ${publicUrl}/donor/reset.`,
        purpose: 'donor.signup_known',
      });
      return { ok: true as const };
    }
    const system: Actor = { id: null, username: `signup:${donor.email}`, role: 'donor', scope: DONOR_SCOPE, donorId: null };
    const id = await insertDonorRow(tx, system, donor, regency, false);
    await createDonorAccount(tx, { email: donor.email, fullName: donor.name, password: input.password ?? '', donorId: id, active: false });
    const t = token();
    await donorsRepo.insertToken(tx, { hash: hash(t), donorId: id, purpose: 'verify', hours: VERIFY_HOURS });
    await queueMail(tx, {
      to: donor.email,
      subject: 'Jaring: pastikan alamat e-mail Anda / confirm your e-mail address',
      text:
        `Terima kasih telah mendaftar sebagai donatur, ${donor.name}.\n\nBuka tautan ini dalam ${VERIFY_HOURS} jam untuk memastikan alamat e-mail Anda:\n${publicUrl}/donor/verify?token=${t}\n\n` +
        `Thank you for signing up as a donor. Open this link within ${VERIFY_HOURS} hours to confirm your address.`,
      purpose: 'donor.verify',
    });
    return { ok: true as const };
  });
}

export async function verifyEmail(db: Queryable, t: string): Promise<{ ok: true; email: string }> {
  return db.transaction(async (tx) => {
    const donorId = await donorsRepo.useToken(tx, hash(t ?? ''), 'verify');
    if (donorId === null)
      throw AppError.validation([
        problem(
          'token',
          'invalid',
          'Tautan tidak berlaku (sudah dipakai atau kedaluwarsa); daftar atau minta tautan baru',
          'The link is not valid (used or expired); sign up again or ask for a new link',
        ),
      ]);
    await donorsRepo.markVerified(tx, donorId);
    await activateDonorAccount(tx, donorId);
    const d = (await donorsRepo.donorById(tx, donorId))!;
    await insertAudit(tx, donorActor(d), { action: 'donor.verify', entity: 'donor', entityId: String(donorId), regionCode: d.region_code });
    return { ok: true as const, email: d.email };
  });
}

export const donorActor = (d: { id: number; email: string }): Actor => ({ id: null, username: d.email, role: 'donor', scope: DONOR_SCOPE, donorId: d.id });

/** Sends a reset link when the address belongs to a donor; answers the same either way. */
export async function requestPasswordReset(db: Queryable, email: string, publicUrl: string): Promise<{ ok: true }> {
  const e = (email ?? '').trim().toLowerCase();
  if (!isEmail(e)) throw AppError.validation([problem('email', 'format', 'Alamat e-mail tidak valid', 'Not a valid e-mail address')]);
  return db.transaction(async (tx) => {
    const d = await donorsRepo.donorByEmail(tx, e);
    if (!d) return { ok: true as const };
    const t = token();
    await donorsRepo.insertToken(tx, { hash: hash(t), donorId: d.id, purpose: 'reset', hours: RESET_HOURS });
    await queueMail(tx, {
      to: d.email,
      subject: 'Jaring: atur ulang kata sandi / reset your password',
      text: `Buka tautan ini dalam ${RESET_HOURS} jam untuk membuat kata sandi baru:\n${publicUrl}/donor/reset?token=${t}\n\nIf you did not ask for this, ignore this message.`,
      purpose: 'donor.reset',
      regionCode: d.region_code,
    });
    return { ok: true as const };
  });
}

export async function resetPassword(db: Queryable, t: string, password: string): Promise<{ ok: true }> {
  return db.transaction(async (tx) => {
    const donorId = await donorsRepo.useToken(tx, hash(t ?? ''), 'reset');
    if (donorId === null)
      throw AppError.validation([
        problem(
          'token',
          'invalid',
          'Tautan tidak berlaku (sudah dipakai atau kedaluwarsa); minta tautan baru',
          'The link is not valid (used or expired); ask for a new one',
        ),
      ]);
    const d = (await donorsRepo.donorById(tx, donorId))!;
    await setDonorPassword(tx, donorId, password ?? '', [d.email, d.name]);
    await donorsRepo.markVerified(tx, donorId);
    await insertAudit(tx, donorActor(d), { action: 'donor.password_reset', entity: 'donor', entityId: String(donorId), regionCode: d.region_code });
    return { ok: true as const };
  });
}

/** An operator records a donor (a company that signed a CSR letter, a civil servant at a launch); the donor is sent a link to set a password. */
export async function createDonor(db: Queryable, actor: Actor, input: DonorInput, publicUrl: string): Promise<DonorView> {
  requirePermission(actor, 'donors.manage');
  const { donor, problems } = cleanDonor(input);
  if (!donor) throw AppError.validation(problems);
  const regency = await checkRegency(db, input.regencyCode ?? actor.scope?.slice(0, 5));
  if (!canSee(actor, regency))
    throw AppError.validation([
      problem('regencyCode', 'out_of_scope', `Kabupaten/kota ${regency} di luar wilayah Anda`, `Regency ${regency} is outside your region`),
    ]);
  return db.transaction(async (tx) => {
    const id = await insertDonorRow(tx, actor, donor, regency, false);
    await createDonorAccount(tx, { email: donor.email, fullName: donor.name, password: token() + 'Aa1!', donorId: id, active: false });
    const t = token();
    await donorsRepo.insertToken(tx, { hash: hash(t), donorId: id, purpose: 'reset', hours: 24 * 7 });
    await queueMail(tx, {
      to: donor.email,
      subject: 'Jaring: akun donatur Anda / your donor account',
      text: `${donor.name} telah dicatat sebagai donatur di ${regency}. Buat kata sandi Anda dalam 7 hari:\n${publicUrl}/donor/reset?token=${t}`,
      purpose: 'donor.invite',
      regionCode: regency,
    });
    return getDonor(tx, actor, id);
  });
}

export function presentDonor(actor: Actor, d: donorsRepo.DonorRow & Partial<donorsRepo.DonorListRow>): DonorView {
  const p = personal(actor);
  const own = donorOf(actor) === d.id;
  return {
    id: d.id,
    kind: d.kind,
    name: d.name,
    nip: d.nip === null ? null : own || p.full ? d.nip : `${d.nip.slice(0, 4)}••••••••••${d.nip.slice(-4)}`,
    npwp: d.npwp,
    contactName: d.contact_name,
    email: d.email,
    phone: own ? d.phone : p.phone(d.phone),
    regencyCode: d.region_code,
    regencyName: d.region_name,
    verified: d.email_verified_at !== null,
    createdAt: d.created_at.toISOString(),
    sponsorships: d.sponsorships ?? null,
    paid: d.paid ?? null,
    expected: d.expected ?? null,
    workers: d.workers ?? null,
    lastPaidOn: d.last_paid_on ?? null,
  } as DonorView;
}

export async function getDonor(db: Queryable, actor: Actor, id: number): Promise<DonorView> {
  requireDonorOrStaff(actor, 'donors.read');
  const d = await donorsRepo.findDonor(db, actor, id);
  if (!d) throw notFound('Donatur', id);
  return presentDonor(actor, d);
}

export async function listDonors(
  db: Queryable,
  actor: Actor,
  q: { search?: string; kind?: string; page?: number },
): Promise<{ items: DonorView[]; total: number }> {
  requirePermission(actor, 'donors.read');
  const page = Math.max(1, q.page ?? 1);
  const rows = await donorsRepo.listDonors(db, actor, { search: q.search?.trim() || undefined, kind: q.kind || undefined, limit: 50, offset: (page - 1) * 50 });
  return { items: rows.map((r) => presentDonor(actor, r)), total: rows[0]?.total ?? 0 };
}

export async function lapsedDonors(db: Queryable, actor: Actor, year?: number) {
  requirePermission(actor, 'donors.read');
  const y = year ?? Number(todayJakarta().slice(0, 4));
  const rows = await donorsRepo.lapsedDonors(db, actor, y);
  await insertAudit(db, actor, {
    action: 'donor.lapsed_list',
    entity: 'donor',
    entityId: null,
    regionCode: actor.scope,
    after: { year: y, count: rows.length },
  });
  return {
    year: y,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      email: r.email,
      regencyCode: r.region_code,
      lastYear: r.last_year,
      lastPaidOn: r.last_paid_on,
    })),
  };
}
