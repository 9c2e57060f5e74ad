import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { problem } from '../domain/problem.js';
import { formatOf, type FileFormat } from '../modules/imports/readers.js';

export const MAX_TABLE_UPLOAD_BYTES = 256 * 1024 * 1024;

/**
 * Receives one uploaded file (multipart field "file") whose name ends in one of `extensions` into `dir`
 * and hands its path to `use`; the file is deleted afterwards whatever happens (it may hold personal
 * data), and a cut-off upload leaves nothing behind.
 */
export async function withUploadedFile<T>(
  req: FastifyRequest,
  dir: string,
  extensions: string[],
  use: (f: { path: string; name: string }) => Promise<T>,
): Promise<T> {
  const part = await req.file({ limits: { fileSize: MAX_TABLE_UPLOAD_BYTES, files: 1 } });
  const list = extensions.join(', ');
  if (!part) throw AppError.validation([problem('file', 'required', `Pilih berkas (${list})`, `Choose a file (${list})`)]);
  if (!extensions.includes(extname(part.filename).toLowerCase())) {
    part.file.resume();
    throw AppError.validation([problem('file', 'format', `Berkas harus ${list}`, `The file must be ${list}`)]);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${Date.now()}-${randomBytes(6).toString('hex')}${extname(part.filename).toLowerCase()}`);
  try {
    try {
      await pipeline(part.file, createWriteStream(path));
    } catch {
      throw new AppError('validation', {
        id: 'Unggahan terputus sebelum selesai; tidak ada yang disimpan, silakan unggah lagi',
        en: 'The upload was cut off before it finished; nothing was kept, please upload again',
      });
    }
    if (part.file.truncated)
      throw new AppError('validation', {
        id: `Berkas lebih dari ${MAX_TABLE_UPLOAD_BYTES / 2 ** 20} MB`,
        en: `File larger than ${MAX_TABLE_UPLOAD_BYTES / 2 ** 20} MB`,
      });
    return await use({ path, name: part.filename });
  } finally {
    rmSync(path, { force: true });
  }
}

/** A CSV or XLSX table. */
export function withUploadedTable<T>(req: FastifyRequest, dir: string, use: (f: { path: string; name: string; format: FileFormat }) => Promise<T>): Promise<T> {
  return withUploadedFile(req, dir, ['.csv', '.txt', '.xlsx'], (f) => use({ ...f, format: formatOf(f.name)! }));
}
