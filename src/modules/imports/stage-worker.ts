/**
 * The worker thread that reads and checks an import's file (parse-rows.ts) and hands its COPY-ready batches
 * to the main thread, which COPYs them (stage.ts). It owns two batch buffers: each one it hands over comes back,
 * its ArrayBuffer transferred both ways, once the database has read it — so the parse runs ahead by one batch
 * and no batch is copied between the threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CopyBuffer } from '../../db/csv.js';
import type { Problem } from '../../domain/problem.js';
import { AppError, type ErrorCode } from '../../errors.js';
import { SheetNotFound } from '../../files/readers.js';
import { parseRows, type ParseOptions } from './parse-rows.js';

/** What the thread tells the main thread. */
export type StageMessage =
  | { t: 'batch'; buffer: ArrayBuffer; capacity: number; bytes: number; rows: number }
  | { t: 'done'; rows: number; repeated: Int32Array | null }
  | { t: 'failed'; error: StageFailure };

/** An error crosses threads as data; stage.ts makes it the same error again. */
export type StageFailure =
  | { kind: 'app'; code: ErrorCode; message: { id: string; en: string }; problems: Problem[] }
  | { kind: 'sheet'; sheet: string }
  | { kind: 'other'; message: string };

function describe(err: unknown): StageFailure {
  if (err instanceof AppError) return { kind: 'app', code: err.code, message: { id: err.messageId, en: err.messageEn }, problems: err.problems };
  if (err instanceof SheetNotFound) return { kind: 'sheet', sheet: err.sheet };
  return { kind: 'other', message: (err as Error)?.message ?? String(err) };
}

async function run(port: NonNullable<typeof parentPort>, o: ParseOptions): Promise<void> {
  const free: CopyBuffer[] = [new CopyBuffer()];
  let waiting: ((b: CopyBuffer) => void) | null = null;
  port.on('message', (back: { buffer: ArrayBuffer; capacity: number }) => {
    const b = new CopyBuffer(back);
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(b);
    } else free.push(b);
  });
  const send = (m: StageMessage, transfer: ArrayBuffer[]) => port.postMessage(m, transfer);
  try {
    const result = await parseRows(o, new CopyBuffer(), (full, bytes, rows) => {
      const bytesOut = full.lend();
      send({ t: 'batch', buffer: bytesOut.buffer as ArrayBuffer, capacity: full.capacity, bytes, rows }, [bytesOut.buffer as ArrayBuffer]);
      return Promise.resolve(free.pop() ?? new Promise<CopyBuffer>((resolve) => (waiting = resolve)));
    });
    const repeated = result.repeated ? Int32Array.from(result.repeated) : null;
    send({ t: 'done', rows: result.rows, repeated }, repeated ? [repeated.buffer as ArrayBuffer] : []);
  } catch (err) {
    send({ t: 'failed', error: describe(err) }, []);
  }
}

if (parentPort) await run(parentPort, workerData as ParseOptions);
