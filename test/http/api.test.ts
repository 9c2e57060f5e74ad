import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { buildWorker, insertUser } from '../helpers/factories.js';
import { call, loginAs, testApp, type Session } from '../helpers/http.js';

let t: TestDb;
let app: FastifyInstance;
let s: Session;

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'operator', 'regency_operator', '35.09');
  s = await loginAs(app, 'operator');
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('regions API', () => {
  it('returns a village with its parent chain', async () => {
    const res = await call(app, s, 'GET', '/api/v1/regions/3509172001');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: '35.09.17.2001',
      level: 'village',
      name: 'Sukamakmur',
      ancestors: [
        { code: '35', name: 'Jawa Timur' },
        { code: '35.09', name: 'Kabupaten Jember' },
        { code: '35.09.17', name: 'Ajung' },
      ],
      children: [],
    });
  });

  it('returns a regency with its districts and their village counts', async () => {
    const body = (await call(app, s, 'GET', '/api/v1/regions/35.09')).json() as { children: { code: string; childCount: number }[] };
    expect(body.children).toHaveLength(31);
    expect(body.children.reduce((sum, c) => sum + c.childCount, 0)).toBe(248);
  });

  it('lists the provinces and searches by name, inside a region', async () => {
    expect(((await call(app, s, 'GET', '/api/v1/regions')).json() as { items: unknown[] }).items).toHaveLength(38);
    const hits = (await call(app, s, 'GET', '/api/v1/regions/search?q=ajung&within=35.09')).json() as { items: { code: string; path: string }[] };
    expect(hits.items[0]).toMatchObject({ code: '35.09.17', path: 'Jawa Timur › Kabupaten Jember › Ajung' });
    expect(hits.items.every((h) => h.code.startsWith('35.09'))).toBe(true);
  });

  it('answers unknown and malformed codes in both languages', async () => {
    const missing = await call(app, s, 'GET', '/api/v1/regions/35.09.99');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found', message: { id: 'Wilayah 35.09.99 tidak ada', en: 'Region 35.09.99 does not exist' } } });
    const bad = await call(app, s, 'GET', '/api/v1/regions/35-09');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { problems: [{ field: 'code', code: 'region_code_format' }] } });
  });
});

describe('validation at the boundary', () => {
  it('names the field and the problem for a wrong shape', async () => {
    const res = await call(app, s, 'POST', '/api/v1/workers', { ...buildWorker(), welfareDecile: 'tiga' });
    expect(res.statusCode).toBe(400);
    const problems = (res.json() as { error: { problems: { field: string; id: string; en: string }[] } }).error.problems;
    expect(problems[0]).toMatchObject({ field: 'welfareDecile', en: expect.stringContaining('number') });
  });

  it('gives field-level NIK problems for the form', async () => {
    const res = await call(app, s, 'POST', '/api/v1/workers', buildWorker({ nik: '35091712038500011' }));
    expect(res.json()).toMatchObject({
      error: {
        code: 'validation',
        problems: [{ field: 'nik', code: 'nik_length', id: 'NIK harus 16 digit, ditemukan 17', en: 'NIK must be 16 digits, found 17' }],
      },
    });
  });

  it('creates through the API with 201 and serves the sectors taxonomy', async () => {
    const res = await call(app, s, 'POST', '/api/v1/workers', buildWorker());
    expect(res.statusCode).toBe(201);
    const sectors = (await call(app, s, 'GET', '/api/v1/sectors')).json() as { items: { code: string }[] };
    expect(sectors.items.map((x) => x.code)).toEqual([
      'tobacco_farm_labourer',
      'cigarette_factory_worker',
      'religious_social_worker',
      'food_farmer',
      'village_vulnerable_worker',
      'village_apparatus',
      'fisher',
      'itinerant_trader',
      'domestic_worker',
      'driver_ojek',
      'palm_oil_worker',
      'other',
    ]);
  });
});

describe('OpenAPI', () => {
  it('documents every route from the same schemas that validate requests', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/workers',
        '/api/v1/workers/{id}',
        '/api/v1/workers/{id}/history',
        '/api/v1/regions/{code}',
        '/api/v1/regions/search',
        '/api/v1/auth/login',
        '/api/v1/users',
      ]),
    );
    const body = doc.paths['/api/v1/workers']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['nik', 'fullName', 'birthDate', 'villageCode', 'sectorCode', 'welfareDecile']));
  });
});

describe('security headers', () => {
  it('every answer carries the same security headers, set once for the app (CSP for the web page, no sniffing, no framing)', async () => {
    const expected = {
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    for (const [method, url] of [
      ['GET', '/api/v1/health'],
      ['POST', '/api/v1/public/status'],
      ['GET', '/api/v1/workers'],
      ['GET', '/no-such-page'],
    ] as const) {
      const res = await app.inject({ method, url, ...(method === 'POST' ? { payload: { nik: '1', kpj: '2' } } : {}) });
      expect(res.headers, `${method} ${url}`).toMatchObject(expected);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});
