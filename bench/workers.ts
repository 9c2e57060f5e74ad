/**
 * npm run bench:workers — the worker list at regency scale through the HTTP API: a fresh registry of
 * `--rows` workers in Kabupaten Jember (Indonesian names, "SITI" in about one in twelve), then, as the
 * Jember operator, each list request `--runs` times after 5 warm-up runs, printing p50/p95/max. The
 * baseline in the same run is GET /api/v1/health (the same HTTP, session and JSON path, no query).
 * Never passes or fails.
 *
 *   npm run bench:workers -- --db postgres|pglite|both --rows 1500000 --runs 50
 */
import { cpus, loadavg } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { buildApp } from '../src/http/app.js';
import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/access/password.js';
import { openBenchDb } from './populate.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const rows = Number(arg('rows', '1500000'));
const runs = Number(arg('runs', '50'));
const which = arg('db', 'postgres');

const FIRST = ['SITI', 'MUHAMMAD', 'AHMAD', 'NUR', 'SRI', 'DEWI', 'BUDI', 'AGUS', 'EKO', 'RINA', 'YULI', 'HADI', 'SLAMET', 'SUPARMAN', 'WAHYU', 'ANI'];
const MIDDLE = ['', 'AMINAH', 'RAHAYU', 'HIDAYAT', 'SANTOSO', 'WATI', 'PURNOMO', 'LESTARI', 'SETIAWAN', 'HANDAYANI', 'KURNIAWAN', 'FITRI'];
const LAST = ['', 'PRATAMA', 'SAPUTRA', 'WIBOWO', 'NUGROHO', 'SUSANTO', 'HARYANTO', 'MAULANA', 'FIRMANSYAH', 'RAMADHAN', 'UTAMI', 'ZAHRA'];
const arr = (a: string[]) => `ARRAY[${a.map((x) => `'${x}'`).join(',')}]`;

/** Workers with names from three seeded parts and a number (so names repeat as in a real registry, but not all). */
async function populateWorkers(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile, phone, is_synthetic)
     SELECT lpad((3509000000000000 + i)::text, 16, '0'),
            trim(regexp_replace(f[1 + (i * 7) % ${FIRST.length}] || ' ' || m[1 + (i * 13) % ${MIDDLE.length}] || ' ' || l[1 + (i * 17) % ${LAST.length}], ' +', ' ', 'g'))
              || CASE WHEN i % 3 = 0 THEN '' ELSE ' ' || chr(65 + (i * 31) % 26) || chr(65 + (i * 37) % 26) || chr(65 + (i * 41) % 26) END,
            date '1960-01-01' + (i % 15000), CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END,
            v.codes[1 + ((i::bigint * 7919) % array_length(v.codes, 1))::int],
            (ARRAY['tobacco_farm_labourer','driver_ojek','fisher','itinerant_trader','religious_social_worker'])[1 + i % 5], 1 + i % 10,
            CASE WHEN i % 4 = 0 THEN NULL ELSE '08' || lpad((i % 100000000)::text, 9, '0') END, true
       FROM generate_series(1, $1::int) AS i,
            (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'village' AND code LIKE '35.09.%') v,
            (SELECT ${arr(FIRST)} AS f, ${arr(MIDDLE)} AS m, ${arr(LAST)} AS l) n`,
    [rows],
  );
  // As a large import leaves the registry on PGlite (imports/merge.repository analyzeRegistry), and a server's
  // autovacuum soon after one: statistics and the visibility map.
  await db.exec('VACUUM (ANALYZE) worker_rows');
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const kind of which === 'both' ? ['postgres', 'pglite'] : [which]) {
  const db = await openBenchDb(kind, 'jaring_bench_workers');
  await migrate(db);
  const t = performance.now();
  await populateWorkers(db);
  console.log(`[${kind}] ${rows} workers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await db.query(`INSERT INTO users (username, full_name, password_hash, role, region_code) VALUES ('disnaker', 'Bench', $1, 'regency_operator', '35.09')`, [
    await hashPassword('rahasia-sekali-123'),
  ]);
  const app = await buildApp({ db, config: loadConfig({ JARING_DATA_DIR: mkdtempSync(join(tmpdir(), 'jaring-bench-')) }), logger: false, webRoot: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'disnaker', password: 'rahasia-sekali-123' }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ items: { id: number }[]; total: number; nextCursor?: string | null }>;
  };
  // The cursor of the 40th page of the name order (1,000 rows in), taken by walking, as a user paging on.
  let cursor: string | null | undefined = null;
  let pageNo = 1;
  const deepPages = Number(arg('deep', '40'));
  for (; pageNo < deepPages; pageNo++)
    cursor = (await get(`/workers?sort=name&pageSize=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).nextCursor;
  const cases: [string, string][] = [
    ['baseline: GET /health', '/health'],
    ['first page (registration order)', '/workers?pageSize=25'],
    ['page 1000 by offset (registration order)', '/workers?pageSize=25&page=1000'],
    ['sort by name, first page', '/workers?sort=name&pageSize=25'],
    [`sort by name, page ${deepPages} by cursor`, `/workers?sort=name&pageSize=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : '&page=' + deepPages}`],
    ['filter by district 35.09.17', '/workers?region=35.09.17&pageSize=25'],
    ['filter by district, sort by name', '/workers?region=35.09.17&sort=name&pageSize=25'],
    ['name contains "siti" (common)', '/workers?q=siti&sort=name&pageSize=25'],
    ['name contains "hidayat pra" (rare)', '/workers?q=hidayat%20pra&sort=name&pageSize=25'],
    ['name contains "wati" (common, mid-name)', '/workers?q=wati&sort=name&pageSize=25'],
    ['name contains "siti", newest first', '/workers?q=siti&sort=registered&pageSize=25'],
    ['NIK exact', '/workers?q=3509000000745123'],
    ['NIK prefix 350900000074', '/workers?q=350900000074&pageSize=25'],
  ];
  for (const [label, path] of cases) {
    let last = await get(path);
    for (let i = 0; i < 4; i++) await get(path);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      last = await get(path);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        db: kind,
        rows,
        case: label,
        p50Ms: +pct(times, 50).toFixed(1),
        p95Ms: +pct(times, 95).toFixed(1),
        maxMs: +times.at(-1)!.toFixed(1),
        items: last.items?.length ?? null,
        total: last.total ?? null,
      }),
    );
  }
  await app.close();
  await db.close();
}
