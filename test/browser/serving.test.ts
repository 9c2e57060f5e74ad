import { readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { webRoot } from '../../src/server.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';

/** How the built web app is served (issue 12.18): compressed, cached by hash, no public source maps, real 404s. */
let t: TestDb;
let app: FastifyInstance;
const main = readdirSync(`${webRoot()}/assets`).find((f) => /^index-.*\.js$/.test(f))!;

beforeAll(async () => {
  t = await openTestDb();
  app = await buildApp({ db: t.db, config: loadConfig({ JARING_DATA_DIR: '/tmp' }), logger: false, webRoot: webRoot() });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('serving the web app', () => {
  it('sends the first screen’s script gzipped and cached for a year, the page itself revalidated', async () => {
    const plain = await app.inject({ url: `/assets/${main}` });
    const gz = await app.inject({ url: `/assets/${main}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);
    // The figure for docs/performance.md: what the first screen's script costs on the wire.
    console.log(`first-screen script ${main}: ${plain.rawPayload.length} B → ${gz.rawPayload.length} B gzipped`);
    expect(gz.rawPayload.length).toBeLessThan(150 * 1024);
    const br = await app.inject({ url: `/assets/${main}`, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    // A route of the app with dots in it (a region code) is the page, not a missing file.
    expect((await app.inject({ url: '/regions/35.09.05' })).headers['content-type']).toContain('text/html');
    const page = await app.inject({ url: '/workers' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing asset and for source maps, and references no source map', async () => {
    expect((await app.inject({ url: '/assets/missing-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: `/assets/${main}.map` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/assets/${main}` })).body).not.toContain('sourceMappingURL');
  });
});
