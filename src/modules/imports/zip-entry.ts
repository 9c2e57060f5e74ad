import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/**
 * Reads one small entry of a zip file on disk through its central directory (random access), without
 * streaming the whole archive. Used for `xl/workbook.xml`, which exceljs writes as the last entry and
 * which exceljs's streaming reader then occasionally loses (its sheet list comes back undefined).
 * Returns null when the file is not a zip or has no such entry.
 */
export async function readZipEntry(path: string, entryName: string, maxBytes = 4 << 20): Promise<Buffer | null> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    // End of central directory: 22 bytes plus a comment of up to 65,535 bytes at the end of the file.
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50;) {
      const method = cd.readUInt16LE(p + 10);
      const compressed = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      p += 46 + nameLen + extraLen + commentLen;
      if (name !== entryName) continue;
      if (uncompressed > maxBytes || compressed > maxBytes) return null;
      const local = Buffer.alloc(30);
      await fh.read(local, 0, 30, localOffset);
      if (local.readUInt32LE(0) !== 0x04034b50) return null;
      const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const data = Buffer.alloc(compressed);
      await fh.read(data, 0, compressed, dataStart);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      return null;
    }
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
