import type { Queryable } from '../../db/db.js';
import type { Role } from '../../domain/roles.js';

/** Region codes of one level under a prefix, in code order (demo population and generated files). */
export async function regionCodesUnder(
  db: Queryable,
  level: 'village' | 'district',
  prefix: string,
  o: { notUnder?: string; limit?: number } = {},
): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM regions WHERE level = $1 AND code LIKE $2 AND ($3::text IS NULL OR code NOT LIKE $3) ORDER BY code LIMIT $4`,
    [level, `${prefix}.%`, o.notUnder ? `${o.notUnder}.%` : null, o.limit ?? 1_000_000],
  );
  return rows.map((r) => r.code);
}

/** Creates a demo account unless the username exists; true when created. */
export async function insertDemoUser(
  db: Queryable,
  u: { username: string; fullName: string; passwordHash: string; role: Role; regionCode: string | null; email: string | null },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO users (username, full_name, password_hash, role, region_code, email) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [u.username, u.fullName, u.passwordHash, u.role, u.regionCode, u.email],
  );
  return rows.length > 0;
}

export async function countSyntheticWorkers(db: Queryable): Promise<number> {
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workers WHERE is_synthetic`);
  return r!.n;
}

/** One batch of synthetic workers (CSV lines in the column order below), by COPY. */
export function copySyntheticWorkers(db: Queryable, csv: string): Promise<void> {
  return db.copyFrom(
    `COPY worker_rows (nik, nik_needs_verification, full_name, birth_date, sex, address, village_code, sector_code, occupation,
       welfare_decile, monthly_income, phone, is_wage_earner, is_synthetic) FROM STDIN WITH (FORMAT csv)`,
    csv,
  );
}

/** The demo program, unless a plan was already made for it (the enrolment seed runs once). */
export async function demoProgramWithoutPlans(db: Queryable): Promise<number | null> {
  const [p] = await db.query<{ id: number }>(
    `SELECT g.id FROM programs g WHERE g.name = 'Lingkaran Cinta (demo)' AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.program_id = g.id)`,
  );
  return p?.id ?? null;
}

export async function demoUser(db: Queryable, username: string): Promise<{ id: number; role: Role; region_code: string | null }> {
  const [u] = await db.query<{ id: number; role: Role; region_code: string | null }>('SELECT id, role, region_code FROM users WHERE username = $1', [username]);
  return u!;
}

/** NIKs of a batch's participants, to write the branch's synthetic answer. */
export function batchNiks(db: Queryable, batchId: number): Promise<{ id: number; nik: string }[]> {
  return db.query('SELECT p.id, w.nik FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.batch_id = $1 ORDER BY p.id', [batchId]);
}

/** Active participants of a batch whose October is paid: the demo's incidents happen to protected people. */
export async function demoClaimParticipants(db: Queryable, batchId: number, n: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT p.id FROM participants p
      WHERE p.batch_id = $1 AND p.status = 'active'
        AND EXISTS (SELECT 1 FROM invoice_lines l WHERE l.participant_id = p.id AND l.month = '2026-10-01' AND l.paid)
      ORDER BY p.id LIMIT $2`,
    [batchId, n],
  );
  return rows.map((r) => r.id);
}

/** The demo donor signs in with the demo password (set directly: the demo password is shared by every demo account). */
export async function setDemoDonorPassword(db: Queryable, donorId: number, passwordHash: string): Promise<void> {
  await db.query(`UPDATE users SET password_hash = $2, active = true WHERE donor_id = $1`, [donorId, passwordHash]);
  await db.query(`UPDATE donors SET email_verified_at = now() WHERE id = $1`, [donorId]);
}

/** Villages of the regency where the demo population lives, the first `n`. */
export function demoVillages(db: Queryable, regencyCode: string, n: number): Promise<{ code: string }[]> {
  return db.query(`SELECT DISTINCT village_code AS code FROM workers WHERE is_synthetic AND village_code LIKE $1 || '.%' ORDER BY village_code LIMIT $2`, [
    regencyCode,
    n,
  ]);
}
