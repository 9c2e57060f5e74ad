import { countUsers } from './modules/users/users.repository.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './db/db.js';
import { openDb } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { warmOptimizer } from './domain/optimizer.js';
import { openReads } from './db/reads.js';
import { buildApp } from './http/app.js';
import { seedDemoEnrolment } from './modules/demo/seed-enrolment.js';
import { seedDemo, type SeedResult } from './modules/demo/seed-demo.service.js';
import { failStaleImports } from './modules/imports/imports.repository.js';
import { freeAbandonedPublication } from './modules/imports/merge.service.js';

/** The built web app, dist/web under the package root — found the same way from src/ (tsx) and from dist/server/. */
export function webRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return join(dir, 'dist', 'web');
}

export interface Started {
  app: FastifyInstance;
  db: Db;
  url: string;
  applied: string[];
  seeded: SeedResult | null;
}

/**
 * Open the database, migrate, seed the demo on the first start of an empty embedded database
 * (never on a PostgreSQL server: that takes an explicit `jaring seed-demo`), then listen.
 */
export async function startServer(config: Config, opts: { seedIfEmpty?: boolean } = {}): Promise<Started> {
  const db = await openDb(config);
  const applied = await migrate(db);
  // An embedded database has one process: any import still 'running' was cut off by the last stop.
  await failStaleImports(db, db.kind === 'pglite' ? 0 : 120);
  // …and the rows it had loaded but not yet published are deleted.
  await freeAbandonedPublication(db);
  let seeded: SeedResult | null = null;
  if ((opts.seedIfEmpty ?? true) && db.kind === 'pglite' && (await countUsers(db)) === 0) {
    seeded = await seedDemo(db);
    // A plan, a batch, answers, invoices and payments, so every screen shows the whole loop on first start.
    await seedDemoEnrolment(db);
  }
  // Lapse detection, the coverage aggregate, housekeeping and pruning run as scheduled jobs (job_schedules):
  // every instance's runner may take them, each run is taken once.
  let warn: (message: string) => void = () => undefined;
  const reads = await openReads(db, config, (m) => warn(m));
  const app = await buildApp({ db, reads, config, webRoot: webRoot(), schedules: config.jobSchedules });
  warn = (m) => app.log.warn(m);
  app.addHook('onClose', async () => reads.close());
  await app.listen({ port: config.port, host: config.host });
  // The solver's WebAssembly compiled once, soon after start, not during the first plan an operator runs.
  setTimeout(() => void warmOptimizer().catch(() => undefined), 1000).unref();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return { app, db, url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`, applied, seeded };
}
