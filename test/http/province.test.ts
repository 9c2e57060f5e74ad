import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, withDatabase, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';
import { call, loginAs, uploadAs, type Session } from '../helpers/http.js';
import { setReplay, startReplica, waitForReplay, type Replica } from '../helpers/replica.js';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { PostgresDb } from '../../src/db/postgres.js';
import { ReadRouter } from '../../src/db/reads.js';
import type { Db } from '../../src/db/db.js';

/**
 * A province on several machines: reads that may lag go to a real streaming replica (DATABASE_READ_URL),
 * and two Jaring instances behind one PostgreSQL share sessions, jobs and imports. PostgreSQL only; on
 * PGlite the settings that need a server are refused.
 */
const onServer = !!process.env.JARING_TEST_DATABASE_URL?.trim();
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/coverage/${name}`, import.meta.url)));

describe('a province on several machines: settings', () => {
  it('refuses DATABASE_READ_URL without a PostgreSQL server (PGlite has no replica)', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://root@127.0.0.1:5433/test' })).toThrow(/DATABASE_READ_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@h/db', DATABASE_READ_URL: 'mysql://x' })).toThrow(/postgres:\/\//);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', DATABASE_READ_URL: 'postgres://x@r/db' })).toMatchObject({
      databaseReadUrl: 'postgres://x@r/db',
      readMaxLagSeconds: 30,
    });
  });
});

if (onServer) {
  let t: TestDb;
  let replica: Replica;
  let replicaDb: Db;
  const dataDir = mkdtempSync(join(tmpdir(), 'jaring-province-'));
  const config = loadConfig({ JARING_DATA_DIR: dataDir, JARING_JOB_POLL_MS: '100' });

  beforeAll(async () => {
    t = await openTestDb();
    replica = startReplica();
    await insertUser(t.db, 'admin', 'super_admin', null);
    await insertUser(t.db, 'provinsi.15', 'province_admin', '15');
    await waitForReplay(process.env.JARING_TEST_DATABASE_URL!, replica.url, t.name!);
    replicaDb = await PostgresDb.open(withDatabase(replica.url, t.name!));
  });
  afterAll(async () => {
    await setReplay(replica.url, t.name!, false).catch(() => undefined);
    await replicaDb?.close();
    await t.cleanup();
    replica.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('reads from a streaming replica', () => {
    let app: FastifyInstance;
    let router: ReadRouter;
    let admin: Session;
    let jambi: Session;
    const dashboard = async () => (await call(app, jambi, 'GET', '/api/v1/coverage/dashboard?regionCode=15&asOf=2024-08-12')).json();

    beforeAll(async () => {
      router = new ReadRouter(t.db, replicaDb, 30);
      app = await buildApp({ db: t.db, reads: router, config, logger: false, webRoot: null });
      admin = await loginAs(app, 'admin');
      jambi = await loginAs(app, 'provinsi.15');
    });
    afterAll(async () => app.close());

    it('serves the dashboard and the public page from the replica once it has caught up; writes go to the primary', async () => {
      expect((await uploadAs(app, admin, '/api/v1/coverage/inputs/upload', 'ucj.csv', fixture('ucj-2024.csv'))).json()).toEqual({ saved: 13, flagged: 1 });
      await waitForReplay(process.env.JARING_TEST_DATABASE_URL!, replica.url, t.name!);
      router.reset();
      const d = await dashboard();
      expect(d.region.pct).toBe(39.52);
      expect(d.freshness).toEqual({ source: 'replica', lagSeconds: 0 });
      const pub = (await app.inject({ method: 'GET', url: '/api/v1/public/coverage?regionCode=15&asOf=2024-08-12' })).json();
      expect(pub.freshness.source).toBe('replica');
      // The replica itself refuses writes: only the primary can take them.
      await expect(replicaDb.query(`UPDATE coverage_targets SET value = value`)).rejects.toThrow(/read-only/);
    });

    it('while the replica lags the user sees the older figures and how far behind they are; past the bound, the primary', async () => {
      expect((await call(app, jambi, 'PUT', '/api/v1/coverage/targets', { regionCode: '15', year: 2024, value: 55, source: 'BPJS TK Jambi' })).statusCode).toBe(
        200,
      );
      await waitForReplay(process.env.JARING_TEST_DATABASE_URL!, replica.url, t.name!);
      await setReplay(replica.url, t.name!, true);
      expect((await call(app, jambi, 'PUT', '/api/v1/coverage/targets', { regionCode: '15', year: 2024, value: 60, source: 'BPJS TK Jambi' })).statusCode).toBe(
        200,
      );
      router.reset();
      const behind = await dashboard();
      expect(behind.freshness.source).toBe('replica');
      expect(behind.region.target.value).toBe(55); // the replica has not replayed the change yet
      await new Promise((r) => setTimeout(r, 1200));
      router.reset();
      expect((await dashboard()).freshness.lagSeconds).toBeGreaterThanOrEqual(1);

      // A bound of one second: the replica is now too far behind, the same request reads the primary.
      const strict = await buildApp({ db: t.db, reads: new ReadRouter(t.db, replicaDb, 1), config, logger: false, webRoot: null });
      const s = await loginAs(strict, 'provinsi.15');
      const fresh = (await call(strict, s, 'GET', '/api/v1/coverage/dashboard?regionCode=15&asOf=2024-08-12')).json();
      expect(fresh.freshness).toEqual({ source: 'primary', lagSeconds: 0 });
      expect(fresh.region.target.value).toBe(60);
      await strict.close();

      await setReplay(replica.url, t.name!, false);
      await waitForReplay(process.env.JARING_TEST_DATABASE_URL!, replica.url, t.name!);
      router.reset();
      const caughtUp = await dashboard();
      expect(caughtUp.freshness).toEqual({ source: 'replica', lagSeconds: 0 });
      expect(caughtUp.region.target.value).toBe(60);
    });

    it('an unreachable replica sends reads to the primary instead of failing', async () => {
      const gone = await PostgresDb.open(withDatabase(replica.url, t.name!));
      await gone.close();
      const problems: string[] = [];
      const r = new ReadRouter(t.db, gone, 30, (m) => problems.push(m));
      const choice = await r.pick();
      expect(choice.freshness).toEqual({ source: 'primary', lagSeconds: 0 });
      expect(choice.db).toBe(t.db);
      expect(problems[0]).toMatch(/read replica unavailable/);
    });
  });

  describe('two Jaring instances behind one PostgreSQL', () => {
    let a: FastifyInstance;
    let b: FastifyInstance;
    let dbB: Db;

    beforeAll(async () => {
      // Separate connection pools, one shared data directory for uploads (shared storage between machines).
      dbB = await PostgresDb.open(t.url!);
      a = await buildApp({ db: t.db, config, logger: false, webRoot: null });
      b = await buildApp({ db: dbB, config, logger: false, webRoot: null });
      await insertUser(t.db, 'disnaker', 'regency_operator', '35.09');
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      await dbB.close();
    });

    it('a session opened on one instance works on the other, and signing out on one ends it on both', async () => {
      const s = await loginAs(a, 'disnaker');
      expect((await call(b, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
      expect((await call(b, s, 'POST', '/api/v1/auth/logout', {})).statusCode).toBeLessThan(300);
      expect((await call(a, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    });

    it('an import uploaded to one instance is started and run by the other; both show the same result', async () => {
      const s = await loginAs(a, 'disnaker');
      const csv = readFileSync(fileURLToPath(new URL('../fixtures/imports/dirty-semicolon.csv', import.meta.url)));
      const created = await uploadAs(a, s, '/api/v1/imports', 'desa.csv', csv);
      expect(created.statusCode).toBe(201);
      const id = created.json().id as number;
      await a.close(); // instance A stops: only B's runner may take the job
      const started = await call(b, s, 'POST', `/api/v1/imports/${id}/start`, {});
      expect(started.statusCode).toBe(202);
      let view = started.json();
      for (let i = 0; i < 200 && !['completed', 'failed'].includes(view.status); i++) {
        await new Promise((r) => setTimeout(r, 100));
        view = (await call(b, s, 'GET', `/api/v1/imports/${id}`)).json();
      }
      expect(view.status).toBe('completed');
      expect(view.counts.inserted).toBe(5);
      const [job] = await t.db.query<{ runs: number; taken_by: string }>(
        `SELECT count(*)::int AS runs, min(locked_by) AS taken_by FROM jobs WHERE kind = 'import.run' GROUP BY kind`,
      );
      expect(job!.runs).toBe(1);
      expect(job!.taken_by).toBe(b.jobs.id);
      a = await buildApp({ db: t.db, config, logger: false, webRoot: null });
      expect((await call(a, s, 'GET', `/api/v1/imports/${id}`)).json()).toMatchObject({ status: 'completed', counts: view.counts });
    });
  });
}
