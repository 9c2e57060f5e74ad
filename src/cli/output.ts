import { AppError } from '../errors.js';

/**
 * Where the CLI writes and reads: the process's streams, or a test's buffers when `runCli` is called
 * in-process. Commands write through these, never to `process.stdout` directly.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars redraw one line). */
  errIsTty: boolean;
  stdin(): Promise<string>;
  /** The exit code the command asks for (1 when it ends in a state the caller must notice). */
  exitCode: number;
}

export function processIo(): CliIo {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    errIsTty: Boolean(process.stderr.isTTY),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    exitCode: 0,
  };
}

export let io: CliIo = processIo();

export function useIo(next: CliIo): void {
  io = next;
}

export function print(json: boolean | undefined, data: unknown, text: string): void {
  io.out(json ? JSON.stringify(data, null, 2) + '\n' : text + '\n');
}

/** Errors are told in both languages with the field at fault; never a stack trace for bad input. */
export function printError(err: unknown): void {
  if (err instanceof AppError) {
    io.err(`Galat / error: ${err.messageId}\n  ${err.messageEn}\n`);
    for (const p of err.problems) io.err(`  - ${p.field}: ${p.id} / ${p.en}\n`);
    return;
  }
  io.err(`Galat / error: ${(err as Error)?.message ?? String(err)}\n`);
}

export function readStdin(): Promise<string> {
  return io.stdin();
}
