import type { Db } from '../../db/db.js';
import * as repo from './imports.repository.js';
import * as merge from './merge.repository.js';
import * as pub from './publication.repository.js';
import type { MergeCounts, MergeParams } from './merge.repository.js';
import type { Queryable } from '../../db/db.js';
import { ImportCancelled } from './stage.js';

/**
 * A large merge on PGlite in short transactions (issue 15.2). PGlite is one backend in the Node thread: a
 * merge in one transaction would hold every other request for its whole length (70–80 s at 1.5 M rows).
 * Here the import's new workers go into ids reserved for it, which the `workers` view leaves out, a chunk of
 * rows per transaction; between chunks the other requests run. One last transaction re-plans and applies the
 * updates of registered workers, publishes the new ones (frees the range) and records the result, so the
 * registry still changes all at once: readers see the import whole or not at all. A cancel, a failure or a
 * killed process leaves only hidden rows, deleted before the range is used again.
 */

/** Rows per transaction: on PGlite each holds the database a fraction of a second. */
export const MERGE_CHUNK_ROWS = 10_000;
/** Staged rows per statement when the repeated NIKs are looked for in parts. */
const DUPES_PART_ROWS = 250_000;
/** Above this many candidate rows (a file of many repeats), the parts are cheaper than the row numbers. */
const MAX_REPEAT_ROWS = 200_000;
/** Hidden rows deleted per transaction when an import is abandoned. */
const DELETE_PART_IDS = 20_000;
/** Staged rows deleted per statement after a merge. */
const DELETE_PART_ROWS = 50_000;
/** How often a merge waiting for the range looks again. */
const WAIT_MS = 250;

/** Imports this process is merging in chunks: on PGlite (one process per data directory) no other is alive. */
const merging = new Set<number>();

/**
 * Whether a merge of this many staged rows runs in chunks: on a single-backend database, above one chunk. A
 * server's sessions read around a long transaction (MVCC), so there one transaction is faster and as good;
 * `chunkRows` (tests) asks for chunks of that size on either.
 */
export function mergesInChunks(db: Db, stagedRows: number, chunkRows?: number): boolean {
  return chunkRows !== undefined ? stagedRows > chunkRows : db.kind === 'pglite' && stagedRows > MERGE_CHUNK_ROWS;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the import holding the range is still merging (on PGlite only this process can be merging). */
const holderAlive = (db: Db, slot: pub.Publication) => slot.importId !== null && slot.holderRunning && (db.kind !== 'pglite' || merging.has(slot.importId));

/**
 * Waits until no live import holds the range — a merge in one transaction must not plan around rows it cannot
 * see — and, when `reserveFor` is given, takes it for that import (returns the base of its ids). A range held by
 * an import that stopped (failed, cancelled, or running in a process that died) is freed first.
 */
export async function awaitPublication(db: Db, importId: number, reserveFor?: { maxRowNo: number }): Promise<number | null> {
  for (;;) {
    const state = await db.transaction(async (tx) => {
      const slot = await pub.lockPublication(tx);
      if (slot.importId !== null) return slot.importId !== importId && holderAlive(db, slot) ? ('busy' as const) : ('abandoned' as const);
      return reserveFor ? pub.reservePublication(tx, importId, reserveFor.maxRowNo) : null;
    });
    if (state === 'abandoned') await abandon(db);
    else if (state === 'busy') {
      if (await repo.heartbeat(db, importId)) throw new ImportCancelled();
      await sleep(WAIT_MS);
    } else return state;
  }
}

/** An import's staging, deleted a part per statement with a turn of the event loop between (a large one on PGlite). */
export async function deleteStagedInParts(db: Db, importId: number): Promise<void> {
  // A server's sessions are not held by one statement: there it stays one.
  if (db.kind !== 'pglite') return repo.deleteStaged(db, importId);
  const maxRowNo = await repo.maxStagedRow(db, importId);
  for (let from = 0; from <= maxRowNo; from += DELETE_PART_ROWS) {
    await repo.deleteStagedRows(db, importId, from, from + DELETE_PART_ROWS);
    await sleep(0);
  }
  await repo.deleteMergeScratch(db, importId);
}

/** At start-up and in housekeeping: the hidden rows of an import that stopped are deleted and the range freed. */
export async function freeAbandonedPublication(db: Db): Promise<void> {
  const slot = await db.transaction((tx) => pub.lockPublication(tx));
  if (slot.importId !== null && !holderAlive(db, slot)) await abandon(db);
}

/** Deletes the hidden rows part by part, then frees the range. */
export async function abandon(db: Db): Promise<void> {
  const { range } = await db.transaction((tx) => pub.lockPublication(tx));
  if (range)
    for (let at = range.from; at < range.to; at += DELETE_PART_IDS) {
      await db.transaction((tx) => pub.deleteHiddenRows(tx, at, at + DELETE_PART_IDS));
      await sleep(0);
    }
  await db.transaction(async (tx) => {
    const slot = await pub.lockPublication(tx);
    if (slot.importId !== null && slot.range?.from === range?.from) await pub.freePublication(tx);
  });
}

/**
 * Merges an import in chunks; `complete` runs in the final transaction after the new workers are published
 * (the import's result and audit; the rejected rows are kept chunk by chunk). Null when the import was cancelled
 * (nothing published). `repeats`: the rows staging found whose NIK may repeat (`RepeatedNiks`).
 */
export async function mergeInChunks<T>(
  db: Db,
  p: MergeParams,
  complete: (tx: Queryable, counts: MergeCounts) => Promise<T>,
  opts: { chunkRows?: number; repeats?: number[] | null } = {},
): Promise<T | null> {
  const chunkRows = opts.chunkRows ?? MERGE_CHUNK_ROWS;
  const id = p.importId;
  const maxRowNo = await repo.maxStagedRow(db, id);
  merging.add(id);
  try {
    const base = (await awaitPublication(db, id, { maxRowNo }))!;
    try {
      // The repeated NIKs: among the rows staging found (by row number), else in hash parts of the whole staging.
      if (opts.repeats && opts.repeats.length <= MAX_REPEAT_ROWS) await db.transaction((tx) => merge.findDupesAmong(tx, id, opts.repeats!));
      else {
        const parts = Math.max(1, Math.ceil(maxRowNo / DUPES_PART_ROWS));
        for (let part = 0; part < parts; part++) {
          await db.transaction((tx) => merge.findDupes(tx, id, { part, parts }));
          await sleep(0);
        }
      }
      const counts: MergeCounts = { invalid: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, nikUnverified: 0 };
      const add = (c: MergeCounts, updates: boolean) => {
        for (const k of Object.keys(counts) as (keyof MergeCounts)[]) if (k !== 'updated' || updates) counts[k] += c[k];
      };
      for (let from = 1; from <= maxRowNo; from += chunkRows) {
        // A turn of the event loop between chunks: requests that arrived meanwhile queue for the database now,
        // ahead of the next chunk (PGlite answers in microtasks, so without it the chunks would follow each other).
        await sleep(0);
        if (await repo.heartbeat(db, id, Math.min(from - 1, maxRowNo))) throw new ImportCancelled();
        const chunk = await db.transaction(async (tx) => {
          const rows = { kind: 'range', from, to: from + chunkRows - 1 } as const;
          const plan = await merge.planMerge(tx, p, { writeErrors: true, rows });
          await merge.insertPlanned(tx, p, plan, base);
          await merge.deferUpdates(tx, id);
          await repo.keepRejected(tx, id, rows);
          return plan.counts;
        });
        add(chunk, false);
      }
      const done = await db.transaction(async (tx) => {
        if ((await repo.lockForMerge(tx, id)).cancelRequested) return null;
        // The updates are planned again here: the registry may have changed between the chunks.
        const plan = await merge.planMerge(tx, p, { writeErrors: true, rows: { kind: 'deferred' } });
        await merge.insertPlanned(tx, p, plan, base);
        await merge.updatePlanned(tx, p);
        await repo.keepRejected(tx, id, { kind: 'deferred' });
        add(plan.counts, true);
        await pub.publish(tx);
        return { result: await complete(tx, counts) };
      });
      if (!done) throw new ImportCancelled();
      return done.result;
    } catch (err) {
      await abandon(db);
      await repo.forgetRejected(db, id);
      if (err instanceof ImportCancelled) return null;
      throw err;
    }
  } finally {
    merging.delete(id);
  }
}
