/**
 * npm run bench:dashboard — a province the size of Jawa Timur on a PostgreSQL server: 22 million
 * registered workers over its real villages, 5 million participants with a paid and an unpaid month,
 * coverage inputs for every province, regency and district with two dates each. Rebuilds the
 * subsidised aggregate once (timed), then runs each dashboard query many times and prints p50/p95.
 * Prints figures; never passes or fails.
 *
 *   npm run bench:dashboard -- --workers 22000000 --participants 5000000 --runs 200 [--reuse]
 *   BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/test (a database jaring_bench_dashboard is made in it)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import type { Db } from '../src/db/db.js';
import { PostgresDb } from '../src/db/postgres.js';
import { migrate } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/actor.js';
import { dashboard, refreshSubsidised } from '../src/modules/coverage/coverage.service.js';
import { publicCoverage } from '../src/modules/coverage/public.service.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const workers = Number(arg('workers', '22000000'));
const participants = Number(arg('participants', '5000000'));
const runs = Number(arg('runs', '200'));
const reuse = process.argv.includes('--reuse');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function open(): Promise<Db> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'jaring_bench_dashboard'`)).rowCount === 1;
  if (!reuse || !exists) {
    await admin.query('DROP DATABASE IF EXISTS jaring_bench_dashboard WITH (FORCE)');
    await admin.query('CREATE DATABASE jaring_bench_dashboard');
  }
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = '/jaring_bench_dashboard';
  return PostgresDb.open(u.toString());
}

async function populate(db: Db): Promise<void> {
  const chunk = 2_000_000;
  for (let from = 1; from <= workers; from += chunk) {
    const t = performance.now();
    await db.query(
      `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile, is_synthetic)
       SELECT lpad((3500000000000000 + i)::text, 16, '0'), 'Pekerja ' || i, date '1960-01-01' + (i % 16000)::int, CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END,
              v.codes[1 + (i * 7919) % array_length(v.codes, 1)], s.codes[1 + i % array_length(s.codes, 1)], 1 + i % 10, true
         FROM generate_series($1::bigint, $2::bigint) AS i,
              (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'village' AND code LIKE '35.%') v,
              (SELECT array_agg(code ORDER BY sort) AS codes FROM sectors) s`,
      [from, Math.min(workers, from + chunk - 1)],
    );
    console.log(`  workers ${Math.min(workers, from + chunk - 1).toLocaleString('en-US')} (${fmt(performance.now() - t)})`);
  }
  const [prog] = await db.query<{ id: number }>(`INSERT INTO programs (region_code, name, created_by) VALUES ('35', 'Bench Jatim', 'bench') RETURNING id`);
  const [src] = await db.query<{ id: number }>(
    `INSERT INTO funding_sources (program_id, name, kind, funding_type, domicile_code) VALUES ($1, 'DBHCHT Jatim', 'DBHCHT', 'SG', '35') RETURNING id`,
    [prog!.id],
  );
  let t = performance.now();
  await db.query(
    `INSERT INTO participants (worker_id, program_id, region_code, status, status_since)
     SELECT id, $1, village_code, 'active', date '2026-06-30' FROM workers WHERE id % $2 = 0 LIMIT $3`,
    [prog!.id, Math.max(1, Math.floor(workers / participants)), participants],
  );
  console.log(`  participants ${participants.toLocaleString('en-US')} (${fmt(performance.now() - t)})`);
  t = performance.now();
  for (const [month, paid] of [
    ['2026-07-01', true],
    ['2026-08-01', false],
  ] as const) {
    const [inv] = await db.query<{ id: number }>(
      `INSERT INTO invoices (source_id, program_id, region_code, period_from, period_to, created_by) VALUES ($1, $2, '35', $3, $3, 'bench') RETURNING id`,
      [src!.id, prog!.id, month],
    );
    await db.query(`INSERT INTO invoice_lines (participant_id, month, invoice_id, amount, paid) SELECT id, $1::date, $2, 16800, $3 FROM participants`, [
      month,
      inv!.id,
      paid,
    ]);
  }
  console.log(`  invoice lines ${(2 * participants).toLocaleString('en-US')} (${fmt(performance.now() - t)})`);
  // Coverage inputs for every province, regency and district, at two dates (so change and growth have something to compare).
  await db.query(
    `INSERT INTO coverage_inputs (region_code, as_of, potential, potential_source, active_total, participants_source, reported_pct, created_by)
     SELECT r.code, d.as_of, 10000 + abs(hashtext(r.code)) % 90000 * (CASE r.level WHEN 'province' THEN 100 WHEN 'regency' THEN 10 ELSE 1 END),
            'BPS (bench)', 0, 'BPJS (bench)', NULL, 'bench'
       FROM regions r CROSS JOIN (VALUES (date '2025-12-31'), (date '2026-07-31')) AS d(as_of) WHERE r.level IN ('province', 'regency', 'district')`,
  );
  await db.query(`UPDATE coverage_inputs SET active_total = potential * (20 + abs(hashtext(region_code || as_of::text)) % 40) / 100`);
  await db.exec('ANALYZE');
}

const pctl = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

console.log(
  `${workers.toLocaleString('en-US')} workers, ${participants.toLocaleString('en-US')} participants, ${runs} runs per query; ` +
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
const db = await open();
try {
  await migrate(db);
  const have = (await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM workers'))[0]!.n;
  if (have !== workers) {
    const t = performance.now();
    await populate(db);
    console.log(`populated in ${fmt(performance.now() - t)}`);
  } else console.log(`reusing ${have.toLocaleString('en-US')} workers`);
  const refresh = await refreshSubsidised(db, null);
  console.log(JSON.stringify({ step: 'refreshSubsidised', rows: refresh.rows, ms: refresh.millis }));
  const asOf = '2026-07-31';
  const queries: [string, () => Promise<unknown>][] = [
    ['national (38 provinces)', () => dashboard(db, SYSTEM_ACTOR, { asOf })],
    ['province 35 Jawa Timur (38 regencies)', () => dashboard(db, SYSTEM_ACTOR, { regionCode: '35', asOf })],
    ['regency 35.09 Jember (31 districts)', () => dashboard(db, SYSTEM_ACTOR, { regionCode: '35.09', asOf })],
    ['district 35.09.17 (villages)', () => dashboard(db, SYSTEM_ACTOR, { regionCode: '35.09.17', asOf })],
    ['public page, province 35', () => publicCoverage(db, { regionCode: '35', asOf })],
  ];
  for (const [name, q] of queries) {
    for (let i = 0; i < 5; i++) await q(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await q();
      times.push(performance.now() - t);
    }
    console.log(JSON.stringify({ query: name, p50Ms: +pctl(times, 50).toFixed(1), p95Ms: +pctl(times, 95).toFixed(1), maxMs: +Math.max(...times).toFixed(1) }));
  }
} finally {
  await db.close();
}
