// After `vite build`: gzip and brotli copies of every text asset (served as they are by @fastify/static's
// preCompressed option, so no CPU is spent per request), and the source maps moved out of the served
// directory (kept in dist/sourcemaps for debugging, never public).
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const web = 'dist/web';
const maps = 'dist/sourcemaps';
const files = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
let raw = 0;
let gz = 0;
for (const f of files(web)) {
  if (f.endsWith('.map')) {
    const to = join(maps, relative(web, f));
    mkdirSync(join(to, '..'), { recursive: true });
    renameSync(f, to);
    continue;
  }
  if (!/\.(js|css|html|svg|json|txt)$/.test(f)) continue;
  const body = readFileSync(f);
  if (body.length < 1024) continue;
  const g = gzipSync(body, { level: 9 });
  writeFileSync(`${f}.gz`, g);
  writeFileSync(`${f}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  raw += body.length;
  gz += g.length;
}
console.log(`web: ${Math.round(raw / 1024)} KB → ${Math.round(gz / 1024)} KB gzipped (precompressed .gz/.br written; source maps in ${maps})`);
