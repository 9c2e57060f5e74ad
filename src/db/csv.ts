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
  #buf = Buffer.allocUnsafe(1 << 20);
  #len = 0;
  push(line: string): void {
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
    if (this.#len + line.length * 3 > this.#buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + line.length * 3));
      this.#buf.copy(bigger, 0, 0, this.#len);
      this.#buf = bigger;
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
}

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
