import type { Queryable } from '../../db/db.js';
import type { Role } from '../../domain/roles.js';

export interface SessionUser {
  user_id: number;
  username: string;
  full_name: string;
  role: Role;
  region_code: string | null;
  donor_id: number | null;
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
    `SELECT s.user_id, u.username, u.full_name, u.role, u.region_code, u.donor_id, s.csrf_token
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

/** Recent failures of the username from this address, of the address, and of the username; seconds since the last of each. */
export async function loginFailureCounts(
  db: Queryable,
  username: string,
  address: string,
  minutes: number,
): Promise<{ pair: number; pairSeconds: number; address: number; username: number; usernameSeconds: number }> {
  const [r] = await db.query<{ pair: number; pair_seconds: number | null; address: number; username: number; username_seconds: number | null }>(
    `SELECT count(*) FILTER (WHERE username = $1 AND address = $2)::int AS pair,
            extract(epoch FROM now() - max(at) FILTER (WHERE username = $1 AND address = $2))::float8 AS pair_seconds,
            count(*) FILTER (WHERE address = $2 AND $2 <> '')::int AS address,
            count(*) FILTER (WHERE username = $1)::int AS username,
            extract(epoch FROM now() - max(at) FILTER (WHERE username = $1))::float8 AS username_seconds
       FROM login_failures WHERE (username = $1 OR address = $2) AND at > now() - make_interval(mins => $3)`,
    [username, address, minutes],
  );
  return { pair: r!.pair, pairSeconds: r!.pair_seconds ?? 1e9, address: r!.address, username: r!.username, usernameSeconds: r!.username_seconds ?? 1e9 };
}

export async function recordLoginFailure(db: Queryable, username: string, address: string): Promise<void> {
  await db.query('INSERT INTO login_failures (username, address) VALUES ($1, $2)', [username, address]);
}

/** A successful login clears that address's failures for the username (a stranger's elsewhere stay counted). */
export async function clearLoginFailures(db: Queryable, username: string, address: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE username = $1 AND address = $2', [username, address]);
}

/** Housekeeping: sessions past their end, and login failures past any window. */
export async function purgeExpired(db: Queryable): Promise<{ sessions: number; failures: number }> {
  const s = await db.query<{ n: number }>('WITH d AS (DELETE FROM sessions WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM d');
  const f = await db.query<{ n: number }>(
    `WITH d AS (DELETE FROM login_failures WHERE at < now() - interval '1 day' RETURNING 1) SELECT count(*)::int AS n FROM d`,
  );
  return { sessions: s[0]!.n, failures: f[0]!.n };
}

/** Ends every session of a user (deactivated, or given a new password by an administrator). */
export async function endSessionsOf(db: Queryable, userId: number): Promise<number> {
  const r = await db.query<{ n: number }>('WITH d AS (DELETE FROM sessions WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d', [userId]);
  return r[0]!.n;
}
