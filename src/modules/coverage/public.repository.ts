import type { Queryable } from '../../db/db.js';

/** The secret generated at install that keys the hashes of public-check attempts (migration 0009). */
export async function attemptsSecret(db: Queryable): Promise<string> {
  const [r] = await db.query<{ value: string }>(`SELECT value FROM app_secrets WHERE name = 'public_status_hmac'`);
  return r!.value;
}

/** Failed checks per NIK (by its keyed hash) in the last hour (older ones are pruned by housekeeping); hashes without any have no row. */
export async function recentFailures(db: Queryable, nikHashes: string[]): Promise<{ nik_hash: string; n: number }[]> {
  return db.query<{ nik_hash: string; n: number }>(
    `SELECT nik_hash, count(*)::int AS n FROM public_status_attempts WHERE nik_hash = ANY($1::text[]) AND at > now() - interval '1 hour' GROUP BY nik_hash`,
    [nikHashes],
    { prepare: 'public_status_failures' },
  );
}

export async function recordFailures(db: Queryable, failures: { hash: string; at: Date }[]): Promise<void> {
  if (failures.length === 0) return;
  await db.query('INSERT INTO public_status_attempts (nik_hash, at) SELECT * FROM unnest($1::text[], $2::timestamptz[])', [
    failures.map((f) => f.hash),
    failures.map((f) => f.at.toISOString()),
  ]);
}

/** Attempts older than a day are of no use to the guessing check: housekeeping deletes them. */
export async function pruneAttempts(db: Queryable): Promise<number> {
  const rows = await db.query(`DELETE FROM public_status_attempts WHERE at < now() - interval '1 day' RETURNING 1`);
  return rows.length;
}

export interface StatusRow {
  participant_id: number;
  kpj: string | null;
  status: string;
  status_since: string;
  arrears: number | null;
  months: { month: string; sourceId: number; sourceName: string; sourceKind: string; paid: boolean }[];
}

/**
 * Everything the status check needs in one indexed read, for several NIKs at once (checks that arrive
 * together share one round trip: status-lookups.ts): the membership of the worker with each NIK, its billed
 * months with their payer kind, and the arrears limit in force on `day`. NIKs with no membership have no row.
 */
export async function statusByNiks(db: Queryable, niks: string[], day: string): Promise<(StatusRow & { nik: string })[]> {
  return db.query<StatusRow & { nik: string }>(
    `SELECT w.nik, p.id AS participant_id, p.kpj, p.status, p.status_since,
            (SELECT r.value FROM reference_values r
              WHERE r.key = 'arrears.max_months' AND r.valid_from <= $2::date AND (r.valid_to IS NULL OR r.valid_to >= $2::date)
              ORDER BY r.valid_from DESC LIMIT 1) AS arrears,
            COALESCE((SELECT json_agg(json_build_object('month', to_char(l.month, 'YYYY-MM'), 'sourceId', i.source_id, 'sourceName', s.name,
                                                        'sourceKind', s.kind, 'paid', l.paid) ORDER BY l.month)
                        FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN funding_sources s ON s.id = i.source_id
                       WHERE l.participant_id = p.id), '[]'::json) AS months
       FROM workers w JOIN participants p ON p.worker_id = w.id WHERE w.nik = ANY($1::text[])`,
    [niks, day],
    { prepare: 'public_status_by_niks' },
  );
}
