import type { Queryable } from '../../db/db.js';
import type { Role } from '../../domain/roles.js';
import type { Actor } from '../../actor.js';
import { rowsOf } from '../../access/access.js';

export interface UserRow {
  id: number;
  username: string;
  full_name: string;
  password_hash: string;
  role: Role;
  region_code: string | null;
  donor_id: number | null;
  active: boolean;
  email: string | null;
  created_at: Date;
}

const COLUMNS = 'id, username, full_name, password_hash, role, region_code, donor_id, active, email, created_at';

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
  return rows[0] ?? null;
}

export async function insertUser(
  db: Queryable,
  u: { username: string; fullName: string; passwordHash: string; role: Role; regionCode: string | null; email: string | null },
): Promise<UserRow> {
  const rows = await db.query<UserRow>(
    `INSERT INTO users (username, full_name, password_hash, role, region_code, email) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${COLUMNS}`,
    [u.username, u.fullName, u.passwordHash, u.role, u.regionCode, u.email],
  );
  return rows[0]!;
}

/** Staff accounts whose region lies inside the scope (a null region is national and only visible nationally); donors' accounts are the donors module's. */
export async function listUsers(db: Queryable, actor: Actor): Promise<UserRow[]> {
  const cond = rowsOf(actor, 'user', '', 1);
  return db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE role <> 'donor' AND ${cond.sql} ORDER BY username`, cond.params);
}

export async function countUsers(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0]!.n;
}

/** The demo accounts (seeded with full names "Demo …"), for the start-up banner. */
export async function listDemoUsers(db: Queryable): Promise<{ username: string; role: string }[]> {
  return db.query(`SELECT username, role FROM users WHERE full_name LIKE 'Demo %' ORDER BY id`);
}

/** One user inside the actor's scope, locked for a change. */
export async function findUserInScope(db: Queryable, actor: Actor, id: number): Promise<UserRow | null> {
  const cond = rowsOf(actor, 'user', '', 2);
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND role <> 'donor' AND ${cond.sql} FOR UPDATE`, [id, ...cond.params]);
  return rows[0] ?? null;
}

export async function updateUserRow(
  db: Queryable,
  id: number,
  u: { fullName: string; role: Role; regionCode: string | null; active: boolean; email: string | null; passwordHash?: string },
): Promise<UserRow> {
  const rows = await db.query<UserRow>(
    `UPDATE users SET full_name = $2, role = $3, region_code = $4, active = $5, email = $6, password_hash = COALESCE($7, password_hash) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, u.fullName, u.role, u.regionCode, u.active, u.email, u.passwordHash ?? null],
  );
  return rows[0]!;
}

/** A donor's account: the e-mail address is the user name; inactive until the address is verified. */
export async function insertDonorUser(
  db: Queryable,
  u: { username: string; fullName: string; passwordHash: string; donorId: number; active: boolean },
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO users (username, full_name, password_hash, role, region_code, donor_id, active) VALUES ($1, $2, $3, 'donor', NULL, $4, $5) RETURNING id`,
    [u.username, u.fullName, u.passwordHash, u.donorId, u.active],
  );
  return rows[0]!.id;
}

export async function findDonorUser(db: Queryable, donorId: number): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE donor_id = $1`, [donorId]);
  return rows[0] ?? null;
}

export async function updateDonorUser(db: Queryable, donorId: number, u: { active?: boolean; passwordHash?: string }): Promise<number | null> {
  const rows = await db.query<{ id: number }>(
    `UPDATE users SET active = COALESCE($2, active), password_hash = COALESCE($3, password_hash) WHERE donor_id = $1 RETURNING id`,
    [donorId, u.active ?? null, u.passwordHash ?? null],
  );
  return rows[0]?.id ?? null;
}

export async function usernameTaken(db: Queryable, username: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE username = $1', [username])).length > 0;
}

/** The active village operators of these villages who gave an e-mail address: where a verification reminder goes. */
export function villageOperatorEmails(db: Queryable, villageCodes: string[]): Promise<{ region_code: string; full_name: string; email: string }[]> {
  return db.query(
    `SELECT region_code, full_name, email FROM users
      WHERE role = 'village_operator' AND active AND email IS NOT NULL AND region_code = ANY($1::text[]) ORDER BY region_code, id`,
    [villageCodes],
  );
}
