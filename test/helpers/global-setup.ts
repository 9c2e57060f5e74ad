import { mkdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { PgliteDb } from '../../src/db/pglite.js';
import { PostgresDb } from '../../src/db/postgres.js';
import { migrate } from '../../src/db/migrate.js';
import { TEMPLATE_DB, TEMPLATE_TARBALL, testDatabaseUrl, withDatabase } from './test-db.js';

/** Migrate once into a template; each test file then starts from a copy of it. */
export default async function setup(): Promise<void> {
  mkdirSync('.tmp', { recursive: true });
  const url = testDatabaseUrl();
  if (!url) {
    const db = await PgliteDb.open();
    await migrate(db);
    writeFileSync(TEMPLATE_TARBALL, Buffer.from(await (await db.dump()).arrayBuffer()));
    await db.close();
    return;
  }
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL at JARING_TEST_DATABASE_URL cannot be reached: ${(err as Error).message}`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const db = await PostgresDb.open(withDatabase(url, TEMPLATE_DB));
  await migrate(db);
  await db.close();
}
