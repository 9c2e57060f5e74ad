import { canSee } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { isRole, scopeFitsRole, type Role } from '../../domain/roles.js';
import { problem, type Problem } from '../../domain/problem.js';
import { AppError } from '../../errors.js';
import { hashPassword } from '../../access/password.js';
import { passwordProblems } from '../../domain/password-policy.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegion } from '../regions/regions.repository.js';
import { parseRegionCode } from '../regions/regions.service.js';
import * as repo from './users.repository.js';

export interface UserView {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  regionCode: string | null;
  active: boolean;
}

export const presentUser = (u: repo.UserRow): UserView => ({
  id: u.id,
  username: u.username,
  fullName: u.full_name,
  role: u.role,
  regionCode: u.region_code,
  active: u.active,
});

export interface NewUser {
  username: string;
  fullName: string;
  password: string;
  role: string;
  regionCode: string | null;
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
    const row = await repo.insertUser(tx, { username, fullName: input.fullName.trim(), passwordHash, role, regionCode });
    const view = presentUser(row);
    await insertAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: String(row.id), regionCode, after: view });
    return view;
  });
}

export async function listUsers(db: Queryable, actor: Actor): Promise<UserView[]> {
  requirePermission(actor, 'users.manage');
  return (await repo.listUsers(db, actor)).map(presentUser);
}
