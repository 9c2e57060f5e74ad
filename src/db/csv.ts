import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * One CSV line for COPY … (FORMAT csv). null becomes an empty unquoted field (SQL NULL); a string is
 * quoted only when it must be: when empty (to stay an empty string) or holding a quote, comma or line break.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvLine(values: readonly (string | number | boolean | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += ',';
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string') line += String(v);
    else if (v === '' || NEEDS_QUOTES.test(v)) line += '"' + v.replaceAll('"', '""') + '"';
    else line += v;
  }
  return line + '\n';
}

/**
 * COPY lines gathered as UTF-8 bytes in one buffer that is reused from batch to batch. Each line's string
 * dies as soon as it is written, so a batch of 20,000 rows is a few megabytes of bytes, not 20,000 strings
 * (each a rope over slices of the file) that outlive the young generation and swell the old one.
 */
export class CopyBuffer {
  // A resizable ArrayBuffer: lend() shrinks it to the bytes gathered, so they can be handed to the database
  // as a buffer of their own without a copy (PGlite reads a whole ArrayBuffer); release() makes it whole again.
  #ab: ResizableArrayBuffer;
  #buf: Buffer;
  #capacity: number;
  #len = 0;
  #lent = false;
  /**
   * A new buffer, or one made again from the ArrayBuffer another buffer lent, once it has come back (a worker
   * thread hands its batches to the main thread and gets their ArrayBuffers back: see imports/stage.ts).
   */
  constructor(reuse?: { buffer: ArrayBuffer; capacity: number }) {
    if (reuse) {
      this.#ab = reuse.buffer as ResizableArrayBuffer;
      this.#capacity = reuse.capacity;
      this.#ab.resize(this.#capacity);
    } else {
      this.#capacity = 1 << 20;
      this.#ab = new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(this.#capacity, { maxByteLength: MAX_BATCH_BYTES });
    }
    this.#buf = Buffer.from(this.#ab);
  }
  /** Bytes it can hold before it grows. */
  get capacity(): number {
    return this.#capacity;
  }
  push(line: string): void {
    if (this.#lent) throw new Error('CopyBuffer: its bytes are lent; release() it first');
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
    if (this.#len + line.length * 3 > this.#capacity) {
      this.#capacity = Math.min(MAX_BATCH_BYTES, Math.max(this.#capacity * 2, this.#len + line.length * 3));
      this.#ab.resize(this.#capacity);
      this.#buf = Buffer.from(this.#ab);
    }
    this.#len += this.#buf.write(line, this.#len, 'utf8');
  }
  get byteLength(): number {
    return this.#len;
  }
  /** The bytes gathered so far, as a copy of their own; the buffer starts again empty. */
  take(): Buffer {
    const out = Buffer.from(this.#buf.subarray(0, this.#len));
    this.#len = 0;
    return out;
  }
  /**
   * The bytes gathered so far without a copy: a view that fills its ArrayBuffer exactly. Nothing may be pushed
   * until `release()`, which the caller calls once the database has read them (staging keeps two buffers and
   * fills one while the other is being COPYed).
   */
  lend(): Uint8Array {
    this.#lent = true;
    this.#ab.resize(this.#len);
    return new Uint8Array(this.#ab, 0, this.#len);
  }
  /** Empty again, at its full size, after lent bytes were read. */
  release(): void {
    this.#ab.resize(this.#capacity);
    this.#buf = Buffer.from(this.#ab);
    this.#len = 0;
    this.#lent = false;
  }
}

/** The most one batch of COPY lines may hold: address space reserved by the resizable buffer, not memory. */
const MAX_BATCH_BYTES = 1 << 30;
type ResizableArrayBuffer = ArrayBuffer & { resize(n: number): void };
type ResizableArrayBufferConstructor = new (length: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

/** One field of a CSV file meant for people and spreadsheets: quoted only when it must be. */
export function csvField(value: string | number, delimiter = ','): string {
  const s = String(value);
  return /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The separator of CSV files meant for people: Excel set to Indonesian reads the comma as the decimal
 * mark and splits columns on the semicolon, so a double-click opens a `;` file in its columns.
 */
export const PEOPLE_CSV_DELIMITER = ';';

/**
 * Streams rows to a CSV file (CRLF, as Excel writes), buffering about 1 MB and honouring backpressure.
 * `bom` makes Excel read UTF-8 names correctly; `trailer` is written as is before the end.
 */
export async function writeCsv(
  out: Writable,
  rows: AsyncIterable<readonly (string | number)[]>,
  opts: { header?: readonly string[]; delimiter?: string; bom?: boolean; trailer?: string } = {},
): Promise<void> {
  const d = opts.delimiter ?? ',';
  let buf = opts.bom ? '\uFEFF' : '';
  if (opts.header) buf += opts.header.map((v) => csvField(v, d)).join(d) + '\r\n';
  for await (const row of rows) {
    buf += row.map((v) => csvField(v, d)).join(d) + '\r\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf + (opts.trailer ?? ''));
}
