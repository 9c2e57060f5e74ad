import type { Queryable } from '../../db/db.js';

/**
 * The one import whose new workers are loaded but not yet published (`worker_publication`, migration 0034):
 * its reserved id range is what the `workers` view leaves out. Owned by the imports module, as are the pending
 * per-village counts (`worker_counts_pending`) that the count triggers keep for the hidden rows.
 */
export interface Publication {
  importId: number | null;
  /** The first id of the reserved range; a new worker's id is this plus its row number. */
  base: number | null;
  /** Whether the holder is an import that is still running (false: its process stopped or it failed). */
  holderRunning: boolean;
}

/** The slot, locked for the rest of the transaction. */
export async function lockPublication(tx: Queryable): Promise<Publication> {
  const [r] = await tx.query<{ import_id: number | null; base: number | null; running: boolean | null }>(
    `SELECT p.import_id, lower(p.hidden) AS base, i.status = 'running' AS running
       FROM worker_publication p LEFT JOIN imports i ON i.id = p.import_id FOR UPDATE OF p`,
  );
  return { importId: r?.import_id ?? null, base: r?.base ?? null, holderRunning: r?.running ?? false };
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

/** The largest staged row number of an import (the size of the range it reserves). */
export async function maxStagedRow(tx: Queryable, importId: number): Promise<number> {
  const [r] = await tx.query<{ n: number | null }>(`SELECT max(row_no) AS n FROM import_rows WHERE import_id = $1`, [importId]);
  return r?.n ?? 0;
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

/** The reserved range, [from, to), or null when no import holds it. */
export async function hiddenRange(tx: Queryable): Promise<{ from: number; to: number } | null> {
  const [r] = await tx.query<{ lo: number | null; hi: number | null }>(`SELECT lower(hidden) AS lo, upper(hidden) AS hi FROM worker_publication`);
  return r?.lo == null || r.hi == null ? null : { from: Number(r.lo), to: Number(r.hi) };
}

/** Deletes the hidden rows with ids in [from, to) (a part of an abandoned import's range, by the primary key). */
export async function deleteHiddenRows(tx: Queryable, from: number, to: number): Promise<void> {
  await tx.query(`DELETE FROM worker_rows WHERE id >= $1::bigint AND id < $2::bigint AND id <@ (SELECT hidden FROM worker_publication)`, [from, to]);
}

/** Frees the range once its rows are gone: the pending counts go with them. */
export async function freePublication(tx: Queryable): Promise<void> {
  await tx.exec(`DELETE FROM worker_counts_pending; UPDATE worker_publication SET import_id = NULL, hidden = 'empty';`);
}
