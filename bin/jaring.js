#!/usr/bin/env node
// The `jaring` command: runs the built CLI (npm run build makes dist/server).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('Jaring belum dibangun / not built yet: run `npm run build` first.\n');
  process.exit(1);
}
await import(main.href);
