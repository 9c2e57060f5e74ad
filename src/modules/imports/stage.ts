import { on } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as repo from './imports.repository.js';
import type { Db } from '../../db/db.js';
import { CopyBuffer } from '../../db/csv.js';
import { AppError } from '../../errors.js';
import { SheetNotFound } from '../../files/readers.js';
import { parseRows, type ParseOptions, type ParseResult } from './parse-rows.js';
import type { StageFailure, StageMessage } from './stage-worker.js';

export class ImportCancelled extends Error {}

export interface StageOptions extends ParseOptions {
  /** Called after each batch is COPYed, with bytes and rows read; throws ImportCancelled to stop. */
  onBatch: (bytes: number, rows: number) => Promise<void>;
  /**
   * Where the file is read and its cells checked: a worker thread (`stage-worker.ts`), so that the parse runs on
   * the other core while the database takes the previous batch and the event loop stays free; or this thread,
   * which saves starting a thread (~50–250 ms) for a small file and memory on PGlite (the choice:
   * `stagingThread` in imports.service.ts).
   */
  thread: 'worker' | 'main';
}

/**
 * Reads the file, repairs or rejects each cell (parse-rows.ts), and COPYs the rows in batches into
 * import_rows. Memory holds two batches' bytes (one being parsed into, one being COPYed), whichever thread
 * parses. Returns the number of data rows and, when asked, the rows whose NIK may repeat.
 */
export function stageRows(db: Db, o: StageOptions): Promise<ParseResult> {
  return o.thread === 'worker' ? stageInWorker(db, o) : stageHere(db, o);
}

async function stageHere(db: Db, o: StageOptions): Promise<ParseResult> {
  // Two buffers: one is COPYed (lent to the database, no copy made) while the next batch is parsed into the
  // other — on PostgreSQL the server ingests on the other core. At most one batch is in flight.
  let spare = new CopyBuffer();
  let inFlight: Promise<void> | null = null;
  try {
    return await parseRows(o, new CopyBuffer(), async (full, bytes, rows) => {
      if (inFlight) await inFlight;
      inFlight = null;
      if (full.byteLength > 0) {
        inFlight = repo.copyStaged(db, full.lend()).finally(() => full.release());
        inFlight.catch(() => undefined); // surfaced by the await above or below, never unhandled
      }
      await o.onBatch(bytes, rows);
      const next = spare;
      spare = full;
      return next;
    });
  } finally {
    // A cancel or a failure does not leave a COPY running behind the staging's deletion.
    if (inFlight) await (inFlight as Promise<void>);
  }
}

async function stageInWorker(db: Db, o: StageOptions): Promise<ParseResult> {
  // Only data crosses to the thread.
  const parse: ParseOptions = {
    importId: o.importId,
    path: o.path,
    format: o.format,
    sheet: o.sheet,
    mapping: o.mapping,
    headers: o.headers,
    sectors: o.sectors,
    today: o.today,
    collectRepeats: o.collectRepeats,
  };
  const worker = startStageWorker(parse);
  const stopped = new AbortController();
  worker.once('exit', () => stopped.abort());
  try {
    // Messages queue while a batch is COPYed; the worker parses the next one meanwhile, into its other buffer.
    for await (const [m] of on(worker, 'message', { signal: stopped.signal }) as AsyncIterable<[StageMessage]>) {
      if (m.t === 'batch') {
        if (m.buffer.byteLength > 0) await repo.copyStaged(db, new Uint8Array(m.buffer));
        await o.onBatch(m.bytes, m.rows);
        worker.postMessage({ buffer: m.buffer, capacity: m.capacity }, [m.buffer]);
      } else if (m.t === 'done') {
        return { rows: m.rows, repeated: m.repeated ? Array.from(m.repeated) : null };
      } else {
        throw revive(m.error);
      }
    }
  } catch (err) {
    // The thread's own failure ('error' event) is thrown as it is; only its quiet exit ends the loop here.
    if ((err as Error)?.name !== 'AbortError') throw err;
  } finally {
    await worker.terminate();
  }
  throw new Error('the staging thread stopped before the end of the file');
}

/** The thread, from the built `.js` file; from the sources (tsx, vitest) it registers tsx's loader first. */
function startStageWorker(data: ParseOptions): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./stage-worker.js', here), { workerData: data });
  // require.resolve finds tsx's CommonJS entry; the thread imports its ES module beside it.
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const entry = new URL('./stage-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`, {
    eval: true,
    workerData: data,
  });
}

/** The thread's error as the error the import would have met in this thread. */
function revive(f: StageFailure): Error {
  if (f.kind === 'app') return new AppError(f.code, f.message, f.problems);
  if (f.kind === 'sheet') return new SheetNotFound(f.sheet);
  return new Error(f.message);
}
