import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';
import { call, loginAs, testApp, uploadAs, type Session } from '../helpers/http.js';

let t: TestDb;
let app: FastifyInstance;
let admin: Session;
let jambi: Session;
let jember: Session;
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/coverage/${name}`, import.meta.url)));

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'admin', 'super_admin', null);
  await insertUser(t.db, 'provinsi.15', 'province_admin', '15');
  await insertUser(t.db, 'disnaker', 'regency_operator', '35.09');
  admin = await loginAs(app, 'admin');
  jambi = await loginAs(app, 'provinsi.15');
  jember = await loginAs(app, 'disnaker');
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const upload = (s: Session, url: string, name: string, content: string | Buffer) => uploadAs(app, s, url, name, content);

describe('coverage API', () => {
  it('imports a file of inputs, sets a target and serves the dashboard to whoever may see the region', async () => {
    const bad = await upload(jambi, '/api/v1/coverage/inputs/upload', 'ucj.csv', fixture('ucj-2024.csv'));
    expect(bad.statusCode).toBe(403); // the file also holds Bali
    const ok = await upload(admin, '/api/v1/coverage/inputs/upload', 'ucj.csv', fixture('ucj-2024.csv'));
    expect(ok.json()).toEqual({ saved: 13, flagged: 1 });
    expect((await call(app, jambi, 'PUT', '/api/v1/coverage/targets', { regionCode: '15', year: 2024, value: 55, source: 'BPJS TK Jambi' })).statusCode).toBe(
      200,
    );
    const d = await call(app, jambi, 'GET', '/api/v1/coverage/dashboard?regionCode=15&asOf=2024-08-12');
    expect(d.json().region).toMatchObject({ pct: 39.52, target: { gapPeople: 203_172 } });
    expect((await call(app, jember, 'GET', '/api/v1/coverage/dashboard?regionCode=15&asOf=2024-08-12')).statusCode).toBe(404);
    const xlsx = await call(app, jambi, 'GET', '/api/v1/coverage/export.xlsx?regionCode=15&asOf=2024-08-12');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await call(app, jambi, 'GET', '/api/v1/coverage/export.pdf?regionCode=15&asOf=2024-08-12');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("refuses boundaries outside the uploader's own region (they feed the public page) and changes nothing", async () => {
    await insertUser(t.db, 'bpjs.jember', 'bpjs_officer', '35.09');
    const bpjs = await loginAs(app, 'bpjs.jember');
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    const westJava = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { KODE: '32.01' }, geometry: square }] };
    const before = await t.db.query(`SELECT region_code, source FROM region_boundaries ORDER BY 1`);
    const res = await upload(bpjs, '/api/v1/coverage/boundaries', 'jabar.geojson', Buffer.from(JSON.stringify(westJava)));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message.en).toContain('32.01');
    expect(await t.db.query(`SELECT region_code, source FROM region_boundaries ORDER BY 1`)).toEqual(before);
    const own = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { KODE: '35.09.05' }, geometry: square }] };
    expect((await upload(bpjs, '/api/v1/coverage/boundaries', 'kec.geojson', Buffer.from(JSON.stringify(own)))).json()).toMatchObject({ matched: 1 });
  });

  it('imports official boundaries and matches them by code or by name', async () => {
    const square = (x: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [x, -1],
          [x + 1, -1],
          [x + 1, -2],
          [x, -2],
          [x, -1],
        ],
      ],
    });
    const geo = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { KODE: '1504', NAMA: 'Batang Hari' }, geometry: square(103) },
        { type: 'Feature', properties: { KODE: '15.07' }, geometry: square(104) },
        { type: 'Feature', properties: { WADMKK: 'Kota Jambi' }, geometry: square(105) },
        { type: 'Feature', properties: { WADMKK: 'Atlantis' }, geometry: square(106) },
      ],
    };
    const r = await upload(admin, '/api/v1/coverage/boundaries?source=uji', 'batas.geojson', Buffer.from(JSON.stringify(geo)));
    expect(r.json()).toEqual({ features: 4, matched: 3, unmatched: ['Atlantis'] });
    const b = await call(app, jambi, 'GET', '/api/v1/coverage/boundaries?parent=15');
    expect(b.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['15.04', '15.07', '15.71']);
    expect((await upload(admin, '/api/v1/coverage/boundaries', 'batas.geojson', Buffer.from('{"type":"Point"}'))).json().error.problems[0].code).toBe(
      'geojson',
    );
  });
});

describe('public pages, without login', () => {
  it('serve coverage without personal data', async () => {
    const r = await call(app, null, 'GET', '/api/v1/public/coverage?regionCode=15&asOf=2024-08-12');
    expect(r.statusCode).toBe(200);
    expect(r.json().children.find((c: { code: string }) => c.code === '15.04')).toMatchObject({ pct: 50.71, rank: 1, subsidised: '<10' });
  });

  it('key the limit on the real client address: a rotating X-Forwarded-For does not buy more tries', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++)
      codes.push(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/public/status',
            remoteAddress: '192.0.2.44',
            headers: { 'x-forwarded-for': `10.9.${i}.1` },
            payload: { nik: '3509170101900009', kpj: '12345678901' },
          })
        ).statusCode,
      );
    expect(codes[10]).toBe(429);
  });

  it('limit the status check to 10 tries a minute, with a message in both languages', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++)
      codes.push((await call(app, null, 'POST', '/api/v1/public/status', { nik: '3509170101900009', kpj: '12345678901' })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
    expect(codes[10]).toBe(429);
    const limited = await call(app, null, 'POST', '/api/v1/public/status', { nik: '3509170101900009', kpj: '12345678901' });
    expect(limited.json().error).toMatchObject({
      code: 'rate_limited',
      message: { id: 'Terlalu banyak permintaan; coba lagi dalam satu menit', en: 'Too many requests; try again in a minute' },
    });
  });
});
