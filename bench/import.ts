/**
 * npm run bench:import — generates a synthetic Jember worker list (1.5 million rows by default),
 * imports it, and in the same run times a raw COPY of the same file into an unindexed table of the
 * same database, on PGlite and on PostgreSQL, and on PostgreSQL the floor: the imported rows, clean and
 * typed, COPYed into an empty table identical to `workers`; then the same file again with a tenth of its rows
 * changed (upsert), and a file of a tenth as many other people into the populated registry, with its floor (the
 * rows it inserted COPYed into the floor table already holding the first load). Prints figures and ratios;
 * never passes or fails.
 *
 *   npm run bench:import -- --rows 1500000 --db both|pglite|postgres [--staging-ab] [--source]
 *   BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/test (the server; a database jaring_bench is made in it)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import { PgliteDb } from '../src/db/pglite.js';
import { migrate } from '../src/db/migrate.js';
import { generateWorkersFile, type GenerateResult } from '../src/modules/demo/generate.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const rows = Number(arg('rows', '1500000'));
const which = arg('db', 'both');
// --staging-ab: the import into an empty registry once more with the file read in the main thread (the A/B of
// the staging worker thread, same run); both imports start from a freshly migrated registry.
const stagingAb = process.argv.includes('--staging-ab');
// The phases run the build `npm start` runs (built here first); --source runs the sources through tsx instead.
const built = !process.argv.includes('--source');
if (built) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const dir = '.tmp/bench';
mkdirSync(dir, { recursive: true });
const file = `${dir}/workers-${rows}.csv`;

async function generate(): Promise<GenerateResult> {
  const meta = `${file}.json`;
  if (existsSync(file) && existsSync(meta)) return JSON.parse((await import('node:fs')).readFileSync(meta, 'utf8')) as GenerateResult;
  const db = await PgliteDb.open();
  await migrate(db);
  const t = performance.now();
  const r = await generateWorkersFile(db, { regency: '35.09', rows, errorRate: 0.02, seed: 2026, out: file, trailingEmptyRows: false });
  console.log(
    `generated ${file}: ${r.rows} rows (${r.errorRows} with errors, ${r.duplicateRows} duplicates) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  await db.close();
  writeFileSync(meta, JSON.stringify(r));
  return r;
}

function phase(name: string, dataDir: string, url?: string, path = file, env: Record<string, string> = {}): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/import-phase.ts', name, path, dataDir, url ?? ''], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, JARING_IMPORT_TIMINGS: '1', JARING_BENCH_BUILT: built ? '1' : '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

async function freshServerDb(): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS jaring_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE jaring_bench');
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = '/jaring_bench';
  return u.toString();
}

/** The generated file with the income of every tenth data row raised by Rp 1,000 (written once). */
async function changedFile(): Promise<string> {
  const out = `${file}.changed.csv`;
  if (existsSync(out)) return out;
  const { createInterface } = await import('node:readline');
  const { createReadStream, createWriteStream } = await import('node:fs');
  const w = createWriteStream(out);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const changed = n > 0 && n % 10 === 0 ? line.replace(/,(\d+),([^,]*)$/, (_m, income: string, phone: string) => `,${Number(income) + 1000},${phone}`) : line;
    if (!w.write(changed + '\n')) await new Promise<void>((r) => w.once('drain', () => r()));
    n++;
  }
  await new Promise<void>((r) => w.end(() => r()));
  return out;
}

/**
 * The populated case: a tenth as many other people (another seed), imported into the registry the first
 * import filled — a district's list arriving after the regency's extract (written once).
 */
async function newPeopleFile(): Promise<{ path: string; rows: number }> {
  const out = `${dir}/workers-${rows}-new.csv`;
  const n = Math.max(1, Math.round(rows / 10));
  if (existsSync(out)) return { path: out, rows: n };
  const db = await PgliteDb.open();
  await migrate(db);
  await generateWorkersFile(db, { regency: '35.09', rows: n, errorRate: 0.02, seed: 2027, out, trailingEmptyRows: false });
  await db.close();
  return { path: out, rows: n };
}

const expected = await generate();
const extraFile = await newPeopleFile();
const bytes = statSync(file).size;
console.log(
  `file ${(bytes / 2 ** 20).toFixed(0)} MB, ${rows} rows; code: ${built ? 'the build (dist/)' : 'the sources (tsx)'}; machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const results: Record<string, unknown>[] = [];
for (const kind of which === 'both' ? ['pglite', 'postgres'] : [which]) {
  const dataDir = `${dir}/pglite-data`;
  rmSync(dataDir, { recursive: true, force: true });
  const url = kind === 'postgres' ? await freshServerDb() : undefined;
  phase('prepare', dataDir, url);
  const copy = phase('copy', dataDir, url);
  let mainThread: Record<string, unknown> | null = null;
  if (stagingAb) {
    mainThread = phase('import', dataDir, url, file, { JARING_IMPORT_STAGING: 'main' });
    rmSync(dataDir, { recursive: true, force: true });
    phase('prepare', dataDir, kind === 'postgres' ? await freshServerDb() : undefined);
  }
  const imp = phase('import', dataDir, url);
  const counts = imp.counts as { inserted: number; invalid: number };
  const floor = kind === 'postgres' ? phase('floor', dataDir, url) : null;
  // The upsert case: the same file again with one field (income) changed in every tenth row, into the
  // registry the first import filled.
  const upsert = phase('import', dataDir, url, await changedFile());
  const upsertCounts = upsert.counts as { updated: number; unchanged: number };
  // Into a populated registry: the other people's file, and (PostgreSQL) its floor — the rows that import
  // inserted, clean and typed, COPYed into the floor table the first floor filled (same indexes, same size).
  const populated = phase('import', dataDir, url, extraFile.path);
  const populatedCounts = populated.counts as { inserted: number; updated: number; invalid: number };
  const populatedFloor = kind === 'postgres' ? phase('floor-populated', dataDir, url, extraFile.path) : null;
  const row = {
    db: kind,
    rows,
    rawCopyS: Number(copy.copyMs) / 1000,
    importS: Number(imp.importMs) / 1000,
    importMainThreadS: mainThread ? Number(mainThread.importMs) / 1000 : null,
    workerToMainThread: mainThread ? Number((Number(imp.importMs) / Number(mainThread.importMs)).toFixed(3)) : null,
    mainThreadPeakRssMb: mainThread?.peakRssMb ?? null,
    mainThreadOtherQuery: mainThread?.otherQuery ?? null,
    mainThreadOtherQueryStaging: mainThread?.otherQueryStaging ?? null,
    mainThreadOtherQueryMerge: mainThread?.otherQueryMerge ?? null,
    mainThreadRssMaxMb: mainThread ? { staging: mainThread.rssMaxMbStaging, merge: mainThread.rssMaxMbMerge } : null,
    mainThreadEventLoopDelayMaxMs: mainThread?.eventLoopDelayMaxMs ?? null,
    importRowsPerS: Math.round(rows / (Number(imp.importMs) / 1000)),
    ratio: Number((Number(imp.importMs) / Number(copy.copyMs)).toFixed(2)),
    floorS: floor ? Number(floor.floorMs) / 1000 : null,
    importToFloor: floor ? Number((Number(imp.importMs) / Number(floor.floorMs)).toFixed(2)) : null,
    upsertS: Number(upsert.importMs) / 1000,
    upsertToInsert: Number((Number(upsert.importMs) / Number(imp.importMs)).toFixed(2)),
    upsertUpdated: upsertCounts.updated,
    upsertUnchanged: upsertCounts.unchanged,
    populatedRows: extraFile.rows,
    populatedImportS: Number(populated.importMs) / 1000,
    populatedInserted: populatedCounts.inserted,
    populatedUpdated: populatedCounts.updated,
    populatedRejected: populatedCounts.invalid,
    populatedFloorS: populatedFloor ? Number(populatedFloor.floorMs) / 1000 : null,
    populatedToFloor: populatedFloor ? Number((Number(populated.importMs) / Number(populatedFloor.floorMs)).toFixed(2)) : null,
    otherQueryWhileImporting: imp.otherQuery,
    otherQueryStaging: imp.otherQueryStaging,
    otherQueryMerge: imp.otherQueryMerge,
    rssMaxMb: { staging: imp.rssMaxMbStaging, merge: imp.rssMaxMbMerge },
    waitsOver500Ms: imp.waitsOver500Ms,
    eventLoopDelayMaxMs: imp.eventLoopDelayMaxMs,
    importPeakRssMb: imp.peakRssMb,
    copyPeakRssMb: copy.peakRssMb,
    inserted: counts.inserted,
    rejected: counts.invalid,
    expectedRejected: expected.errorRows + expected.duplicateRows,
  };
  results.push(row);
  console.log(JSON.stringify(row));
}
console.log(
  '\n| database | rows | raw COPY s | clean-rows floor s | import s | rows/s | import ÷ COPY | import ÷ floor | upsert (10 % changed) s | upsert ÷ import | peak RSS MB (import) | rejected (expected) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${String(r.db)} | ${String(r.rows)} | ${String(r.rawCopyS)} | ${String(r.floorS ?? '—')} | ${String(r.importS)} | ${String(r.importRowsPerS)} | ${String(r.ratio)} | ${String(r.importToFloor ?? '—')} | ${String(r.upsertS)} (${String(r.upsertUpdated)} updated) | ${String(r.upsertToInsert)} | ${String(r.importPeakRssMb)} | ${String(r.rejected)} (${String(r.expectedRejected)}) |`,
  );
}
console.log('\n| database | into a registry of | rows | import s | inserted / updated / rejected | clean-rows floor s | import ÷ floor |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${String(r.db)} | ${String(r.inserted)} | ${String(r.populatedRows)} | ${String(r.populatedImportS)} | ${String(r.populatedInserted)} / ${String(r.populatedUpdated)} / ${String(r.populatedRejected)} | ${String(r.populatedFloorS ?? '—')} | ${String(r.populatedToFloor ?? '—')} |`,
  );
}
writeFileSync(`${dir}/import-results.json`, JSON.stringify(results, null, 2));
