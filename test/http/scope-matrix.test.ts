import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '../../src/modules/workers/workers.service.js';
import type { WorkerView } from '../../src/modules/workers/workers.presenter.js';
import type { Role } from '../../src/domain/roles.js';
import { isWithinScope } from '../../src/domain/region-code.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor, AJUNG_VILLAGE, BONDOWOSO_VILLAGE, buildWorker, insertUser, KENCONG_VILLAGE } from '../helpers/factories.js';
import { call, loginAs, testApp, type Session } from '../helpers/http.js';

/**
 * For every role: nothing outside its region can be read or changed through any endpoint.
 * Workers live in four places: a village in Ajung (Jember), another Jember district, Bondowoso
 * (same province) and Aceh (another province).
 */
const ACEH_VILLAGE = '11.01.01.2001';
const PLACES = { ajung: AJUNG_VILLAGE, kencong: KENCONG_VILLAGE, bondowoso: BONDOWOSO_VILLAGE, aceh: ACEH_VILLAGE } as const;
const USERS: [Role, string | null][] = [
  ['super_admin', null],
  ['province_admin', '35'],
  ['regency_operator', '35.09'],
  ['village_operator', AJUNG_VILLAGE],
  ['bpjs_officer', '35.09'],
  ['auditor', '35.09'],
  ['dbhcht_secretariat', '35.09'],
];
const WRITERS: Role[] = ['super_admin', 'regency_operator', 'village_operator'];

let t: TestDb;
let app: FastifyInstance;
const workers: Record<string, WorkerView> = {};
const sessions: Partial<Record<Role, Session>> = {};

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  for (const [place, village] of Object.entries(PLACES)) {
    const nikDistrict = village.slice(0, 8).replaceAll('.', '');
    const input = buildWorker({ villageCode: village, fullName: `Pekerja ${place}` });
    workers[place] = await createWorker(t.db, actor('super_admin', null), { ...input, nik: nikDistrict + input.nik.slice(6) });
  }
  for (const [role, scope] of USERS) {
    await insertUser(t.db, role.replace('_', '.'), role, scope);
    sessions[role] = await loginAs(app, role.replace('_', '.'));
  }
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const snapshot = () => t.db.query(`SELECT id, full_name, village_code, version FROM workers ORDER BY id`);

describe.each(USERS)('%s scoped to %s', (role, scope) => {
  const visible = () => Object.entries(workers).filter(([, w]) => isWithinScope(w.villageCode, scope));
  const hidden = () => Object.entries(workers).filter(([, w]) => !isWithinScope(w.villageCode, scope));

  it('lists only workers inside its region, whatever the region filter asks', async () => {
    const s = sessions[role]!;
    const all = (await call(app, s, 'GET', '/api/v1/workers?pageSize=200')).json() as { items: WorkerView[] };
    expect(all.items.map((w) => w.id).sort()).toEqual(
      visible()
        .map(([, w]) => w.id)
        .sort(),
    );
    for (const [, w] of hidden()) {
      const res = await call(app, s, 'GET', `/api/v1/workers?region=${w.villageCode}`);
      expect((res.json() as { total: number }).total).toBe(0);
      const byNik = await call(app, s, 'GET', `/api/v1/workers?q=${workers.aceh!.nik}`);
      expect((byNik.json() as { items: WorkerView[] }).items.every((x) => isWithinScope(x.villageCode, scope))).toBe(true);
    }
  });

  it('reads a worker and its history only inside its region', async () => {
    const s = sessions[role]!;
    for (const [, w] of visible()) {
      expect((await call(app, s, 'GET', `/api/v1/workers/${w.id}`)).statusCode).toBe(200);
      expect((await call(app, s, 'GET', `/api/v1/workers/${w.id}/history`)).statusCode).toBe(200);
    }
    for (const [, w] of hidden()) {
      expect((await call(app, s, 'GET', `/api/v1/workers/${w.id}`)).statusCode).toBe(404);
      expect((await call(app, s, 'GET', `/api/v1/workers/${w.id}/history`)).statusCode).toBe(404);
    }
  });

  it('changes nothing outside its region (and nothing at all without write permission)', async () => {
    const s = sessions[role]!;
    const before = await snapshot();
    const ownVillage = scope && scope.length === 13 ? scope : AJUNG_VILLAGE;
    for (const [, w] of hidden()) {
      const body = { ...buildWorker({ villageCode: ownVillage }), nik: w.nik, fullName: 'Diambil alih', version: w.version };
      const res = await call(app, s, 'PUT', `/api/v1/workers/${w.id}`, body);
      expect(res.statusCode).toBe(WRITERS.includes(role) ? 404 : 403);
      const moved = await call(app, s, 'POST', '/api/v1/workers', buildWorker({ villageCode: w.villageCode }));
      expect(moved.statusCode).toBe(WRITERS.includes(role) ? 400 : 403);
    }
    if (!WRITERS.includes(role)) {
      for (const [, w] of visible()) {
        const res = await call(app, s, 'PUT', `/api/v1/workers/${w.id}`, { ...buildWorker({ villageCode: w.villageCode }), nik: w.nik, version: w.version });
        expect(res.statusCode).toBe(403);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('sees and creates accounts only inside its region', async () => {
    const s = sessions[role]!;
    const list = await call(app, s, 'GET', '/api/v1/users');
    const manages = role === 'super_admin' || role === 'province_admin';
    expect(list.statusCode).toBe(manages ? 200 : 403);
    if (manages) {
      const regions = (list.json() as { items: { regionCode: string | null }[] }).items.map((u) => u.regionCode);
      expect(regions.every((r) => scope === null || (r !== null && isWithinScope(r, scope)))).toBe(true);
    }
    const outside = await call(app, s, 'POST', '/api/v1/users', {
      username: `luar.${role}`,
      fullName: 'Luar',
      password: 'rahasia-sekali-123',
      role: 'regency_operator',
      regionCode: '11.01',
    });
    expect(outside.statusCode).toBe(role === 'super_admin' ? 201 : 403);
  });
});

describe('sessions and CSRF', () => {
  it('refuses every endpoint without a session', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/workers'],
      ['GET', `/api/v1/workers/${workers.ajung!.id}`],
      ['GET', '/api/v1/regions/35'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/workers'],
      ['GET', '/api/v1/auth/me'],
    ] as const) {
      const res = await call(app, null, method, url, method === 'POST' ? buildWorker() : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'unauthenticated', message: { id: expect.any(String), en: expect.any(String) } } });
    }
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const s = sessions.regency_operator!;
    const res = await app.inject({ method: 'POST', url: '/api/v1/workers', headers: { cookie: s.cookie }, payload: buildWorker() });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'csrf' } });
  });

  it('ends the session on logout', async () => {
    await insertUser(t.db, 'sebentar', 'auditor', '35.09');
    const s = await loginAs(app, 'sebentar');
    expect((await call(app, s, 'POST', '/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await call(app, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('throttles a stranger guessing a username with a growing wait, without locking the owner out elsewhere', async () => {
    await insertUser(t.db, 'coba', 'auditor', '35.09');
    const stranger = (password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '203.0.113.9', payload: { username: 'coba', password } });
    for (let i = 0; i < 5; i++) expect((await stranger('salah')).statusCode).toBe(401);
    // The stranger now waits, even with the right password…
    const waiting = await stranger('rahasia-sekali-123');
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json()).toMatchObject({ error: { message: { id: expect.stringContaining('detik'), en: expect.stringContaining('seconds') } } });
    // …while the owner, from their own address, is not locked out.
    const owner = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.51.100.7',
      payload: { username: 'coba', password: 'rahasia-sekali-123' },
    });
    expect(owner.statusCode).toBe(200);
    // The wait doubles with each failure after it has passed.
    await t.db.query(`UPDATE login_failures SET at = at - interval '6 seconds' WHERE address = '203.0.113.9'`);
    expect((await stranger('salah')).statusCode).toBe(401);
    expect((await stranger('salah')).json().error.message.en).toMatch(/try again in (9|10) seconds/);
  });
});
