import type { Queryable } from '../../db/db.js';

/** The secret generated at install that keys the hashes of public-check attempts (migration 0009). */
export async function attemptsSecret(db: Queryable): Promise<string> {
  const [r] = await db.query<{ value: string }>(`SELECT value FROM app_secrets WHERE name = 'public_status_hmac'`);
  return r!.value;
}

/** Failed checks on a NIK (by its keyed hash) in the last hour; attempts older than a day are dropped first. */
export async function recentFailures(db: Queryable, nikHash: string): Promise<number> {
  await db.query(`DELETE FROM public_status_attempts WHERE at < now() - interval '1 day'`);
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM public_status_attempts WHERE nik_hash = $1 AND at > now() - interval '1 hour'`, [
    nikHash,
  ]);
  return r!.n;
}

export async function recordFailure(db: Queryable, nikHash: string): Promise<void> {
  await db.query('INSERT INTO public_status_attempts (nik_hash) VALUES ($1)', [nikHash]);
}

/** The membership of the worker with this NIK, if the worker has one. */
export async function membershipByNik(
  db: Queryable,
  nik: string,
): Promise<{ participant_id: number; kpj: string | null; status: string; status_since: string } | null> {
  const rows = await db.query<{ participant_id: number; kpj: string | null; status: string; status_since: string }>(
    `SELECT p.id AS participant_id, p.kpj, p.status, p.status_since FROM workers w JOIN participants p ON p.worker_id = w.id WHERE w.nik = $1`,
    [nik],
  );
  return rows[0] ?? null;
}
