import type { Queryable } from '../../db/db.js';
import type { Role } from '../../domain/roles.js';

export interface SessionUser {
  user_id: number;
  username: string;
  full_name: string;
  role: Role;
  region_code: string | null;
  csrf_token: string;
}

export async function insertSession(db: Queryable, s: { tokenHash: string; userId: number; csrfToken: string; hours: number }): Promise<void> {
  await db.query(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`, [
    s.tokenHash,
    s.userId,
    s.csrfToken,
    s.hours,
  ]);
}

export async function findSessionUser(db: Queryable, tokenHash: string): Promise<SessionUser | null> {
  const rows = await db.query<SessionUser>(
    `SELECT s.user_id, u.username, u.full_name, u.role, u.region_code, s.csrf_token
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteExpiredSessions(db: Queryable): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at <= now()');
}

export async function recentLoginFailures(db: Queryable, username: string, minutes: number): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*) AS n FROM login_failures WHERE username = $1 AND at > now() - make_interval(mins => $2)`, [
    username,
    minutes,
  ]);
  return rows[0]?.n ?? 0;
}

export async function recordLoginFailure(db: Queryable, username: string): Promise<void> {
  await db.query('INSERT INTO login_failures (username) VALUES ($1)', [username]);
}

export async function clearLoginFailures(db: Queryable, username: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE username = $1', [username]);
}
