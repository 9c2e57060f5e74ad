import type { FastifyInstance } from 'fastify';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';
import { call, loginAs, testApp, uploadAs, type Session } from '../helpers/http.js';

/** Issue 12.13: an office sets its letterhead and logo; documents print them. */
let t: TestDb;
let app: FastifyInstance;
let disnaker: Session;
let desa: Session;

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'lh.disnaker', 'regency_operator', '35.09');
  await insertUser(t.db, 'lh.desa', 'village_operator', '35.09.05.2001');
  disnaker = await loginAs(app, 'lh.disnaker');
  desa = await loginAs(app, 'lh.desa');
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

/** A 1×1 PNG, built here (signature, IHDR, IDAT, IEND) so the test carries no binary file. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x0b, 0x6e, 0x4f]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('letterhead', () => {
  it('is made from the region until the office sets it; a logo needs a saved letterhead and must be a real image', async () => {
    const before = await call(app, desa, 'GET', '/api/v1/letterhead');
    expect(before.json()).toMatchObject({ regionCode: '35.09', configured: false, government: 'PEMERINTAH KABUPATEN JEMBER', place: 'Jember' });
    expect((await uploadAs(app, disnaker, '/api/v1/letterhead/logo', 'logo.png', tinyPng())).statusCode).toBe(409);
    expect((await call(app, desa, 'PUT', '/api/v1/letterhead', { government: 'x', office: 'y', place: 'z', signatory: {} })).statusCode).toBe(403);
    const saved = await call(app, disnaker, 'PUT', '/api/v1/letterhead', {
      government: 'Pemerintah Kabupaten Jember',
      office: 'Dinas Tenaga Kerja',
      place: 'Jember',
      signatory: { name: 'Contoh Pejabat', position: 'Kepala Dinas', nip: '1970 0101 1990 03 1 001' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().signatory.nip).toBe('197001011990031001');
    const fake = await uploadAs(app, disnaker, '/api/v1/letterhead/logo', 'logo.png', 'bukan gambar');
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.message.id).toMatch(/PNG atau JPEG/);
    const ok = await uploadAs(app, disnaker, '/api/v1/letterhead/logo', 'logo.png', tinyPng());
    expect(ok.json()).toMatchObject({ hasLogo: true });
    const img = await call(app, desa, 'GET', '/api/v1/letterhead/logo');
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });
});
