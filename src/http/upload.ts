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
 * Receives one uploaded CSV/XLSX table (multipart field "file") into `dir` and hands its path to `use`;
 * the file is deleted afterwards whatever happens (it holds personal data), and a cut-off upload
 * leaves nothing behind.
 */
export async function withUploadedTable<T>(
  req: FastifyRequest,
  dir: string,
  use: (f: { path: string; name: string; format: FileFormat }) => Promise<T>,
): Promise<T> {
  const part = await req.file({ limits: { fileSize: MAX_TABLE_UPLOAD_BYTES, files: 1 } });
  if (!part) throw AppError.validation([problem('file', 'required', 'Pilih berkas CSV atau XLSX', 'Choose a CSV or XLSX file')]);
  const format = formatOf(part.filename);
  if (!format) {
    part.file.resume();
    throw AppError.validation([problem('file', 'format', 'Berkas harus .csv atau .xlsx', 'The file must be .csv or .xlsx')]);
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
    return await use({ path, name: part.filename, format });
  } finally {
    rmSync(path, { force: true });
  }
}
