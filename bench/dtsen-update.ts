/**
 * npm run bench:dtsen — a quarterly DTSEN update over a regency's registry (issue 16.3): 1.5 million
 * synthetic workers and an approved plan funding the poorest of them, an update file that re-ranks 10 %,
 * moves 1 % (a fifth of them to another regency), reports 0.5 % dead and leaves out 1 % — staged straight
 * into `import_rows` (reading files is `bench:import`'s subject). Prints the preview (changes + impact on
 * the funded) and the apply against the plan of the same staged rows in the same run (what any import
 * costs before it writes). Never passes or fails. Uses its own database `jaring_bench_dtsen` (PostgreSQL)
 * (dropped and made again each run).
 *
 *   npm run bench:dtsen -- [--rows 1500000]
 */
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import { PostgresDb } from '../src/db/postgres.js';
import { migrate } from '../src/db/migrate.js';
import type { Actor } from '../src/actor.js';
import * as imports from '../src/modules/imports/imports.repository.js';
import { planMerge } from '../src/modules/imports/merge.repository.js';
import { applyUpdate, previewInTransaction, type UpdatePreview } from '../src/modules/registry/registry.service.js';
import { readPreview } from '../src/modules/registry/registry.repository.js';
import { addBudget, createProgram, createSource } from '../src/modules/funding/funding.service.js';
import { runPlan } from '../src/modules/plans/plans.service.js';
import { reviewPlan, submitPlan } from '../src/modules/plans/review.service.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const rows = Number(arg('rows', '1500000'));
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
// A fresh database each run: the previous run's apply changed the registry.
await admin.query('DROP DATABASE IF EXISTS jaring_bench_dtsen WITH (FORCE)');
await admin.query('CREATE DATABASE jaring_bench_dtsen');
await admin.end();
const u = new URL(serverUrl);
u.pathname = '/jaring_bench_dtsen';
const db = await PostgresDb.open(u.toString());
await migrate(db);
console.log(
  `DTSEN update; machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const maker: Actor = { id: null, username: 'bench.maker', role: 'regency_operator', scope: '35.09' };
const checker: Actor = { id: null, username: 'bench.checker', role: 'regency_operator', scope: '35.09' };

await db.transaction(async (tx) => {
  await tx.query('SELECT setseed(0.2026)');
  await tx.query(
    `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile, is_synthetic)
     SELECT lpad((3509000000000000 + i)::text, 16, '0'), 'Pekerja ' || i, date '1965-01-01' + floor(random() * 12000)::int,
            CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END, v.codes[1 + floor(random() * array_length(v.codes, 1))::int],
            CASE WHEN i % 3 = 0 THEN 'tobacco_farm_labourer' ELSE 'food_farmer' END, 1 + floor(random() * 10)::int, true
       FROM generate_series(1, $1::int) AS i,
            (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'village' AND code LIKE '35.09.%') v`,
    [rows],
  );
});
await db.exec('ANALYZE worker_rows');
console.log(`registry made ${(performance.now() / 1000).toFixed(1)} s`);
const program = await createProgram(db, maker, { regionCode: '35.09', name: 'Bench DTSEN' });
const dbhcht = await createSource(db, maker, program.id, {
  name: 'DBHCHT',
  kind: 'DBHCHT',
  maxDecile: 2,
  sectors: [{ sectorCode: 'tobacco_farm_labourer', tier: 1 }],
});
const apbd = await createSource(db, maker, program.id, { name: 'APBD', kind: 'APBD', maxDecile: 3 });
await addBudget(db, maker, dbhcht.id, { fiscalYear: 2027, amount: 60_000 * 6 * 16_800, reference: 'DPA 2027' });
await addBudget(db, maker, apbd.id, { fiscalYear: 2027, amount: 60_000 * 6 * 16_800, reference: 'DPA 2027' });
const plan = await runPlan(db, maker, { programId: program.id, fiscalYear: 2027, monthFrom: '2027-01', monthTo: '2027-06' });
await submitPlan(db, maker, plan.id);
await reviewPlan(db, checker, plan.id, 'approve', 'bench');
console.log(`plan approved ${(performance.now() / 1000).toFixed(1)} s`);
const funded = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM plan_candidates WHERE plan_id = $1 AND outcome = 'funded'`, [plan.id]))[0]!.n;

const imp = await imports.insertImport(db, {
  fileName: 'dtsen-bench.csv',
  filePath: '/dev/null',
  fileBytes: 0,
  fileOwned: false,
  format: 'csv',
  actorId: null,
  actorUsername: maker.username,
  actorRole: maker.role,
  actorScope: maker.scope,
});
await imports.markRunning(db, imp.id, { sheet: null, headers: [], mapping: {}, policy: 'dtsen_update', effectiveMonth: '2027-03' });
const village = async (prefix: string) =>
  (await db.query<{ code: string }>(`SELECT code FROM regions WHERE level = 'village' AND code LIKE $1 ORDER BY code DESC LIMIT 1`, [`${prefix}.%`]))[0]!.code;
const near = await village('35.09');
const far = await village('35.11');
let t0 = performance.now();
await db.query(
  `INSERT INTO import_rows (import_id, row_no, nik, village_code, welfare_decile, died_on, raw)
   SELECT $1, row_number() OVER (ORDER BY w.id)::int + 1, w.nik,
          CASE WHEN w.id % 500 = 1 THEN $3 WHEN w.id % 100 = 1 THEN $2 ELSE w.village_code END,
          CASE WHEN w.id % 10 = 2 THEN 1 + (w.welfare_decile + 1) % 10 ELSE w.welfare_decile END,
          CASE WHEN w.id % 200 = 3 THEN date '2026-11-15' END, ''
     FROM workers w WHERE w.id % 100 <> 4`,
  [imp.id, near, far],
);
const staged = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_rows WHERE import_id = $1`, [imp.id]))[0]!.n;
await imports.reportProgress(db, imp.id, 0, staged);
await db.exec('ANALYZE import_rows');
const stageMs = performance.now() - t0;

// Baseline: the plan of the same rows that every import makes before writing (rolled back).
t0 = performance.now();
await db
  .transaction(async (tx) => {
    await planMerge(tx, { importId: imp.id, scope: '35.09', policy: 'dtsen_update', actorId: null, actorUsername: maker.username }, { writeErrors: false });
    throw new Error('rollback');
  })
  .catch(() => undefined);
const planMs = performance.now() - t0;
console.log(`baseline done ${(performance.now() / 1000).toFixed(1)} s`);

t0 = performance.now();
await db.transaction(async (tx) => {
  await imports.lockForMerge(tx, imp.id);
  const { counts } = await previewInTransaction(tx, { importId: imp.id, scope: '35.09', actorId: null, actorUsername: maker.username }, '2027-03');
  await imports.finish(tx, imp.id, 'previewed', { id: 'bench', en: 'bench' }, { total: staged, ...counts });
});
const previewMs = performance.now() - t0;
console.log(`preview done ${(performance.now() / 1000).toFixed(1)} s`);
const preview = (await readPreview(db, imp.id)).preview as UpdatePreview;

t0 = performance.now();
const applied = await applyUpdate(db, maker, imp.id);
const applyMs = performance.now() - t0;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `registry ${rows.toLocaleString('en')} workers; plan funds ${funded.toLocaleString('en')}; update of ${staged.toLocaleString('en')} rows staged in ${s(stageMs)}`,
);
console.log(`changes: ${JSON.stringify(preview.kinds)}`);
console.log(
  `funded participants losing their source from 2027-03: ${preview.losing.workers.toLocaleString('en')}, Rp ${preview.losing.rupiah.toLocaleString('en')}`,
);
console.log(`baseline  plan of the staged rows (any import)  ${s(planMs)}`);
console.log(`preview   plan + changes + impact              ${s(previewMs)}  (${(previewMs / planMs).toFixed(2)} × baseline)`);
console.log(`apply     re-plan + merge + status + audit     ${s(applyMs)}  (${(applyMs / planMs).toFixed(2)} × baseline), status ${applied.status}`);
await db.close();
