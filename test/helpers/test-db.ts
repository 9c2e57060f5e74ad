import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/db/db.js';
import { PgliteDb } from '../../src/db/pglite.js';
import { PostgresDb } from '../../src/db/postgres.js';

/**
 * Every test file gets its own migrated database with all regions loaded: on PGlite a copy of a
 * template data directory, on PostgreSQL (JARING_TEST_DATABASE_URL) a database cloned from a template.
 */
export const TEMPLATE_TARBALL = '.tmp/test-template.tar';
export const TEMPLATE_DB = 'jaring_test_template';

export const testDatabaseUrl = (): string | null => process.env.JARING_TEST_DATABASE_URL?.trim() || null;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDb {
  db: Db;
  /** On PostgreSQL: the test database's name and URL (other connections, a replica). */
  name?: string;
  url?: string;
  cleanup: () => Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const url = testDatabaseUrl();
  if (!url) {
    const db = await PgliteDb.open({ loadDataDir: new Blob([readFileSync(TEMPLATE_TARBALL)]) });
    return { db, cleanup: () => db.close() };
  }
  const name = `jaring_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const db = await PostgresDb.open(withDatabase(url, name));
  return {
    db,
    name,
    url: withDatabase(url, name),
    cleanup: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
