import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { problem } from '../domain/problem.js';
import { formatOf, type FileFormat } from '../files/readers.js';

export const MAX_TABLE_UPLOAD_BYTES = 256 * 1024 * 1024;

/**
 * The one way a file enters Jaring: one multipart field "file" streamed into `dir`, refused with a
 * bilingual reason when the request is not readable multipart, has no file, has the wrong extension
 * (when `extensions` is given) or exceeds `maxBytes`; a cut-off upload leaves nothing behind. The
 * caller owns the returned file (personal data: delete it when done). The route's permission was
 * checked before this reads a byte (http/guard.ts).
 */
export async function receiveUpload(
  req: FastifyRequest,
  dir: string,
  opts: { extensions?: string[]; maxBytes: number },
): Promise<{ path: string; name: string }> {
  const list = (opts.extensions ?? ['.csv', '.xlsx']).join(', ');
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file({ limits: { fileSize: opts.maxBytes, files: 1 } });
  } catch (err) {
    req.log.warn({ err }, 'unreadable multipart request');
    throw AppError.validation([
      problem(
        'file',
        'multipart',
        'Unggahan tidak terbaca sebagai multipart/form-data (batas/boundary tidak ada atau rusak)',
        'The upload cannot be read as multipart/form-data (boundary missing or damaged)',
      ),
    ]);
  }
  if (!part) throw AppError.validation([problem('file', 'required', `Pilih berkas (${list})`, `Choose a file (${list})`)]);
  if (opts.extensions && !opts.extensions.includes(extname(part.filename).toLowerCase())) {
    part.file.resume();
    throw AppError.validation([problem('file', 'format', `Berkas harus ${list}`, `The file must be ${list}`)]);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${Date.now()}-${randomBytes(6).toString('hex')}${extname(part.filename).toLowerCase()}`);
  try {
    await pipeline(part.file, createWriteStream(path));
  } catch (err) {
    // The browser went away mid-upload (tab closed, network lost): keep no partial file of personal data.
    rmSync(path, { force: true });
    req.log.warn({ err }, 'upload cut off');
    throw new AppError('validation', {
      id: 'Unggahan terputus sebelum selesai; tidak ada yang disimpan, silakan unggah lagi',
      en: 'The upload was cut off before it finished; nothing was kept, please upload again',
    });
  }
  if (part.file.truncated) {
    rmSync(path, { force: true });
    throw new AppError('validation', { id: `Berkas lebih dari ${opts.maxBytes / 2 ** 20} MB`, en: `File larger than ${opts.maxBytes / 2 ** 20} MB` });
  }
  return { path, name: part.filename };
}

/** An uploaded file handed to `use` and deleted afterwards whatever happens. */
export async function withUploadedFile<T>(
  req: FastifyRequest,
  dir: string,
  extensions: string[],
  use: (f: { path: string; name: string }) => Promise<T>,
): Promise<T> {
  const f = await receiveUpload(req, dir, { extensions, maxBytes: MAX_TABLE_UPLOAD_BYTES });
  try {
    return await use(f);
  } finally {
    rmSync(f.path, { force: true });
  }
}

/** A CSV or XLSX table. */
export function withUploadedTable<T>(req: FastifyRequest, dir: string, use: (f: { path: string; name: string; format: FileFormat }) => Promise<T>): Promise<T> {
  return withUploadedFile(req, dir, ['.csv', '.txt', '.xlsx'], (f) => use({ ...f, format: formatOf(f.name)! }));
}
