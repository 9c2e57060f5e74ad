import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, pendingMigrations } from '../../src/db/migrate.js';
import { idnAreaDataDir } from '../../src/db/migrations/0002-regions.js';
import { CopyBuffer, csvLine } from '../../src/db/csv.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

const csvRows = (file: string) => readFileSync(join(idnAreaDataDir(), file), 'utf8').trim().split('\n').length - 1;

describe(`database (${process.env.JARING_TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('loads every region the idn-area-data package ships, with parents', async () => {
    const rows = await t.db.query<{ level: string; n: number }>(`SELECT level, count(*) AS n FROM regions GROUP BY level`);
    const byLevel = Object.fromEntries(rows.map((r) => [r.level, r.n]));
    expect(byLevel).toEqual({
      province: csvRows('provinces.csv'),
      regency: csvRows('regencies.csv'),
      district: csvRows('districts.csv'),
      village: csvRows('villages.csv'),
    });
    expect(byLevel.province).toBe(38);
    const orphans = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM regions WHERE level <> 'province' AND parent_code IS NULL`);
    expect(orphans[0]!.n).toBe(0);
    const jember = await t.db.query<{ name: string }>(`SELECT name FROM regions WHERE code = '35.09'`);
    expect(jember[0]!.name).toBe('Kabupaten Jember');
  });

  it('has no pending migrations and migrating again applies nothing', async () => {
    expect(await pendingMigrations(t.db)).toEqual([]);
    expect(await migrate(t.db)).toEqual([]);
  });

  it('returns int8, counts and dates as the same exact types on both drivers', async () => {
    const [row] = await t.db.query<{ big: number; n: number; d: string; s: number }>(
      `SELECT 9007199254740991::bigint AS big, count(*) AS n, DATE '2025-02-28' AS d, sum(x)::bigint AS s FROM (VALUES (16800::bigint), (16800)) v(x)`,
    );
    expect(row).toEqual({ big: 9007199254740991, n: 2, d: '2025-02-28', s: 33600 });
    await expect(t.db.query(`SELECT 9007199254740993::bigint AS big`)).rejects.toThrow(/exact range/);
  });

  it('rolls a transaction back without losing concurrent unrelated writes', async () => {
    await t.db.exec(`CREATE TABLE concurrency_probe (id int PRIMARY KEY, who text)`);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const failing = t.db
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO concurrency_probe VALUES (1, 'doomed')`);
        await gate;
        await tx.query(`INSERT INTO concurrency_probe VALUES (2, 'doomed')`);
        throw new Error('rollback on purpose');
      })
      .catch((e: Error) => e.message);
    // While that transaction is open and waiting, fire 20 unrelated writes at once.
    const writes = Array.from({ length: 20 }, (_, i) => t.db.query(`INSERT INTO concurrency_probe VALUES ($1, 'kept')`, [100 + i]));
    const txWrites = Array.from({ length: 5 }, (_, i) => t.db.transaction((tx) => tx.query(`INSERT INTO concurrency_probe VALUES ($1, 'kept')`, [200 + i])));
    setTimeout(release, 50);
    expect(await failing).toBe('rollback on purpose');
    await Promise.all([...writes, ...txWrites]);
    const rows = await t.db.query<{ who: string; n: number }>(`SELECT who, count(*) AS n FROM concurrency_probe GROUP BY who`);
    expect(rows).toEqual([{ who: 'kept', n: 25 }]);
  });

  it('COPY loads CSV text with quotes, commas and nulls', async () => {
    await t.db.exec(`CREATE TABLE copy_probe (a text, b bigint)`);
    await t.db.transaction((tx) => tx.copyFrom(`COPY copy_probe (a, b) FROM STDIN WITH (FORMAT csv)`, `"Dusun ""Krajan"", RT 1",16800\n"x",\n`));
    const rows = await t.db.query(`SELECT a, b FROM copy_probe ORDER BY a`);
    expect(rows).toEqual([
      { a: 'Dusun "Krajan", RT 1', b: 16800 },
      { a: 'x', b: null },
    ]);
  });

  it('COPY loads lines gathered as bytes in a reused buffer, multi-byte names and 2 MB batches included', async () => {
    await t.db.exec(`CREATE TABLE copy_bytes (a text, b bigint)`);
    const buf = new CopyBuffer();
    // 40,000 lines of about 60 bytes: the buffer (1 MB at first) must grow and keep what it held.
    for (let i = 0; i < 40_000; i++) buf.push(csvLine([`Ni Luh Putu Ayu Ṡūkmāwati 🌾 "${i}", Dusun Krajan`, i]));
    const first = buf.take();
    expect(buf.byteLength).toBe(0);
    buf.push(csvLine(['Siti Aminah', 16800]));
    await t.db.transaction(async (tx) => {
      await tx.copyFrom(`COPY copy_bytes (a, b) FROM STDIN WITH (FORMAT csv)`, first);
      await tx.copyFrom(`COPY copy_bytes (a, b) FROM STDIN WITH (FORMAT csv)`, buf.take());
    });
    const [sum] = await t.db.query<{ n: number; total: number; longest: number }>(
      `SELECT count(*)::int AS n, sum(b)::bigint AS total, max(length(a))::int AS longest FROM copy_bytes`,
    );
    expect(sum).toEqual({ n: 40_001, total: (39_999 * 40_000) / 2 + 16_800, longest: 49 });
    const [one] = await t.db.query<{ a: string }>(`SELECT a FROM copy_bytes WHERE b = 39999`);
    expect(one!.a).toBe('Ni Luh Putu Ayu Ṡūkmāwati 🌾 "39999", Dusun Krajan');
  });

  it('COPY reads lent bytes without a copy; the buffer refuses lines until released, then starts empty', async () => {
    await t.db.exec(`CREATE TABLE copy_lent (a text, b bigint)`);
    const buf = new CopyBuffer();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 30_000; i++) buf.push(csvLine([`Ṡūkmāwati 🌾 ${round}-${i}`, i]));
      const lent = buf.lend();
      // The view is the whole of its buffer: what PGlite needs to read it in place.
      expect(lent.byteLength).toBe(lent.buffer.byteLength);
      expect(() => buf.push('x,1\n')).toThrow(/lent/);
      await t.db.transaction((tx) => tx.copyFrom(`COPY copy_lent (a, b) FROM STDIN WITH (FORMAT csv)`, lent));
      buf.release();
      expect(buf.byteLength).toBe(0);
    }
    const [sum] = await t.db.query<{ n: number; last: string }>(`SELECT count(*)::int AS n, max(a) FILTER (WHERE b = 29999) AS last FROM copy_lent`);
    expect(sum).toEqual({ n: 60_000, last: 'Ṡūkmāwati 🌾 1-29999' });
  });
});
