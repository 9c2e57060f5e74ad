import { canSee } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { isRole as isAnyRole, scopeFitsRole, type Role } from '../../domain/roles.js';

/** Roles an administrator gives: a donor account is made by the donors module with its donor row. */
const isRole = (v: string): v is Role => isAnyRole(v) && v !== 'donor';
import { problem, type Problem } from '../../domain/problem.js';
import { AppError } from '../../errors.js';
import { hashPassword } from '../../access/password.js';
import { passwordProblems } from '../../domain/password-policy.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegion } from '../regions/regions.repository.js';
import { parseRegionCode } from '../regions/regions.service.js';
import * as repo from './users.repository.js';
import { endSessionsOf } from '../auth/sessions.repository.js';
import { isEmail } from '../mail/mail.service.js';

export interface UserView {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  regionCode: string | null;
  active: boolean;
  email: string | null;
}

export const presentUser = (u: repo.UserRow): UserView => ({
  id: u.id,
  username: u.username,
  fullName: u.full_name,
  role: u.role,
  regionCode: u.region_code,
  active: u.active,
  email: u.email,
});

export interface NewUser {
  username: string;
  fullName: string;
  password: string;
  role: string;
  regionCode: string | null;
  email?: string | null;
}

/** An optional e-mail address: trimmed, lower-cased, null when empty; a problem when it is not one. */
function emailOf(v: string | null | undefined, problems: Problem[]): string | null {
  const email = (v ?? '').trim().toLowerCase();
  if (email === '') return null;
  if (!isEmail(email)) problems.push(problem('email', 'format', 'Alamat e-mail tidak valid', 'Not a valid e-mail address'));
  return email;
}

/**
 * Creates an account. Only super admins create super admins; others create accounts inside their
 * own region only. The scope level must fit the role (a village operator gets a village).
 */
export async function createUser(db: Queryable, actor: Actor, input: NewUser): Promise<UserView> {
  requirePermission(actor, 'users.manage');
  const problems: Problem[] = [];
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) {
    problems.push(
      problem(
        'username',
        'username_format',
        'Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis',
        'Username must be 3–40 characters: lower-case letters, digits, dot, dash, underscore',
      ),
    );
  }
  problems.push(...passwordProblems(input.password, [input.username, input.fullName]));
  if (!input.fullName.trim()) problems.push(problem('fullName', 'required', 'Nama lengkap wajib diisi', 'Full name is required'));
  if (!isRole(input.role)) problems.push(problem('role', 'role_unknown', `Peran "${input.role}" tidak dikenal`, `Unknown role "${input.role}"`));
  const email = emailOf(input.email, problems);
  const regionCode = input.regionCode ? parseRegionCode('regionCode', input.regionCode) : null;
  if (problems.length > 0) throw AppError.validation(problems);
  const role = input.role as Role;
  if (regionCode && !(await findRegion(db, regionCode))) {
    throw AppError.validation([problem('regionCode', 'region_unknown', `Wilayah ${regionCode} tidak ada`, `Region ${regionCode} does not exist`)]);
  }
  if (!scopeFitsRole(role, regionCode)) {
    throw AppError.validation([
      problem(
        'regionCode',
        'scope_level',
        `Wilayah ${regionCode ?? '(nasional)'} tidak sesuai untuk peran ${role}`,
        `Region ${regionCode ?? '(national)'} does not fit role ${role}`,
      ),
    ]);
  }
  if ((role === 'super_admin' && actor.role !== 'super_admin') || (actor.scope !== null && (regionCode === null || !canSee(actor, regionCode)))) {
    throw new AppError('forbidden', { id: 'Anda hanya dapat membuat akun di wilayah Anda', en: 'You can only create accounts within your region' });
  }
  if (await repo.findUserByUsername(db, username)) {
    throw AppError.validation([problem('username', 'username_taken', `Nama pengguna "${username}" sudah dipakai`, `Username "${username}" is taken`)]);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await repo.insertUser(tx, { username, fullName: input.fullName.trim(), passwordHash, role, regionCode, email });
    const view = presentUser(row);
    await insertAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: String(row.id), regionCode, after: view });
    return view;
  });
}

export async function listUsers(db: Queryable, actor: Actor): Promise<UserView[]> {
  requirePermission(actor, 'users.manage');
  return (await repo.listUsers(db, actor)).map(presentUser);
}

export interface UserChange {
  fullName?: string;
  role?: string;
  regionCode?: string | null;
  active?: boolean;
  email?: string | null;
}

const notFound = (id: number) =>
  new AppError('not_found', { id: `Akun #${id} tidak ditemukan di wilayah Anda`, en: `Account #${id} not found in your region` });

/** Checks that `actor` may give an account this role and region (the same rules as creating one). */
async function checkAssignment(db: Queryable, actor: Actor, role: Role, regionCode: string | null): Promise<void> {
  if (regionCode && !(await findRegion(db, regionCode)))
    throw AppError.validation([problem('regionCode', 'region_unknown', `Wilayah ${regionCode} tidak ada`, `Region ${regionCode} does not exist`)]);
  if (!scopeFitsRole(role, regionCode))
    throw AppError.validation([
      problem(
        'regionCode',
        'scope_level',
        `Wilayah ${regionCode ?? '(nasional)'} tidak sesuai untuk peran ${role}`,
        `Region ${regionCode ?? '(national)'} does not fit role ${role}`,
      ),
    ]);
  if ((role === 'super_admin' && actor.role !== 'super_admin') || (actor.scope !== null && (regionCode === null || !canSee(actor, regionCode))))
    throw new AppError('forbidden', { id: 'Anda hanya dapat mengatur akun di wilayah Anda', en: 'You can only manage accounts within your region' });
}

/**
 * Edits an account's name, role, region or whether it may log in. Deactivating ends its sessions at
 * once; nobody deactivates or demotes their own account (an office must never lock itself out).
 */
export async function updateUser(db: Queryable, actor: Actor, id: number, change: UserChange): Promise<UserView> {
  requirePermission(actor, 'users.manage');
  return db.transaction(async (tx) => {
    const row = await repo.findUserInScope(tx, actor, id);
    if (!row) throw notFound(id);
    const problems: Problem[] = [];
    const fullName = change.fullName === undefined ? row.full_name : change.fullName.trim();
    if (!fullName) problems.push(problem('fullName', 'required', 'Nama lengkap wajib diisi', 'Full name is required'));
    if (change.role !== undefined && !isRole(change.role))
      problems.push(problem('role', 'role_unknown', `Peran "${change.role}" tidak dikenal`, `Unknown role "${change.role}"`));
    const regionCode = change.regionCode === undefined ? row.region_code : change.regionCode ? parseRegionCode('regionCode', change.regionCode) : null;
    const email = change.email === undefined ? row.email : emailOf(change.email, problems);
    if (problems.length > 0) throw AppError.validation(problems);
    const role = (change.role ?? row.role) as Role;
    const active = change.active ?? row.active;
    if (row.username === actor.username && (!active || role !== row.role || regionCode !== row.region_code))
      throw new AppError('conflict', {
        id: 'Anda tidak dapat menonaktifkan atau mengubah peran dan wilayah akun Anda sendiri',
        en: 'You cannot deactivate your own account or change its role or region',
      });
    await checkAssignment(tx, actor, role, regionCode);
    const updated = await repo.updateUserRow(tx, id, { fullName, role, regionCode, active, email });
    if (!active && row.active) await endSessionsOf(tx, id);
    const view = presentUser(updated);
    await insertAudit(tx, actor, { action: 'user.update', entity: 'user', entityId: String(id), regionCode, before: presentUser(row), after: view });
    return view;
  });
}

/** An administrator sets a new password (to hand over in person); the account's sessions end. */
export async function resetPassword(db: Queryable, actor: Actor, id: number, password: string): Promise<UserView> {
  requirePermission(actor, 'users.manage');
  return db.transaction(async (tx) => {
    const row = await repo.findUserInScope(tx, actor, id);
    if (!row) throw notFound(id);
    const problems = passwordProblems(password, [row.username, row.full_name]);
    if (problems.length > 0) throw AppError.validation(problems);
    await checkAssignment(tx, actor, row.role, row.region_code);
    const updated = await repo.updateUserRow(tx, id, {
      fullName: row.full_name,
      role: row.role,
      regionCode: row.region_code,
      active: row.active,
      email: row.email,
      passwordHash: await hashPassword(password),
    });
    const ended = await endSessionsOf(tx, id);
    await insertAudit(tx, actor, {
      action: 'user.password_reset',
      entity: 'user',
      entityId: String(id),
      regionCode: row.region_code,
      after: { sessionsEnded: ended },
    });
    return presentUser(updated);
  });
}

// ---------------------------------------------------------------- donors' accounts (called by the donors module)

/** Opens a donor's account (inactive until the e-mail address is verified); the password must be strong. */
export async function createDonorAccount(
  tx: Queryable,
  a: { email: string; fullName: string; password: string; donorId: number; active: boolean },
): Promise<number> {
  const problems = passwordProblems(a.password, [a.email, a.email.split('@')[0]!, a.fullName]);
  if (problems.length > 0) throw AppError.validation(problems);
  if (await repo.usernameTaken(tx, a.email))
    throw AppError.validation([problem('email', 'taken', 'Alamat e-mail ini sudah terdaftar', 'This e-mail address is already registered')]);
  return repo.insertDonorUser(tx, {
    username: a.email,
    fullName: a.fullName,
    passwordHash: await hashPassword(a.password),
    donorId: a.donorId,
    active: a.active,
  });
}

export async function activateDonorAccount(tx: Queryable, donorId: number): Promise<void> {
  await repo.updateDonorUser(tx, donorId, { active: true });
}

/** A new password chosen through a reset link: strong, and every open session of the account ends. */
export async function setDonorPassword(tx: Queryable, donorId: number, password: string, words: string[]): Promise<void> {
  const problems = passwordProblems(password, words);
  if (problems.length > 0) throw AppError.validation(problems);
  const id = await repo.updateDonorUser(tx, donorId, { passwordHash: await hashPassword(password), active: true });
  if (id !== null) await endSessionsOf(tx, id);
}
