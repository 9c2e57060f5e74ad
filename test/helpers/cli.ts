import type { CliIo } from '../../src/cli/output.js';

/** Buffers for an in-process `runCli`: what it printed, and `input` as its standard input. */
export function captureIo(input = ''): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    errIsTty: false,
    exitCode: 0,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    stdin: async () => input,
  };
  return io;
}
