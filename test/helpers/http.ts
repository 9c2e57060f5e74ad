import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/db.js';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';

/** Uploads go to a temporary data directory, never into the checkout. */
export async function testApp(db: Db): Promise<FastifyInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jaring-app-'));
  const app = await buildApp({ db, config: loadConfig({ JARING_DATA_DIR: dataDir }), logger: false, webRoot: null });
  app.addHook('onClose', async () => rmSync(dataDir, { recursive: true, force: true }));
  return app;
}

/** A multipart/form-data body with one file field, as a browser sends it. */
export function multipart(fileName: string, content: Buffer): { payload: Buffer; contentType: string } {
  const boundary = `----jaring${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function loginAs(app: FastifyInstance, username: string, password = 'rahasia-sekali-123'): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'jaring_session')!;
  return { cookie: `jaring_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

export function call(app: FastifyInstance, s: Session | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  const headers: Record<string, string> = {};
  if (s) {
    headers.cookie = s.cookie;
    headers['x-csrf-token'] = s.csrf;
  }
  return app.inject({ method, url, headers, payload: payload as object | undefined });
}

/** POSTs one file as multipart/form-data (field "file") with the session's cookie and CSRF token. */
export function uploadAs(app: FastifyInstance, s: Session, url: string, name: string, content: string | Buffer) {
  const m = multipart(name, typeof content === 'string' ? Buffer.from(content) : content);
  return app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': m.contentType }, payload: m.payload });
}
