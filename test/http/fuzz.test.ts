import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';
import { loginAs, testApp, type Session } from '../helpers/http.js';

/**
 * Walks the OpenAPI document and sends every operation a bounded set of bad inputs — impossible
 * dates, NUL and lone surrogates, 1 MB strings, overflowing and negative numbers, unknown region
 * codes, wrong types, non-numeric ids, missing fields — as a super admin (who passes every guard),
 * and requires: no 5xx, a 4xx naming the problem in Indonesian and English, and nothing changed.
 */
let t: TestDb;
let app: FastifyInstance;
let admin: Session;

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'fuzz.admin', 'super_admin', null);
  admin = await loginAs(app, 'fuzz.admin');
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const BIG = 'x'.repeat(1024 * 1024);
/** A lone surrogate cannot be percent-encoded as UTF-8: send the bytes a broken client would (CESU-8). */
const enc = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};
const BAD_STRINGS = ['2026-02-30', '2026-13-01', 'a\u0000b', '\ud800', BIG, '99.99.99.9999', ''];
const BAD_NUMBERS = [2147483648, -1, 1e20, Number.MAX_SAFE_INTEGER + 2, 1.5];
const BAD_TYPES = [{}, [], 'abc', true, null];

const typeOf = (s: JsonSchema | undefined): string => {
  if (!s) return 'any';
  if (s.anyOf) return typeOf(s.anyOf.find((x) => x.type !== 'null'));
  return Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? 'any') : (s.type ?? 'any');
};

/** A value of the right shape for a field, so that one other field can be made bad at a time. */
function sample(s: JsonSchema | undefined): unknown {
  if (s?.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(s!.items)];
    case 'object':
      return Object.fromEntries(Object.entries(s?.properties ?? {}).map(([k, v]) => [k, sample(v)]));
    default:
      return s?.format === 'date' ? '2026-07-01' : 'teks';
  }
}

const badValuesFor = (s: JsonSchema | undefined): unknown[] => {
  const t = typeOf(s);
  if (t === 'integer' || t === 'number') return [...BAD_NUMBERS, 'abc', null];
  if (t === 'string') return [...BAD_STRINGS, 12, null];
  return BAD_TYPES;
};

async function fingerprint(): Promise<string> {
  const rows = await t.db.query<{ d: string }>(
    `SELECT string_agg(c, ' ' ORDER BY c) AS d FROM (
       SELECT 'workers:' || count(*) AS c FROM workers UNION ALL SELECT 'users:' || count(*) FROM users
       UNION ALL SELECT 'imports:' || count(*) FROM imports UNION ALL SELECT 'programs:' || count(*) FROM programs
       UNION ALL SELECT 'plans:' || count(*) FROM plans UNION ALL SELECT 'sources:' || count(*) FROM funding_sources
       UNION ALL SELECT 'targets:' || count(*) FROM coverage_targets UNION ALL SELECT 'inputs:' || count(*) FROM coverage_inputs
       UNION ALL SELECT 'boundaries:' || count(*) FROM region_boundaries UNION ALL SELECT 'participants:' || count(*) FROM participants
       UNION ALL SELECT 'invoices:' || count(*) FROM invoices UNION ALL SELECT 'payments:' || count(*) FROM payments) x`,
  );
  return rows[0]!.d;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('never answers 5xx, names the problem in both languages, and changes nothing', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const before = await fingerprint();
    let sent = 0;
    const failures: string[] = [];
    const unnamed: string[] = [];
    const check = async (method: string, url: string, payload: unknown, what: string) => {
      const res = await app.inject({
        method: method.toUpperCase() as 'GET',
        url,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        payload: payload === undefined ? undefined : JSON.stringify(payload),
      });
      sent++;
      if (res.statusCode >= 500) failures.push(`${method} ${url} ${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400) {
        const body = res.json() as { error?: { message?: { id?: string; en?: string }; problems?: { field: string }[] } };
        if (!body.error?.message?.id || !body.error.message.en) failures.push(`${method} ${url} ${what}: ${res.statusCode} without a bilingual message`);
        // A value the boundary let through and the database refused is answered generically, without the field: count them.
        else if (body.error.message.en.startsWith('One of the values is out of range')) unnamed.push(`${method} ${url} ${what}`);
      }
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/') || path === '/api/v1/auth/logout') continue;
      for (const [method, op] of Object.entries(ops)) {
        const params = op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path');
        const fill = (over: Record<string, string> = {}) =>
          path.replace(/\{(\w+)\}/g, (_, name: string) => {
            if (over[name] !== undefined) return enc(over[name]);
            const p = pathParams.find((x) => x.name === name);
            return p?.schema?.enum ? String(p.schema.enum[0]) : name === 'code' ? '35.09' : '999999';
          });
        const body = op.requestBody?.content?.['application/json']?.schema;
        const goodBody = body ? sample(body) : undefined;
        // Path parameters: non-numeric, overflowing, negative, huge, NUL.
        for (const p of pathParams)
          for (const bad of ['abc', '2147483648', '-1', '99999999999999999999', 'x'.repeat(300), 'a\u0000b'])
            await check(method, fill({ [p.name]: bad }), goodBody, `path ${p.name}=${bad.slice(0, 12)}`);
        // Query parameters, one bad at a time.
        for (const q of params.filter((x) => x.in === 'query'))
          for (const bad of badValuesFor(q.schema)) {
            if (bad === null || typeof bad === 'object') continue;
            const v = String(bad);
            await check(method, `${fill()}?${q.name}=${enc(v)}`, goodBody, `query ${q.name}=${v.slice(0, 12)}`);
          }
        if (!body || typeOf(body) !== 'object') continue;
        // Body: missing fields, a wrong type, then each field made bad in turn.
        await check(method, fill(), {}, 'empty body');
        await check(method, fill(), [], 'array body');
        for (const [field, schema] of Object.entries(body.properties ?? {}))
          for (const bad of badValuesFor(schema)) await check(method, fill(), { ...(goodBody as object), [field]: bad }, `body ${field}`);
      }
    }
    expect(failures).toEqual([]);
    expect(unnamed).toEqual([]);
    expect(await fingerprint()).toBe(before);
    expect(sent).toBeGreaterThan(1000);
    console.info(`fuzz: ${sent} requests, 0 answered 5xx`);
  }, 600_000);

  it("answers Fastify's own refusals in Jaring's bilingual shape: no multipart boundary, wrong content type, broken JSON, a path part over 100 characters", async () => {
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const cases = [
      { method: 'POST', url: '/api/v1/imports', headers: { ...headers, 'content-type': 'multipart/form-data' }, payload: 'xx' },
      { method: 'POST', url: '/api/v1/workers', headers: { ...headers, 'content-type': 'application/xml' }, payload: '<nik/>' },
      { method: 'POST', url: '/api/v1/workers', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"nik": ' },
      { method: 'GET', url: `/api/v1/workers/${'9'.repeat(120)}`, headers },
    ] as const;
    const statuses: number[] = [];
    for (const c of cases) {
      const res = await app.inject({ ...c, headers: { ...c.headers } });
      statuses.push(res.statusCode);
      const body = res.json() as { error: { code: string; message: { id: string; en: string } } };
      expect(body.error.message.id, c.url).toBeTruthy();
      expect(body.error.message.en, c.url).toBeTruthy();
      expect(body.error.message.id).not.toBe(body.error.message.en);
    }
    expect(statuses).toEqual([400, 415, 400, 414]);
  });
});
