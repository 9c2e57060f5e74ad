import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/db.js';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';

export async function testApp(db: Db): Promise<FastifyInstance> {
  return buildApp({ db, config: loadConfig({}), logger: false, webRoot: null });
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

export function call(app: FastifyInstance, s: Session | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const headers: Record<string, string> = {};
  if (s) {
    headers.cookie = s.cookie;
    headers['x-csrf-token'] = s.csrf;
  }
  return app.inject({ method, url, headers, payload: payload as object | undefined });
}
