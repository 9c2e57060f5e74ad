/**
 * npm run bench:partitions — the national design's check on paper made measurable: a copy of the registry
 * partitioned by region code (RANGE on village_code COLLATE "C": one partition per province, and Jawa Timur
 * sub-partitioned per regency) holding `--rows` workers spread over Jawa Timur's real villages (22 million
 * by default, the size of the dashboard benchmark's province). Then, for regency- and district-scoped
 * queries written as Jaring writes them (db/scope.ts: one range on the code), EXPLAIN ANALYZE counts the
 * partitions the plan touches and times the query; the baseline in the same run is the same query on an
 * unpartitioned table of the same rows. Never passes or fails.
 *
 *   npm run bench:partitions -- --rows 22000000 [--reuse]
 */
import { cpus, loadavg } from 'node:os';
import { migrate } from '../src/db/migrate.js';
import { openBenchDb } from './populate.js';
import { PostgresDb } from '../src/db/postgres.js';
import type { Db } from '../src/db/db.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const rows = Number(arg('rows', '22000000'));
const reuse = process.argv.includes('--reuse');
const NAME = 'jaring_bench_partitions';

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

async function load(db: Db): Promise<void> {
  await migrate(db);
  const provinces = await db.query<{ code: string }>(`SELECT code FROM regions WHERE level = 'province' ORDER BY code`);
  const regencies = await db.query<{ code: string }>(`SELECT code FROM regions WHERE level = 'regency' AND code LIKE '35.%' ORDER BY code`);
  const cols = `id bigint NOT NULL, nik text NOT NULL, full_name text NOT NULL, birth_date date NOT NULL, village_code text COLLATE "C" NOT NULL,
                sector_code text NOT NULL, welfare_decile smallint`;
  await db.exec(`
    DROP TABLE IF EXISTS reg_part, reg_flat;
    CREATE TABLE reg_flat (${cols});
    CREATE TABLE reg_part (${cols}) PARTITION BY RANGE (village_code);`);
  // Provinces as ranges [code, code + '/') ('/' follows '.' in code-point order: every code under the
  // province and nothing else); Jawa Timur split again per regency.
  for (const { code } of provinces) {
    const t = `reg_part_${code}`;
    if (code === '35') {
      await db.exec(`CREATE TABLE ${t} PARTITION OF reg_part FOR VALUES FROM ('35') TO ('35/') PARTITION BY RANGE (village_code)`);
      for (const r of regencies)
        await db.exec(`CREATE TABLE reg_part_${r.code.replace('.', '_')} PARTITION OF ${t} FOR VALUES FROM ('${r.code}') TO ('${r.code}/')`);
    } else await db.exec(`CREATE TABLE ${t} PARTITION OF reg_part FOR VALUES FROM ('${code}') TO ('${code}/')`);
  }
  let t = performance.now();
  await db.query(
    `INSERT INTO reg_flat
     SELECT i, lpad((3500000000000000 + i)::text, 16, '0'), 'Pekerja ' || i, date '1960-01-01' + (i % 15000)::int,
            v.codes[1 + ((i * 7919) % array_length(v.codes, 1))::int], 'tobacco_farm_labourer', 1 + i % 10
       FROM generate_series(1::bigint, $1::bigint) AS i,
            (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'village' AND code LIKE '35.%') v`,
    [rows],
  );
  console.log(`loaded ${rows} rows into the unpartitioned table in ${seconds(t)}`);
  t = performance.now();
  await db.exec(`INSERT INTO reg_part SELECT * FROM reg_flat`);
  console.log(`copied them into the partitioned table in ${seconds(t)}`);
  t = performance.now();
  await db.exec(`
    CREATE INDEX reg_flat_village_idx ON reg_flat (village_code, id);
    CREATE INDEX reg_part_village_idx ON reg_part (village_code, id);
    ANALYZE reg_flat; ANALYZE reg_part;`);
  console.log(`indexes (village_code, id) on both and ANALYZE in ${seconds(t)}`);
}

const db = reuse ? await PostgresDb.open(`postgres://root@127.0.0.1:5432/${NAME}`) : await openBenchDb('postgres', NAME);
if (!reuse) await load(db);

const range = (code: string) => `village_code >= '${code}' AND village_code < '${code}/'`;
const cases: [string, (table: string) => string][] = [
  ['regency 35.09: count', (t) => `SELECT count(*) FROM ${t} WHERE ${range('35.09')}`],
  ['regency 35.09: first page', (t) => `SELECT id, nik, full_name FROM ${t} WHERE ${range('35.09')} ORDER BY village_code, id LIMIT 25`],
  ['district 35.09.17: count', (t) => `SELECT count(*) FROM ${t} WHERE ${range('35.09.17')}`],
  ['regency 35.78 (Surabaya) per sector', (t) => `SELECT sector_code, count(*) FROM ${t} WHERE ${range('35.78')} GROUP BY 1`],
];
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}
const scanned = (n: PlanNode, out: Set<string>) => {
  if (n['Relation Name'] && (n['Actual Loops'] ?? 1) > 0) out.add(n['Relation Name']);
  for (const c of n.Plans ?? []) scanned(c, out);
  return out;
};
const partitions = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_partition_tree('reg_part') WHERE isleaf`))[0]!.n;
console.log(`partitioned table: ${partitions} leaf partitions`);
for (const [label, q] of cases) {
  for (const table of ['reg_flat', 'reg_part']) {
    const times: number[] = [];
    let touched = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const [r] = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${q(table)}`);
      const plan = r!['QUERY PLAN'][0];
      touched = scanned(plan.Plan, new Set());
      times.push(plan['Execution Time']);
    }
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        case: label,
        table,
        medianMs: +times[3]!.toFixed(1),
        maxMs: +times[6]!.toFixed(1),
        relationsScanned: [...touched],
      }),
    );
  }
}
await db.close();
