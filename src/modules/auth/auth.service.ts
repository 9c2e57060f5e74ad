import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../db/db.js';
import { DONOR_SCOPE, type Actor } from '../../actor.js';
import { AppError } from '../../errors.js';
import { DUMMY_HASH, verifyPassword } from '../../access/password.js';
import { findUserByUsername } from '../users/users.repository.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as sessions from './sessions.repository.js';

/** Failed logins counted over this window (in the database, so every instance sees the same counts). */
const WINDOW_MINUTES = 15;
/** Failures of one username from one address before each further try must wait, doubling from 5 s up to 15 min. */
const PAIR_FREE_FAILURES = 5;
/** Failures from one address (any usernames) before that address is refused for the window. */
const ADDRESS_FAILURES = 30;
/** Failures of one username from all addresses (a distributed attack) before everyone waits. */
const USERNAME_FAILURES = 100;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginResult {
  token: string;
  csrfToken: string;
}

const waitSeconds = (failures: number) => Math.min(5 * 2 ** (failures - PAIR_FREE_FAILURES), WINDOW_MINUTES * 60);

function throttled(seconds: number): AppError {
  return new AppError('rate_limited', {
    id: `Terlalu banyak percobaan masuk yang gagal; coba lagi dalam ${seconds} detik`,
    en: `Too many failed logins; try again in ${seconds} seconds`,
  });
}

/**
 * Checks the password and opens a session. Throttling, not locking: failures of a username from one
 * address make that address wait longer and longer before its next try (5 s, 10 s, … 15 min), so a
 * stranger guessing a known username slows only themself and the owner elsewhere still logs in; an
 * address failing on many usernames is refused for the window; a username failing from very many
 * addresses waits for everyone.
 */
export async function login(db: Db, username: string, password: string, sessionHours: number, address = ''): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  const f = await sessions.loginFailureCounts(db, name, address, WINDOW_MINUTES);
  if (f.address >= ADDRESS_FAILURES) throw throttled(WINDOW_MINUTES * 60);
  for (const [count, since] of [
    [f.pair, f.pairSeconds],
    [f.username >= USERNAME_FAILURES ? f.username - USERNAME_FAILURES + PAIR_FREE_FAILURES : 0, f.usernameSeconds],
  ] as const) {
    if (count >= PAIR_FREE_FAILURES && since < waitSeconds(count)) throw throttled(Math.ceil(waitSeconds(count) - since));
  }
  const user = await findUserByUsername(db, name);
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
  if (!user || !ok || !user.active) {
    await sessions.recordLoginFailure(db, name, address);
    throw new AppError('unauthenticated', { id: 'Nama pengguna atau kata sandi salah', en: 'Wrong username or password' });
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction(async (tx) => {
    await sessions.clearLoginFailures(tx, name, address);
    await sessions.insertSession(tx, { tokenHash: hashToken(token), userId: user.id, csrfToken, hours: sessionHours });
    const actor = actorOf({ user_id: user.id, username: user.username, role: user.role, region_code: user.region_code, donor_id: user.donor_id });
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
  return { ...row, actor: actorOf(row) };
}

/** The actor of a user row: a donor acts for their donor row, in a scope no region has. */
export function actorOf(u: Pick<sessions.SessionUser, 'user_id' | 'username' | 'role' | 'region_code' | 'donor_id'>): Actor {
  return u.role === 'donor'
    ? { id: u.user_id, username: u.username, role: u.role, scope: DONOR_SCOPE, donorId: u.donor_id }
    : { id: u.user_id, username: u.username, role: u.role, scope: u.region_code, donorId: null };
}

/** Public requests that send e-mail (donor sign-up, password reset): at most 10 per address in the window, counted in the database. */
export async function throttleMailRequests(db: Queryable, address: string): Promise<void> {
  const key = 'public-mail';
  const f = await sessions.loginFailureCounts(db, key, address, WINDOW_MINUTES);
  if (f.pair >= 10) throw throttled(WINDOW_MINUTES * 60);
  await sessions.recordLoginFailure(db, key, address);
}
