import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { AppError } from '../../errors.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { findUserByUsername } from '../users/users.repository.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as sessions from './sessions.repository.js';

const MAX_FAILURES = 5;
const FAILURE_WINDOW_MINUTES = 15;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginResult {
  token: string;
  csrfToken: string;
}

/**
 * Checks the password and opens a session. After 5 failures in 15 minutes a username is refused
 * for the rest of the window — counted in the database so every instance sees the same count.
 */
export async function login(db: Db, username: string, password: string, sessionHours: number): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  if ((await sessions.recentLoginFailures(db, name, FAILURE_WINDOW_MINUTES)) >= MAX_FAILURES) {
    throw new AppError('rate_limited', {
      id: 'Terlalu banyak percobaan masuk yang gagal; coba lagi dalam 15 menit',
      en: 'Too many failed logins; try again in 15 minutes',
    });
  }
  const user = await findUserByUsername(db, name);
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  if (!user || !ok || !user.active) {
    await sessions.recordLoginFailure(db, name);
    throw new AppError('unauthenticated', { id: 'Nama pengguna atau kata sandi salah', en: 'Wrong username or password' });
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction(async (tx) => {
    await sessions.clearLoginFailures(tx, name);
    await sessions.insertSession(tx, { tokenHash: hashToken(token), userId: user.id, csrfToken, hours: sessionHours });
    const actor: Actor = { id: user.id, username: user.username, role: user.role, scope: user.region_code };
    await insertAudit(tx, actor, { action: 'auth.login', entity: 'user', entityId: String(user.id), regionCode: user.region_code });
  });
  return { token, csrfToken };
}

export async function logout(db: Db, token: string): Promise<void> {
  await sessions.deleteSession(db, hashToken(token));
}

export async function resolveSession(db: Db, token: string): Promise<(sessions.SessionUser & { actor: Actor }) | null> {
  const row = await sessions.findSessionUser(db, hashToken(token));
  if (!row) return null;
  return { ...row, actor: { id: row.user_id, username: row.username, role: row.role, scope: row.region_code } };
}
