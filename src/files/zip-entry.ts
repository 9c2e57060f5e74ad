import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { AppError } from '../errors.js';
import { problem } from '../domain/problem.js';

/**
 * Reads one small entry of a zip file on disk through its central directory (random access), without
 * streaming the whole archive. Used for `xl/workbook.xml`, which exceljs writes as the last entry and
 * which exceljs's streaming reader then occasionally loses (its sheet list comes back undefined).
 * Returns null when the file is not a zip or has no such entry.
 */
export async function readZipEntry(path: string, entryName: string, maxBytes = 4 << 20): Promise<Buffer | null> {
  const entry = (await centralDirectory(path))?.find((e) => e.name === entryName);
  if (!entry || entry.localOffset < 0 || entry.compressed > maxBytes) return null;
  const fh = await open(path, 'r');
  try {
    const data = Buffer.alloc(entry.compressed);
    await fh.read(data, 0, entry.compressed, entry.localOffset);
    if (entry.method === 0) return data;
    // The stated size is not trusted: inflation stops at the cap whatever the header says.
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
    return null;
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

export interface WorkbookSheet {
  name: string;
  id: number;
  rId: string;
  state: string;
}

const xmlText = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');

/** The sheets listed in an XLSX's `xl/workbook.xml`, in workbook order (the order Excel shows). */
export async function workbookSheets(path: string): Promise<WorkbookSheet[] | null> {
  const xml = await readZipEntry(path, 'xl/workbook.xml');
  if (!xml) return null;
  const sheets: WorkbookSheet[] = [];
  for (const m of xml.toString('utf8').matchAll(/<(?:\w+:)?sheet\s([^>]*?)\/?>/g)) {
    const attrs = m[1]!;
    const attr = (re: RegExp) => re.exec(attrs)?.[1];
    const name = attr(/(?:^|\s)name="([^"]*)"/);
    const rId = attr(/\s\w+:id="([^"]*)"/);
    if (name === undefined || rId === undefined) continue;
    sheets.push({ name: xmlText(name), id: Number(attr(/sheetId="(\d+)"/) ?? sheets.length + 1), rId, state: attr(/state="(\w+)"/) ?? 'visible' });
  }
  return sheets;
}

export interface ZipLimits {
  /** Inflated bytes allowed for one worksheet (streamed row by row by the reader). */
  sheetBytes: number;
  /** Inflated bytes allowed for the shared-string table (held in memory while reading). */
  sharedStringBytes: number;
  /** Inflated bytes allowed for any other part (workbook, styles, relationships). */
  otherBytes: number;
  /** Inflated bytes allowed for the whole file. */
  totalBytes: number;
  /** The longest text one cell may hold, in bytes (Excel itself stops at 32,767 characters). */
  textBytes: number;
  entries: number;
}

export const ZIP_LIMITS: ZipLimits = {
  sheetBytes: 2 * 1024 ** 3,
  sharedStringBytes: 256 * 1024 ** 2,
  otherBytes: 16 * 1024 ** 2,
  totalBytes: 3 * 1024 ** 3,
  textBytes: 32_767 * 4,
  entries: 5_000,
};

interface Entry {
  name: string;
  method: number;
  compressed: number;
  localOffset: number;
}

/**
 * The entries listed in a zip's central directory (end of file: 22 bytes plus a comment of up to
 * 65,535 bytes), each with where its data starts; null when the file is not a readable zip.
 */
async function centralDirectory(path: string): Promise<Entry[] | null> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) return null;
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size || cdSize > 64 * 1024 ** 2) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: Entry[] = [];
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50;) {
      const nameLen = cd.readUInt16LE(p + 28);
      const localOffset = cd.readUInt32LE(p + 42);
      const local = Buffer.alloc(30);
      await fh.read(local, 0, 30, localOffset);
      const dataStart = local.readUInt32LE(0) === 0x04034b50 ? localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28) : -1;
      entries.push({
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
        method: cd.readUInt16LE(p + 10),
        compressed: cd.readUInt32LE(p + 20),
        localOffset: dataStart,
      });
      p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    return entries;
  } finally {
    await fh.close();
  }
}

const refuse = (id: string, en: string) => AppError.validation([problem('file', 'unsafe', id, en)]);

/**
 * Checks an XLSX before any spreadsheet library opens it: every part except the worksheets (which the
 * reader streams) is inflated by streaming, never trusting the sizes the zip states, and counted
 * against its cap; a text run longer than a cell may hold stops it too. Memory stays at a few
 * stream buffers whatever the file claims, and the event loop is never held for long.
 */
export async function checkZipLimits(path: string, limits: ZipLimits = ZIP_LIMITS): Promise<void> {
  const entries = await centralDirectory(path);
  if (!entries) throw refuse('Berkas XLSX rusak atau bukan XLSX (zip tidak terbaca)', 'The XLSX file is damaged or not an XLSX (unreadable zip)');
  if (entries.length > limits.entries) throw refuse(`Berkas berisi lebih dari ${limits.entries} bagian`, `The file has more than ${limits.entries} parts`);
  let total = 0;
  for (const e of entries) {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    if (e.localOffset < 0 || (e.method !== 0 && e.method !== 8)) throw refuse(`Bagian ${e.name} tidak terbaca`, `Part ${e.name} cannot be read`);
    const cap = e.name === 'xl/sharedStrings.xml' ? limits.sharedStringBytes : limits.otherBytes;
    let inflated = 0;
    let run = 0;
    const source = createReadStream(path, { start: e.localOffset, end: e.localOffset + Math.max(0, e.compressed - 1) });
    const stream = e.method === 8 ? source.pipe(createInflateRaw()) : source;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        total += chunk.length;
        if (inflated > cap)
          throw refuse(
            `Bagian ${e.name} mengembang melebihi ${Math.round(cap / 1024 ** 2)} MB (kemungkinan "zip bomb")`,
            `Part ${e.name} inflates beyond ${Math.round(cap / 1024 ** 2)} MB (likely a "zip bomb")`,
          );
        if (total > limits.totalBytes) throw refuse('Isi berkas terlalu besar setelah dibuka', 'The file is too large once unpacked');
        // The longest run of bytes without markup is the longest text a cell could hold.
        for (let i = 0; i < chunk.length; i++) {
          if (chunk[i] === 0x3c) run = 0;
          else if (++run > limits.textBytes)
            throw refuse(
              `Satu sel di ${e.name} berisi teks lebih dari 32.767 karakter (batas Excel)`,
              `A cell in ${e.name} holds more than 32,767 characters (Excel's limit)`,
            );
        }
      }
    } catch (err) {
      source.destroy();
      if (err instanceof AppError) throw err;
      throw refuse(`Bagian ${e.name} rusak`, `Part ${e.name} is damaged`);
    }
  }
}
