/**
 * npm run bench:coverage-payment — the coverage aggregate kept in step by payments at province scale:
 * `--participants` active participants (default 5,000,000) with July 2026 paid and the aggregate
 * rebuilt once (the repair, timed), then payments of August invoices of 1, 100 and 10,000 lines recorded
 * through the billing service, each `--runs` times on fresh invoices. Prints per payment the whole
 * recordPayment and the aggregate's share of it (keepSubsidisedInStep around marking the same
 * lines paid, timed alone in a rolled-back transaction). Never passes or fails.
 *
 *   npm run bench:coverage-payment -- --participants 5000000 --runs 10 [--reuse: the database of the last run]
 */
import { cpus, loadavg } from 'node:os';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { PostgresDb } from '../src/db/postgres.js';
import { SYSTEM_ACTOR } from '../src/actor.js';
import { openBenchDb, populate } from './populate.js';
import { recordPayment } from '../src/modules/billing/billing.service.js';
import { unpaidParticipantIds } from '../src/modules/billing/billing.repository.js';
import { refreshSubsidised } from '../src/modules/coverage/coverage.service.js';
import { keepSubsidisedInStep } from '../src/modules/coverage/subsidised.service.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const participants = Number(arg('participants', '5000000'));
const runs = Number(arg('runs', '10'));

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const reuse = process.argv.includes('--reuse');
const db: Db = reuse
  ? await PostgresDb.open(`postgres://root@127.0.0.1:5432/jaring_bench_coverage`)
  : await openBenchDb(arg('db', 'postgres'), 'jaring_bench_coverage');
if (!reuse) {
  await migrate(db);
  const t = performance.now();
  const { programId } = await populate(db, participants);
  const [src] = await db.query<{ id: number }>(`SELECT id FROM funding_sources WHERE program_id = $1 AND kind = 'DBHCHT'`, [programId]);
  // July paid for everyone (one invoice), so every later payment lands on a populated aggregate.
  await db.query(
    `WITH inv AS (INSERT INTO invoices (source_id, program_id, region_code, period_from, period_to, lines, total, paid, status, created_by)
                  VALUES ($1, $2, '35.09', '2026-07-01', '2026-07-01', 0, 0, 0, 'paid', 'bench') RETURNING id)
     INSERT INTO invoice_lines (participant_id, month, invoice_id, amount, paid) SELECT p.id, '2026-07-01', inv.id, 16800, true FROM participants p, inv`,
    [src!.id, programId],
  );
  await db.exec('ANALYZE invoice_lines');
  console.log(`${participants} participants with July paid in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const rebuilt = await refreshSubsidised(db, null);
  console.log(`full rebuild (the nightly repair): ${rebuilt.rows} rows in ${(rebuilt.millis / 1000).toFixed(1)} s`);
}
const [{ programId, sourceId, seq: lastSeq }] = (await db.query<{ programId: number; sourceId: number; seq: number }>(
  `SELECT s.program_id AS "programId", s.id AS "sourceId", coalesce((SELECT max(seq) FROM invoices WHERE source_id = s.id), 1)::int AS seq
     FROM funding_sources s WHERE s.kind = 'DBHCHT' ORDER BY s.id LIMIT 1`,
)) as [{ programId: number; sourceId: number; seq: number }];
const src = { id: sourceId };

let seq = lastSeq;
// Participants not yet billed for August, taken in id order after those of earlier runs.
let nextAfter = Number((await db.query<{ id: number | null }>(`SELECT max(participant_id) AS id FROM invoice_lines WHERE month = '2026-08-01'`))[0]?.id ?? 0);
/** A fresh open August invoice of `lines` participants not yet billed for August. */
async function invoiceOf(lines: number): Promise<{ id: number; total: number }> {
  seq += 1;
  const [inv] = await db.query<{ id: number }>(
    `INSERT INTO invoices (source_id, program_id, region_code, period_from, period_to, seq, lines, total, created_by)
     VALUES ($1, $2, '35.09', '2026-08-01', '2026-08-01', $3, $4, $4 * 16800, 'bench') RETURNING id`,
    [src!.id, programId, seq, lines],
  );
  const [last] = await db
    .query<{ id: number }>(
      `INSERT INTO invoice_lines (participant_id, month, invoice_id, amount)
     SELECT p.id, '2026-08-01', $1, 16800 FROM participants p WHERE p.id > $3 ORDER BY p.id LIMIT $2
     RETURNING participant_id AS id`,
      [inv!.id, lines, nextAfter],
    )
    .then((r) => [r.reduce((a, b) => (Number(b.id) > Number(a.id) ? b : a), { id: nextAfter })]);
  nextAfter = Number(last!.id);
  return { id: Number(inv!.id), total: lines * 16800 };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
class Rollback extends Error {}
for (const lines of [1, 100, 10_000]) {
  const whole: number[] = [];
  const share: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    // The aggregate's share: what a payment does to it, around marking the same lines paid, rolled back.
    const probe = await invoiceOf(lines);
    const s0 = performance.now();
    await db
      .transaction(async (tx) => {
        await keepSubsidisedInStep(tx, await unpaidParticipantIds(tx, probe.id), () =>
          tx.query(`UPDATE invoice_lines SET paid = true WHERE invoice_id = $1`, [probe.id]),
        );
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    const s1 = performance.now();
    await recordPayment(db, SYSTEM_ACTOR, probe.id, { paidOn: '2026-08-05', reference: `B-${seq}`, amount: probe.total });
    const s2 = performance.now();
    if (i > 0) {
      share.push(s1 - s0);
      whole.push(s2 - s1);
    }
  }
  whole.sort((a, b) => a - b);
  share.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      participants,
      linesPaid: lines,
      paymentP50Ms: +pct(whole, 50).toFixed(1),
      paymentMaxMs: +whole.at(-1)!.toFixed(1),
      aggregateShareP50Ms: +pct(share, 50).toFixed(1),
      aggregateShareMaxMs: +share.at(-1)!.toFixed(1),
    }),
  );
}
await db.close();
