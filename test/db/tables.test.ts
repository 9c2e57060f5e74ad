import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaColumns } from '../../src/db/columns.js';
import { TABLES } from '../../src/db/tables.js';
import { sql, join, raw, fromNumbered, query } from '../../src/db/sql.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';

/** The row types repositories use are the migrated schema's, on whichever database runs the suite. */
let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

describe('table row types', () => {
  it('src/db/tables.ts lists exactly the tables, columns, types and nullability the migrations make', async () => {
    // On a mismatch: add the migration, then run `npx tsx tools/write-tables.ts`.
    expect(await schemaColumns(t.db)).toEqual(TABLES);
  });
});

describe('sql template', () => {
  it('numbers parameters, splices fragments with their own parameters, and never pastes a value as text', async () => {
    const nik = "3509'; DROP TABLE workers; --";
    const scope = fromNumbered({ sql: '(w.village_code = $4 OR w.village_code LIKE $5)', params: ['35.09', '35.09.%'] }, 4);
    const q = sql`SELECT ${raw('w.id')} FROM workers w WHERE w.nik = ${nik} AND ${scope} AND w.id IN (${join([1, 2, 3].map((i) => sql`${i}`))})`;
    expect(q.compile()).toEqual({
      text: 'SELECT w.id FROM workers w WHERE w.nik = $1 AND (w.village_code = $2 OR w.village_code LIKE $3) AND w.id IN ($4, $5, $6)',
      values: [nik, '35.09', '35.09.%', 1, 2, 3],
    });
    expect(await query(t.db, q)).toEqual([]);
    expect(await query<{ n: number }>(t.db, sql`SELECT count(*) AS n FROM workers`)).toHaveLength(1);
  });
});
