import type { Queryable } from '../../db/db.js';

/**
 * The one import whose new workers are loaded but not yet published (`worker_publication`, migration 0034):
 * its reserved id range is what the `workers` view leaves out. Owned by the imports module, as are the pending
 * per-village counts (`worker_counts_pending`) that the count triggers keep for the hidden rows.
 */
export interface Publication {
  importId: number | null;
  /** The reserved ids, [from, to); a new worker's id is `from` plus its row number. Null when no import holds it. */
  range: { from: number; to: number } | null;
  /** Whether the holder is an import that is still running (false: its process stopped or it failed). */
  holderRunning: boolean;
}

/** The slot, locked for the rest of the transaction. */
export async function lockPublication(tx: Queryable): Promise<Publication> {
  const [r] = await tx.query<{ import_id: number | null; lo: number | null; hi: number | null; running: boolean | null }>(
    `SELECT p.import_id, lower(p.hidden) AS lo, upper(p.hidden) AS hi, i.status = 'running' AS running
       FROM worker_publication p LEFT JOIN imports i ON i.id = p.import_id FOR UPDATE OF p`,
  );
  const range = r?.lo == null || r.hi == null ? null : { from: Number(r.lo), to: Number(r.hi) };
  return { importId: r?.import_id ?? null, range, holderRunning: r?.running ?? false };
}

/**
 * Reserves ids for an import's new workers (one per staged row number, `maxRowNo` of them past the base) and
 * hides them: the sequence moves past the range, so no other insert takes an id in it. The table is locked
 * against other inserts for the moment the range is taken (a server with several sessions).
 */
export async function reservePublication(tx: Queryable, importId: number, maxRowNo: number): Promise<number> {
  await tx.exec(`LOCK TABLE worker_rows IN SHARE ROW EXCLUSIVE MODE`);
  const [r] = await tx.query<{ base: number }>(
    `WITH s AS (SELECT pg_get_serial_sequence('worker_rows', 'id') AS seq), b AS (SELECT nextval(seq) AS base FROM s)
     SELECT b.base, setval(s.seq, b.base + $1::bigint) FROM b, s`,
    [maxRowNo],
  );
  const base = Number(r!.base);
  await tx.query(`UPDATE worker_publication SET import_id = $1, hidden = int8range($2::bigint, $2::bigint + $3::bigint, '[]')`, [importId, base, maxRowNo]);
  return base;
}

/** Makes the hidden rows part of the registry: their counts join `worker_counts`, and the range is freed. */
export async function publish(tx: Queryable): Promise<void> {
  await tx.exec(`
    INSERT INTO worker_counts AS c (village_code, workers) SELECT village_code, workers FROM worker_counts_pending
      ON CONFLICT (village_code) DO UPDATE SET workers = c.workers + excluded.workers;
    DELETE FROM worker_counts_pending;
    UPDATE worker_publication SET import_id = NULL, hidden = 'empty';
  `);
}

/** Deletes the hidden rows with ids in [from, to) (a part of an abandoned import's range, by the primary key). */
export async function deleteHiddenRows(tx: Queryable, from: number, to: number): Promise<void> {
  await tx.query(`DELETE FROM worker_rows WHERE id >= $1::bigint AND id < $2::bigint AND id <@ (SELECT hidden FROM worker_publication)`, [from, to]);
}

/** Frees the range once its rows are gone: the pending counts go with them. */
export async function freePublication(tx: Queryable): Promise<void> {
  await tx.exec(`DELETE FROM worker_counts_pending; UPDATE worker_publication SET import_id = NULL, hidden = 'empty';`);
}
