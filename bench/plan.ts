/**
 * npm run bench:plan — 1.5 million synthetic candidates in Kabupaten Jember, one program with 8 funding
 * sources whose rules overlap and whose budgets bind; runs the plan on PGlite and on PostgreSQL and
 * prints where the time goes (candidate table, optimisation, saving every candidate's outcome) with a
 * baseline taken in the same run: one grouped scan of the same workers. Never passes or fails.
 *
 *   npm run bench:plan -- --rows 1500000 --db both|pglite|postgres --year 2025|2026 [--reuse: PostgreSQL's database of the last run]
 *   BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/test (a database jaring_bench_plan is made in it)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import type { Db } from '../src/db/db.js';
import { PgliteDb } from '../src/db/pglite.js';
import { PostgresDb } from '../src/db/postgres.js';
import { migrate } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/actor.js';
import { addBudget, createProgram, createSource } from '../src/modules/funding/funding.service.js';
import { listPlanCandidates, runPlan } from '../src/modules/plans/plans.service.js';
import { warmOptimizer } from '../src/domain/optimizer.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const rows = Number(arg('rows', '1500000'));
const which = arg('db', 'both');
const years = arg('year', '2025,2026').split(',').map(Number);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const reuse = process.argv.includes('--reuse');

async function openDb(kind: string): Promise<Db> {
  if (kind === 'pglite') return PgliteDb.open();
  const u = new URL(serverUrl);
  u.pathname = '/jaring_bench_plan';
  if (reuse) return PostgresDb.open(u.toString());
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS jaring_bench_plan WITH (FORCE)');
  await admin.query('CREATE DATABASE jaring_bench_plan');
  await admin.end();
  return PostgresDb.open(u.toString());
}

/** Synthetic workers, set-based: sectors, deciles, ages and wage earners spread so every rule bites. */
async function populate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT setseed(0.2026)');
    await tx.query(
      `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile, is_wage_earner, is_synthetic)
     SELECT lpad((3509000000000000 + i)::text, 16, '0'), 'Pekerja ' || i,
            date '1950-01-01' + floor(random() * 20000)::int,
            CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END,
            v.codes[1 + floor(random() * array_length(v.codes, 1))::int],
            s.codes[1 + floor(random() * array_length(s.codes, 1))::int],
            CASE WHEN random() < 0.06 THEN NULL ELSE 1 + floor(random() * 10)::int END,
            random() < 0.03, true
       FROM generate_series(1, $1::int) AS i,
            (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'village' AND code LIKE '35.09.%') v,
            (SELECT array_agg(code ORDER BY sort) AS codes FROM sectors) s`,
      [rows],
    );
  });
  await db.exec('ANALYZE worker_rows');
}

async function program(db: Db): Promise<void> {
  const p = await createProgram(db, SYSTEM_ACTOR, { regionCode: '35.09', name: 'Bench' });
  const src = (name: string, kind: string, extra: Record<string, unknown> = {}) => createSource(db, SYSTEM_ACTOR, p.id, { name, kind, ...extra });
  const tiers = (one: string[], two: string[] = []) => [
    ...one.map((sectorCode) => ({ sectorCode, tier: 1 })),
    ...two.map((sectorCode) => ({ sectorCode, tier: 2 })),
  ];
  const sources = [
    await src('DBHCHT', 'DBHCHT', {
      maxDecile: 5,
      sectors: tiers(['tobacco_farm_labourer', 'cigarette_factory_worker'], ['religious_social_worker', 'food_farmer', 'fisher']),
    }),
    await src('APBD', 'APBD', { maxDecile: 6 }),
    await src('DBH Sawit', 'DBH_SAWIT', { sectors: tiers(['palm_oil_worker'], ['food_farmer']) }),
    await src('APBDes Jombang', 'APBDES', { domicileCode: '35.09.01', sectors: tiers(['village_apparatus', 'village_vulnerable_worker']) }),
    await src('APBDes Kencong', 'APBDES', { domicileCode: '35.09.02', sectors: tiers(['village_apparatus', 'village_vulnerable_worker']) }),
    await src('CSR transport', 'CSR', { sectors: tiers(['driver_ojek'], ['domestic_worker']) }),
    await src('Bank', 'BANK', { maxDecile: 4, sectors: tiers(['itinerant_trader', 'fisher']) }),
    await src('Donor ASN', 'DONOR', { maxDecile: 3, sectors: tiers(['religious_social_worker']) }),
  ];
  // Budgets in workers × Rp 201,600: they bind for every source.
  const workers = [60_000, 40_000, 8_000, 1_500, 1_500, 6_000, 5_000, 3_000];
  for (const year of years)
    for (const [i, s] of sources.entries()) await addBudget(db, SYSTEM_ACTOR, s.id, { fiscalYear: year, amount: workers[i]! * 201_600 });
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `${rows} candidates, 8 sources; machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const kind of which === 'both' ? ['pglite', 'postgres'] : [which]) {
  const db = await openDb(kind);
  try {
    await migrate(db);
    let t = performance.now();
    if (reuse && kind === 'postgres') {
      await db.exec('DELETE FROM plans');
      console.log(`[${kind}] reusing ${(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM workers'))[0]!.n} workers`);
    } else {
      await populate(db);
      console.log(`[${kind}] populated ${rows} workers in ${fmt(performance.now() - t)}`);
      await program(db);
    }
    // As the server does a second after it starts (src/server.ts): the solver compiled before the first plan.
    await warmOptimizer();
    for (const year of years) {
      t = performance.now();
      await db.query('SELECT sector_code, welfare_decile, count(*) FROM workers GROUP BY 1, 2');
      const baseline = performance.now() - t;
      t = performance.now();
      const plan = await runPlan(db, SYSTEM_ACTOR, { programId: 1, fiscalYear: year, monthFrom: `${year}-01`, monthTo: `${year}-12` });
      const total = performance.now() - t;
      const s = plan.summary;
      // The unfunded are counts now, listed on demand by the plan's rules: the first page of each list.
      const listMs: Record<string, number> = {};
      for (const outcome of ['out_of_budget', 'ineligible'] as const) {
        t = performance.now();
        await listPlanCandidates(db, SYSTEM_ACTOR, plan.id, { outcome, page: 1, pageSize: 50 });
        listMs[outcome] = Math.round(performance.now() - t);
      }
      console.log(
        JSON.stringify({
          db: kind,
          year,
          engine: s.engine,
          candidates: s.candidates,
          eligible: s.eligible,
          funded: s.funded,
          outOfBudget: s.outOfBudget,
          totalRupiah: s.totalRupiah,
          sourcesLeft: s.sources.map((x) => x.left),
          baselineGroupedScanMs: Math.round(baseline),
          candidateTableMs: s.millis.candidates,
          optimizeMs: s.millis.optimize,
          saveMs: s.millis.save,
          totalMs: Math.round(total),
          candidateRatio: +(s.millis.candidates / baseline).toFixed(2),
          groups: s.groups,
          firstPageMs: listMs,
          rowsStored: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_candidates WHERE plan_id = $1', [plan.id]))[0]!.n,
        }),
      );
    }
  } finally {
    await db.close();
  }
}
