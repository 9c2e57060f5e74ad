import { mkdirSync } from 'node:fs';
import type { Db } from './db.js';
import { PgliteDb } from './pglite.js';
import { PostgresDb } from './postgres.js';

export interface DbConfig {
  databaseUrl: string | null;
  dataDir: string;
}

/** A PostgreSQL server when DATABASE_URL is set, otherwise the embedded PGlite under the data directory. */
export async function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl) return PostgresDb.open(config.databaseUrl);
  mkdirSync(config.dataDir, { recursive: true });
  return PgliteDb.open({ dataDir: `${config.dataDir}/pgdata` });
}
