import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkersFile } from '../../src/modules/demo/generate.js';
import { listWorkers } from '../../src/modules/workers/workers.service.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { importFile } from '../helpers/imports.js';

/**
 * The bulk path of an import (issue 15): a load of ≥ 20,000 new workers into a smaller registry inserts
 * without the secondary indexes and builds them afterwards. Afterwards the registry is the same as by the
 * ordinary path: every index back with its migration's definition, counts kept, searches answered.
 */
let t: TestDb;
const dir = mkdtempSync(join(tmpdir(), 'jaring-bulk-'));
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const oids = async () =>
  Object.fromEntries(
    (
      await t.db.query<{ name: string; oid: number }>(
        `SELECT c.relname AS name, c.oid::int AS oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'worker_rows'::regclass`,
      )
    ).map((r) => [r.name, r.oid]),
  );
const indexes = () =>
  t.db.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'worker_rows' ORDER BY indexname`);

beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('an import large relative to the registry', () => {
  it('loads 50,000 workers by the bulk path and leaves every index, count and search as the ordinary path would', async () => {
    const before = await indexes();
    expect(before.map((i) => i.indexname)).toEqual([
      'workers_name_order_idx',
      'workers_name_trgm_idx',
      'workers_nik_key',
      'workers_pkey',
      'workers_village_idx',
    ]);
    const oidsBefore = await oids();
    const out = join(dir, 'dtsen.csv');
    const gen = await generateWorkersFile(t.db, { regency: '35.09', rows: 50_000, errorRate: 0, seed: 15, out, trailingEmptyRows: false });
    // In one transaction on either database (PGlite would otherwise merge a file this large in chunks, without the bulk path).
    const done = await importFile(t.db, disnaker, out, { chunkRows: Number.MAX_SAFE_INTEGER });
    expect(done.status).toBe('completed');
    expect(done.counts.inserted).toBe(gen.rows - gen.duplicateRows);
    expect(done.counts.inserted).toBeGreaterThanOrEqual(45_000);
    expect(await indexes()).toEqual(before);
    // Built anew (new relations) for the three secondary indexes; the unique ones kept guarding the load.
    const oidsAfter = await oids();
    for (const name of ['workers_village_idx', 'workers_name_order_idx', 'workers_name_trgm_idx']) expect(oidsAfter[name]).not.toBe(oidsBefore[name]);
    for (const name of ['workers_nik_key', 'workers_pkey']) expect(oidsAfter[name]).toBe(oidsBefore[name]);
    const [n] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workers`);
    expect(n!.n).toBe(done.counts.inserted);
    expect(await t.db.query(`SELECT village_code, workers FROM worker_counts WHERE workers <> 0 ORDER BY 1`)).toEqual(
      await t.db.query(`SELECT village_code, count(*)::bigint AS workers FROM workers GROUP BY 1 ORDER BY 1`),
    );
    // The rebuilt name index answers the name order and a name search like the registry before the load.
    const [someone] = await t.db.query<{ full_name: string }>(`SELECT full_name FROM workers ORDER BY id DESC LIMIT 1`);
    const found = await listWorkers(t.db, disnaker, { q: someone!.full_name, sort: 'name' });
    expect(found.items.map((w) => w.fullName)).toContain(someone!.full_name);
    const page = await listWorkers(t.db, disnaker, { sort: 'name', pageSize: 3 });
    const [first] = await t.db.query<{ full_name: string }>(`SELECT full_name FROM workers ORDER BY lower(full_name) COLLATE "C", id LIMIT 1`);
    expect(page.items[0]!.fullName).toBe(first!.full_name);
    expect(page.total).toBe(n!.n);
  });
});
