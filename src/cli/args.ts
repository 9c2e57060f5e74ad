import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AppError } from '../errors.js';

/** A whole number from the command line; "1.612.800.000" and "1_612_800_000" are read as written. */
export function int(name: string, v: string | undefined): number {
  const n = Number((v ?? '').replace(/[._](?=\d{3})/g, ''));
  if (v === undefined || !Number.isSafeInteger(n))
    throw new AppError('validation', { id: `${name}: "${v ?? ''}" bukan bilangan bulat`, en: `${name}: "${v ?? ''}" is not a whole number` });
  return n;
}

export const optInt = (name: string, v: string | undefined): number | undefined => (v === undefined ? undefined : int(name, v));

/** Writes a document into a file and returns once the file is complete. */
export async function toFile(path: string, write: (out: Writable) => Promise<unknown>): Promise<void> {
  const out = createWriteStream(path);
  const finished = once(out, 'finish');
  await write(out);
  await finished;
}
