/**
 * The server side of `npm run bench:status`, in its own process so the load generator does not share
 * its event loop: `bare` is a Fastify POST route that answers a fixed JSON body (the baseline);
 * `jaring` is the whole Jaring app over a fresh database with `--participants` active participants,
 * July 2026 billed. Prints "ready <port>" when listening.
 */
import Fastify from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../src/db/migrate.js';
import { buildApp } from '../src/http/app.js';
import { loadConfig } from '../src/config.js';
import { SYSTEM_ACTOR } from '../src/actor.js';
import { runBilling } from '../src/modules/billing/billing.service.js';
import { openBenchDb, populate } from './populate.js';

const [mode, kind = 'postgres', participants = '200000'] = process.argv.slice(2);

if (mode === 'bare') {
  const app = Fastify({ logger: false });
  app.post('/api/v1/public/status', async () => ({ found: false, message: { id: 'Data tidak cocok', en: 'No match' } }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`ready ${(app.server.address() as { port: number }).port}`);
} else {
  const db = await openBenchDb(kind, 'jaring_bench_status');
  await migrate(db);
  const { programId } = await populate(db, Number(participants));
  await runBilling(db, SYSTEM_ACTOR, { programId, month: '2026-07' });
  await db.exec('ANALYZE');
  // Rate limits key on X-Forwarded-For from the benchmark (many citizens), as behind a real proxy.
  const config = loadConfig({ JARING_DATA_DIR: mkdtempSync(join(tmpdir(), 'jaring-bench-')), JARING_TRUSTED_PROXIES: '127.0.0.1', LOG_LEVEL: 'error' });
  const app = await buildApp({ db, config, logger: false, webRoot: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`ready ${(app.server.address() as { port: number }).port}`);
}
// A normal exit on SIGINT/SIGTERM, so `node --cpu-prof` writes its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
