/**
 * npm run bench:duplicates — likely duplicates over a regency's registry: 1.5 million synthetic workers
 * (the database of `npm run bench:plan`, made here when missing) with planted near-duplicates — a copy under
 * a NIK with two digits swapped, a copy with one mistyped digit and one letter of the name changed, a woman's
 * NIK entered again as a man's (day − 40) — and planted namesakes (the same name and birth date in another
 * village under an unrelated NIK). Prints the search's time against a grouped scan of the same workers in the
 * same run, and how many planted pairs were found and how many namesakes were flagged. Never passes or fails.
 *
 *   npm run bench:duplicates -- [--plant 1000] [--db postgres|pglite] [--rows 1500000]
 */
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import type { Db } from '../src/db/db.js';
import { PgliteDb } from '../src/db/pglite.js';
import { PostgresDb } from '../src/db/postgres.js';
import { migrate } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/actor.js';
import { findDuplicates } from '../src/modules/duplicates/duplicates.service.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const plant = Number(arg('plant', '1000'));
const rows = Number(arg('rows', '1500000'));
const kind = arg('db', 'postgres');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

async function open(): Promise<Db> {
  if (kind === 'pglite') return PgliteDb.open();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'jaring_bench_plan'`)).rowCount === 1;
  if (!exists) await admin.query('CREATE DATABASE jaring_bench_plan');
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = '/jaring_bench_plan';
  return PostgresDb.open(u.toString());
}

const db = await open();
await migrate(db);
console.log(
  `likely duplicates; machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await db.exec(`DELETE FROM duplicate_pairs; DELETE FROM workers WHERE is_synthetic AND full_name LIKE 'Tanam %'`);
let n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM workers'))[0]!.n;
if (n < rows) {
  await db.transaction(async (tx) => {
    await tx.query('SELECT setseed(0.2026)');
    await tx.query(
      `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile, is_synthetic)
       SELECT lpad((3509000000000000 + $2::int + i)::text, 16, '0'), 'Pekerja ' || ($2::int + i), date '1950-01-01' + floor(random() * 20000)::int,
              CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END, v.codes[1 + floor(random() * array_length(v.codes, 1))::int], 'food_farmer', 1 + floor(random() * 10)::int, true
         FROM generate_series(1, $1::int) AS i,
              (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'village' AND code LIKE '35.09.%') v`,
      [rows - n, n],
    );
  });
  await db.exec('ANALYZE worker_rows');
  n = rows;
}
// Planted: per person an original and a copy; namesakes share a name and a birth date but not a village or a NIK.
await db.transaction(async (tx) => {
  await tx.query(
    `WITH src AS (SELECT row_number() OVER () AS k, v.code FROM (SELECT code FROM regions WHERE level = 'village' AND code LIKE '35.09.%' ORDER BY code LIMIT 40) v),
     people AS (
       SELECT g AS i, (SELECT code FROM src WHERE k = 1 + g % 40) AS village, (SELECT code FROM src WHERE k = 1 + (g + 7) % 40) AS other,
              date '1960-01-01' + (g * 7) % 15000 AS born FROM generate_series(1, $1::int) AS g)
     INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, is_synthetic)
     SELECT nik, name, born, sex, village, 'food_farmer', true FROM (
       -- original (a woman: day + 40) and, rotating, a copy entered as a man (day − 40), with '3509' typed '3590',
       -- or with one digit mistyped ('3508') and a letter added to the name
       SELECT '3509' || lpad((i % 90 + 10)::text, 2, '0') || lpad((extract(day FROM born)::int + 40)::text, 2, '0') || to_char(born, 'MMYY') || lpad(i::text, 4, '0') AS nik,
              'Tanam Orang ' || i AS name, born, 'P' AS sex, village FROM people
       UNION ALL
       SELECT CASE i % 3
                WHEN 0 THEN '3509' || lpad((i % 90 + 10)::text, 2, '0') || lpad(extract(day FROM born)::text, 2, '0') || to_char(born, 'MMYY') || lpad(i::text, 4, '0')
                WHEN 1 THEN '3590' || lpad((i % 90 + 10)::text, 2, '0') || lpad((extract(day FROM born)::int + 40)::text, 2, '0') || to_char(born, 'MMYY') || lpad(i::text, 4, '0')
                ELSE '3508' || lpad((i % 90 + 10)::text, 2, '0') || lpad((extract(day FROM born)::int + 40)::text, 2, '0') || to_char(born, 'MMYY') || lpad(i::text, 4, '0') END,
              CASE i % 3 WHEN 2 THEN 'Tanam Orang ' || i || 'x' ELSE 'Tanam Orang ' || i END, born, CASE i % 3 WHEN 0 THEN 'L' ELSE 'P' END, village FROM people
       UNION ALL
       -- a namesake: same name and birth date, another village, an unrelated NIK
       SELECT '3510' || lpad((i % 90 + 10)::text, 2, '0') || '0101' || '70' || lpad(i::text, 4, '0'), 'Tanam Orang ' || i, born, 'P', other FROM people) x`,
    [plant],
  );
});
await db.exec('ANALYZE worker_rows');
const total = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM workers'))[0]!.n;
let t = performance.now();
await db.query('SELECT birth_date, village_code, count(*) FROM workers GROUP BY 1, 2');
const baseline = performance.now() - t;
t = performance.now();
const r = await findDuplicates(db, SYSTEM_ACTOR);
const search = performance.now() - t;
const found = await db.query<{ planted: number; namesakes: number; other: number }>(
  `SELECT count(*) FILTER (WHERE a.full_name LIKE 'Tanam %' AND b.full_name LIKE 'Tanam %' AND a.village_code = b.village_code)::int AS planted,
          count(*) FILTER (WHERE a.nik LIKE '3510%' OR b.nik LIKE '3510%')::int AS namesakes,
          count(*) FILTER (WHERE a.full_name NOT LIKE 'Tanam %' OR b.full_name NOT LIKE 'Tanam %')::int AS other
     FROM duplicate_pairs d JOIN workers a ON a.id = d.worker_a JOIN workers b ON b.id = d.worker_b`,
);
console.log(
  JSON.stringify({
    db: kind,
    workers: total,
    plantedPairs: plant,
    plantedNamesakes: plant,
    foundPlanted: found[0]!.planted,
    flaggedNamesakes: found[0]!.namesakes,
    flaggedOther: found[0]!.other,
    comparedPairs: r.compared,
    searchMs: Math.round(search),
    baselineGroupedScanMs: Math.round(baseline),
    ratio: +(search / baseline).toFixed(2),
  }),
);
await db.close();
