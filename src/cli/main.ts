import '../runtime.js';
import { runCli } from './program.js';

// The `jaring` executable: one command per process (the server keeps running until SIGINT/SIGTERM).
process.exitCode = await runCli(process.argv.slice(2));
