/**
 * One phase of the import benchmark, in its own process so its peak RSS is its own:
 *   prepare — migrate and create the demo accounts;
 *   copy    — the baseline: a raw COPY of the same file into an unindexed table of text columns;
 *   import  — Jaring's import of the file (stream, stage, validate, merge) as the Jember operator;
 *   floor   — after the import (PostgreSQL): the rows it loaded, already clean and typed, written out and
 *             COPYed into an empty table identical to `workers` (LIKE … INCLUDING ALL: its indexes, checks
 *             and defaults; not its triggers) — the least any validated import could cost;
 *   floor-populated — after an import into the populated registry (PostgreSQL): the rows it inserted, COPYed
 *             the same way into that floor table, which already holds the first load.
 * Prints one JSON line: { phase, ms, peakRssMb, ... }.
 */
import { createReadStream, openAsBlob, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createWriteStream } from 'node:fs';
import type * as Connect from '../src/db/connect.js';
import type * as Migrate from '../src/db/migrate.js';
import type * as Pglite from '../src/db/pglite.js';
import type * as SeedDemo from '../src/modules/demo/seed-demo.service.js';
import type * as Generate from '../src/modules/demo/generate.js';
import type * as Imports from '../src/modules/imports/imports.service.js';

// The code measured: the build that `npm start` runs (JARING_BENCH_BUILT=1, set by bench/import.ts), or the
// sources through tsx. They differ in one way that matters here: from the sources, the staging worker thread
// loads tsx and compiles its modules again (~80–110 MB more RSS than the built thread).
const code = process.env.JARING_BENCH_BUILT === '1' ? '../dist/server' : '../src';
await import(`${code}/runtime.js`);
const { openDb } = (await import(`${code}/db/connect.js`)) as typeof Connect;
const { migrate } = (await import(`${code}/db/migrate.js`)) as typeof Migrate;
const { PgliteDb } = (await import(`${code}/db/pglite.js`)) as typeof Pglite;
const { seedDemo } = (await import(`${code}/modules/demo/seed-demo.service.js`)) as typeof SeedDemo;
const { GENERATED_HEADERS } = (await import(`${code}/modules/demo/generate.js`)) as typeof Generate;
const { createImport, runImport, startImport } = (await import(`${code}/modules/imports/imports.service.js`)) as typeof Imports;

const [phase, file, dataDir, databaseUrl] = process.argv.slice(2) as [string, string, string, string | undefined];

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20);
}

/** n, p50 and max of some waits in ms. */
function summary(ms: number[]): { n: number; p50Ms: number; maxMs: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0), maxMs: Math.round(sorted.at(-1) ?? 0) };
}

const db = await openDb({ databaseUrl: databaseUrl || null, dataDir });
const t0 = performance.now();
let extra: Record<string, unknown> = {};
if (phase === 'prepare') {
  await migrate(db);
  await seedDemo(db, { workers: 0 });
} else if (phase === 'copy') {
  const cols = GENERATED_HEADERS.map((_, i) => `c${i} text`).join(', ');
  await db.exec(`DROP TABLE IF EXISTS bench_raw_copy; CREATE TABLE bench_raw_copy (${cols})`);
  const sql = `COPY bench_raw_copy FROM STDIN WITH (FORMAT csv, HEADER true)`;
  const start = performance.now();
  if (db instanceof PgliteDb) {
    await db.pg.query(sql.replace('STDIN', "'/dev/blob'"), [], { blob: await openAsBlob(file) });
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await pipeline(createReadStream(file), client.query(copyFrom(sql)));
    await client.end();
  }
  extra = { copyMs: Math.round(performance.now() - start), rows: (await db.query<{ n: number }>('SELECT count(*) AS n FROM bench_raw_copy'))[0]!.n };
} else if (phase === 'import') {
  const [u] = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'disnaker'`);
  const actor = { id: u!.id, username: 'disnaker', role: 'regency_operator' as const, scope: '35.09' };
  // Another request's view of the database during the import (issue 15, item 2): a `SELECT 1` every
  // 100 ms through the same Db, timed from when it was due to when it answered; and the event loop's delay.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const waits: number[] = [];
  /** Each wait with when it was due, to tell the staging (until the last progress report) from the merge. */
  const timed: { due: number; waitMs: number; rssMb: number }[] = [];
  let stagedAt = 0;
  /** The longest waits and when they began (seconds since the import started), to say which step held the database. */
  const longest: { atS: number; waitMs: number }[] = [];
  let probing = true;
  const start = performance.now();
  const probe = (async () => {
    // Timed from when the request was due: a blocked event loop delays the asking too, and the wake after
    // the import's last block is still measured (do … while).
    let due = performance.now() + 100;
    do {
      await new Promise((r) => setTimeout(r, 100));
      await db.query('SELECT 1');
      const now = performance.now();
      waits.push(now - due);
      timed.push({ due, waitMs: now - due, rssMb: process.memoryUsage.rss() / 2 ** 20 });
      if (now - due > 500) longest.push({ atS: Math.round((due - start) / 100) / 10, waitMs: Math.round(now - due) });
      due = now + 100;
    } while (probing);
  })();
  const created = await createImport(db, actor, { name: basename(file), path: file, bytes: statSync(file).size });
  await startImport(db, actor, created.id, { policy: 'upsert' });
  // Progress is reported after each staged batch only: the last report is the end of the staging.
  const done = await runImport(db, created.id, () => (stagedAt = performance.now()));
  const importMs = Math.round(performance.now() - start);
  probing = false;
  await probe;
  loop.disable();
  waits.sort((a, b) => a - b);
  extra = {
    importMs,
    status: done.status,
    counts: done.counts,
    message: done.message?.en,
    otherQuery: { n: waits.length, p50Ms: Math.round(waits[Math.floor(waits.length / 2)] ?? 0), maxMs: Math.round(waits.at(-1) ?? 0) },
    otherQueryStaging: summary(timed.filter((w) => w.due < stagedAt).map((w) => w.waitMs)),
    otherQueryMerge: summary(timed.filter((w) => w.due >= stagedAt).map((w) => w.waitMs)),
    // The largest RSS seen by the probe (every 100 ms) while staging and while merging: which part makes the peak.
    rssMaxMbStaging: Math.round(Math.max(0, ...timed.filter((w) => w.due < stagedAt).map((w) => w.rssMb))),
    rssMaxMbMerge: Math.round(Math.max(0, ...timed.filter((w) => w.due >= stagedAt).map((w) => w.rssMb))),
    eventLoopDelayMaxMs: Math.round(loop.max / 1e6),
    waitsOver500Ms: longest.sort((a, b) => b.waitMs - a.waitMs).slice(0, 8),
  };
} else if ((phase === 'floor' || phase === 'floor-populated') && databaseUrl) {
  // floor: every row the import loaded, into a fresh bench_floor. floor-populated: the rows the last import
  // inserted, into bench_floor as the floor phase left it (the first load in it, its indexes maintained row by
  // row, as into a populated registry).
  const populated = phase === 'floor-populated';
  const cols = `nik, nik_needs_verification, full_name, birth_date, sex, address, village_code, sector_code, occupation,
                welfare_decile, monthly_income, phone, is_wage_earner, source_import_id, is_synthetic`;
  const clean = `${file}.clean.csv`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const count = async () => Number((await client.query('SELECT count(*) AS n FROM bench_floor')).rows[0].n);
  const which = populated ? `WHERE source_import_id = (SELECT max(id) FROM imports)` : '';
  await pipeline(client.query(copyTo(`COPY (SELECT ${cols} FROM workers ${which} ORDER BY id) TO STDOUT WITH (FORMAT csv)`)), createWriteStream(clean));
  if (!populated) await client.query(`DROP TABLE IF EXISTS bench_floor; CREATE TABLE bench_floor (LIKE worker_rows INCLUDING ALL)`);
  const before = populated ? await count() : 0;
  await client.query('CHECKPOINT');
  const start = performance.now();
  await pipeline(createReadStream(clean), client.query(copyFrom(`COPY bench_floor (${cols}) FROM STDIN WITH (FORMAT csv)`)));
  extra = { floorMs: Math.round(performance.now() - start), before, rows: (await count()) - before };
  await client.end();
}
const ms = Math.round(performance.now() - t0);
await db.close();
console.log(JSON.stringify({ phase, ms, peakRssMb: peakRssMb(), ...extra }));
