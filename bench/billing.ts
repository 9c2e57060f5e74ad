/**
 * npm run bench:billing — one billing run for 1 million active participants (two sources: DBHCHT at
 * Rp 16,800 and a CSR donor whose transport workers pay Rp 8,400 under PP 50/2025), against a baseline
 * taken in the same run: a bare INSERT … SELECT of the same number of rows into a table equivalent to
 * invoice_lines (same columns, primary key, index and foreign key). Prints figures; never passes or fails.
 *
 *   npm run bench:billing -- --rows 1000000 --db postgres|pglite|both
 *   BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/test (a database jaring_bench_billing is made in it)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { migrate } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/actor.js';
import { openBenchDb, populate } from './populate.js';
import { runBilling } from '../src/modules/billing/billing.service.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const rows = Number(arg('rows', '1000000'));
const which = arg('db', 'postgres');

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `${rows} active participants; machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const kind of which === 'both' ? ['postgres', 'pglite'] : [which]) {
  const db = await openBenchDb(kind, 'jaring_bench_billing');
  try {
    await migrate(db);
    let t = performance.now();
    const { programId } = await populate(db, rows);
    console.log(`[${kind}] populated ${rows} workers, participants and periods in ${fmt(performance.now() - t)}`);

    // Baseline: the same number of rows into an equivalent table with one bare INSERT … SELECT.
    await db.exec(`CREATE TABLE bench_lines (LIKE invoice_lines INCLUDING ALL);
      ALTER TABLE bench_lines ADD FOREIGN KEY (invoice_id) REFERENCES invoices (id);
      INSERT INTO invoices (source_id, program_id, region_code, period_from, period_to, seq, created_by)
      SELECT id, program_id, '35.09', date '2000-01-01', date '2000-01-01', 1, 'bench' FROM funding_sources LIMIT 1`);
    const inv = (await db.query<{ id: number }>(`SELECT max(id) AS id FROM invoices`))[0]!.id;
    t = performance.now();
    await db.query(`INSERT INTO bench_lines (participant_id, month, invoice_id, amount) SELECT p.id, date '2026-07-01', $1, 16800 FROM participants p`, [inv]);
    const baseline = performance.now() - t;

    t = performance.now();
    const run = await runBilling(db, SYSTEM_ACTOR, { programId, month: '2026-07' });
    const billing = performance.now() - t;
    t = performance.now();
    const again = await runBilling(db, SYSTEM_ACTOR, { programId, month: '2026-07' });
    const rerun = performance.now() - t;
    const check = (
      await db.query<{ lines: number; total: number; sum: number }>(
        `SELECT sum(i.lines)::bigint AS lines, sum(i.total)::bigint AS total,
              (SELECT sum(amount) FROM invoice_lines)::bigint AS sum FROM invoices i WHERE i.created_by = 'system'`,
      )
    )[0]!;
    console.log(
      JSON.stringify({
        db: kind,
        participants: rows,
        invoices: run.created.map((i) => ({ source: i.sourceName, lines: i.lines, total: i.total })),
        linesBilled: check.lines,
        totalEqualsSumOfLines: check.total === check.sum,
        baselineInsertSelectMs: Math.round(baseline),
        billingRunMs: Math.round(billing),
        ratio: +(billing / baseline).toFixed(2),
        secondRunMs: Math.round(rerun),
        secondRunBilledNothing: again.alreadyBilled,
      }),
    );
  } finally {
    await db.close();
  }
}
