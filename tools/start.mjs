// `npm start`: builds only when dist/ is missing or older than the sources, then serves — so a restart
// on existing data takes seconds, not a rebuild. Progress is printed while it builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
const stamp = 'dist/web/index.html';
const sources = Math.max(newest('src'), newest('web'), statSync('package-lock.json').mtimeMs, statSync('vite.config.ts').mtimeMs);
if (!existsSync(stamp) || !existsSync('dist/server/cli/main.js') || statSync(stamp).mtimeMs < sources) {
  process.stdout.write('Membangun aplikasi / building the app (sekali saja / once) …\n');
  const built = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import('../bin/jaring.js');
