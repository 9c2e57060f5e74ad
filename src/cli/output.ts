import { AppError } from '../errors.js';

export function print(json: boolean | undefined, data: unknown, text: string): void {
  process.stdout.write(json ? JSON.stringify(data, null, 2) + '\n' : text + '\n');
}

/** Errors are told in both languages with the field at fault; never a stack trace for bad input. */
export function printError(err: unknown): void {
  if (err instanceof AppError) {
    process.stderr.write(`Galat / error: ${err.messageId}\n  ${err.messageEn}\n`);
    for (const p of err.problems) process.stderr.write(`  - ${p.field}: ${p.id} / ${p.en}\n`);
    return;
  }
  process.stderr.write(`Galat / error: ${(err as Error)?.message ?? String(err)}\n`);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
