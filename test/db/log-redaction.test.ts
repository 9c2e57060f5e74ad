import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';

/** A failed statement's error, logged the way the server logs it, holds no personal data — on both drivers. */
let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

describe('logs without personal data', () => {
  it('a unique violation and a bad date with a NIK, a name and a phone leave no trace in the log', async () => {
    const nik = '3509175203900007';
    await t.db.query(
      `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code) VALUES ($1, 'Siti Rahayu', '1990-03-12', 'P', '35.09.17.2001', 'food_farmer')`,
      [nik],
    );
    const errors: unknown[] = [];
    await t.db
      .query(
        `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, phone) VALUES ($1, $2, $3, 'P', '35.09.17.2001', 'food_farmer', $4)`,
        [nik, 'Siti Rahayu', '1990-03-12', '081234000111'],
      )
      .catch((e: unknown) => errors.push(e));
    await t.db.query(`SELECT $1::date`, [`${nik}-Siti`]).catch((e: unknown) => errors.push(e));
    await t.db.transaction((tx) => tx.query(`SELECT $1::int`, [nik])).catch((e: unknown) => errors.push(e));
    expect(errors).toHaveLength(3);
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    const log = pino({ redact: ['err.params', 'err.parameters', 'err.detail', 'err.query', 'err.queryOptions', 'err.internalQuery'] }, sink);
    for (const err of errors) log.error({ err }, 'statement failed');
    expect(out).toContain('23505');
    for (const secret of [nik, 'Siti', '081234000111']) expect(out).not.toContain(secret);
    // Scrubbed at the driver already, not only by the logger's redaction.
    for (const secret of [nik, '081234000111']) expect(JSON.stringify(errors, Object.getOwnPropertyNames(errors[0]))).not.toContain(secret);
  });
});
