import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { PgliteDb } from '../../src/db/pglite.js';
import { PostgresDb } from '../../src/db/postgres.js';
import { createWorker, listWorkers } from '../../src/modules/workers/workers.service.js';
import { openTestDb, TEMPLATE_TARBALL, withDatabase, type TestDb } from '../helpers/test-db.js';
import { actor, buildWorker, KENCONG_VILLAGE } from '../helpers/factories.js';

/**
 * Backup and restore as docs/operations.md describes them: on the server a custom-format pg_dump restored
 * with pg_restore into a fresh database; on PGlite the data directory copied while closed. The restored
 * copy holds the same rows (a checksum per table), needs no migration, and keeps working (its triggers).
 */
const disnaker = actor('regency_operator', '35.09');

async function checksums(db: Db): Promise<Record<string, string>> {
  const tables = await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [r] = await db.query<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM "${t}" x`);
    out[t] = `${r!.n}:${r!.h ?? ''}`;
  }
  return out;
}

async function fill(db: Db): Promise<void> {
  for (const name of ['Siti Cadangan', 'Budi Cadangan', 'Nur Siti Cadangan'])
    await createWorker(db, disnaker, buildWorker({ fullName: name, villageCode: KENCONG_VILLAGE }));
}

/** After a restore: migrations find nothing to do, the per-village counts are still kept, searches work. */
async function stillWorks(db: Db): Promise<void> {
  const applied = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM schema_migrations`);
  await migrate(db);
  expect(await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM schema_migrations`)).toEqual(applied);
  await createWorker(db, disnaker, buildWorker({ fullName: 'Setelah Pulih', villageCode: KENCONG_VILLAGE }));
  expect(await db.query(`SELECT village_code, workers FROM worker_counts WHERE workers <> 0 ORDER BY 1`)).toEqual(
    await db.query(`SELECT village_code, count(*)::bigint AS workers FROM workers GROUP BY 1 ORDER BY 1`),
  );
  expect((await listWorkers(db, disnaker, { q: 'siti cadangan', sort: 'name' })).items.map((w) => w.fullName)).toEqual(['Nur Siti Cadangan', 'Siti Cadangan']);
}

const serverUrl = process.env.JARING_TEST_DATABASE_URL?.trim();

if (serverUrl) {
  describe('backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
    let t: TestDb;
    const dir = mkdtempSync(join(tmpdir(), 'jaring-backup-'));
    const restored = `jaring_restored_${process.pid}`;
    beforeAll(async () => {
      t = await openTestDb();
      await fill(t.db);
    });
    afterAll(async () => {
      await t.cleanup();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${restored} WITH (FORCE)`);
      await a.end();
      rmSync(dir, { recursive: true, force: true });
    });

    it('restores a custom-format dump into a fresh database with every table identical, and it keeps working', async () => {
      const file = join(dir, 'jaring.dump');
      execFileSync('pg_dump', ['--format=custom', `--file=${file}`, t.url!]);
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`CREATE DATABASE ${restored} TEMPLATE template0`);
      await a.end();
      execFileSync('pg_restore', ['--no-owner', `--dbname=${withDatabase(serverUrl, restored)}`, file]);
      const copy = await PostgresDb.open(withDatabase(serverUrl, restored));
      try {
        const sums = await checksums(copy);
        expect(Object.keys(sums).length).toBeGreaterThan(40);
        expect(sums).toEqual(await checksums(t.db));
        expect(sums.worker_rows).toMatch(/^\d+:[0-9a-f]{32}$/);
        await stillWorks(copy);
      } finally {
        await copy.close();
      }
    });
  });
} else {
  describe('backup and restore on PGlite (the data directory copied while closed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jaring-backup-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reopens a copy of a closed data directory with every table identical, and it keeps working', async () => {
      const original = await PgliteDb.open({ dataDir: join(dir, 'data'), loadDataDir: new Blob([readFileSync(TEMPLATE_TARBALL)]) });
      await fill(original);
      const before = await checksums(original);
      await original.close();
      execFileSync('cp', ['-a', join(dir, 'data'), join(dir, 'copy')]);
      const copy = await PgliteDb.open({ dataDir: join(dir, 'copy') });
      try {
        expect(await checksums(copy)).toEqual(before);
        await stillWorks(copy);
      } finally {
        await copy.close();
      }
    });
  });
}
