import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';
import { call, loginAs, testApp, type Session } from '../helpers/http.js';

/** Accounts and sessions: password strength, Secure cookies, and nothing of the API kept by a browser or proxy. */
let t: TestDb;
let app: FastifyInstance;
let admin: Session;

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'acc.admin', 'super_admin', null);
  admin = await loginAs(app, 'acc.admin');
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const newUser = (password: string) =>
  call(app, admin, 'POST', '/api/v1/users', { username: 'op.baru', fullName: 'Operator Baru', role: 'auditor', regionCode: '35.09', password });

describe('accounts', () => {
  it('refuses guessable passwords whatever their length, naming the field in both languages', async () => {
    for (const weak of ['1234567890', ' '.repeat(10), '1234567890ab', 'passwordpassword', 'op.baru12345']) {
      const res = await newUser(weak);
      expect(res.statusCode, weak).toBe(400);
      const p = res.json().error.problems[0];
      expect(p.field).toBe('password');
      expect(p.id).toMatch(/Kata sandi/);
      expect(p.en).toMatch(/Password/);
    }
    expect((await newUser('Kopi-Tubruk-Ajung-77')).statusCode).toBe(201);
  });

  it('sends Secure cookies unless the server listens on plain-HTTP loopback, and trusts no proxy by default', () => {
    expect(loadConfig({}).secureCookies).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0' }).secureCookies).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', JARING_SECURE_COOKIES: 'false' }).secureCookies).toBe(false);
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ JARING_TRUSTED_PROXIES: '10.0.0.1, 10.1.0.0/16' }).trustedProxies).toEqual(['10.0.0.1', '10.1.0.0/16']);
  });

  it('marks API answers and downloads no-store', async () => {
    for (const url of ['/api/v1/workers', '/api/v1/auth/me', '/api/v1/alerts.csv', '/api/v1/nope']) {
      const res = await call(app, admin, 'GET', url);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('edits, deactivates and resets an account (12.16): a deactivated account is logged out at once; nobody deactivates themselves', async () => {
    const id = await insertUser(t.db, 'op.edit', 'regency_operator', '35.09');
    const op = await loginAs(app, 'op.edit');
    expect((await call(app, op, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const renamed = await call(app, admin, 'PATCH', `/api/v1/users/${id}`, { fullName: 'Siti Aminah', role: 'auditor' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ fullName: 'Siti Aminah', role: 'auditor', regionCode: '35.09', active: true });
    // An e-mail address for reminders: kept lower-cased, a malformed one refused naming the field, cleared with null.
    const mailed = await call(app, admin, 'PATCH', `/api/v1/users/${id}`, { email: ' Siti.Aminah@Jemberkab.go.id ' });
    expect(mailed.json()).toMatchObject({ email: 'siti.aminah@jemberkab.go.id', role: 'auditor' });
    const badMail = await call(app, admin, 'PATCH', `/api/v1/users/${id}`, { email: 'siti@' });
    expect(badMail.statusCode).toBe(400);
    expect(badMail.json().error.problems[0]).toMatchObject({ field: 'email', code: 'format' });
    // A NUL or another control character is not part of an address: refused naming the field, never a 500.
    for (const hostile of ['siti\u0000@desa.id', 'siti@desa.id\u0007']) {
      const res = await call(app, admin, 'PATCH', `/api/v1/users/${id}`, { email: hostile });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.problems[0].field).toBe('email');
    }
    expect((await call(app, admin, 'PATCH', `/api/v1/users/${id}`, { email: null })).json().email).toBeNull();
    // The DBHCHT secretariat is an account of a regency.
    const sekretariat = await call(app, admin, 'POST', '/api/v1/users', {
      username: 'sekretariat.dbhcht',
      fullName: 'Sekretariat DBHCHT Jember',
      role: 'dbhcht_secretariat',
      regionCode: '35.09',
      password: 'Tembakau-Kasturi-Jember-77',
      email: 'dbhcht@jemberkab.go.id',
    });
    expect(sekretariat.statusCode).toBe(201);
    expect(sekretariat.json()).toMatchObject({ role: 'dbhcht_secretariat', email: 'dbhcht@jemberkab.go.id' });
    // A role that does not fit the region is refused, naming the field.
    const wrong = await call(app, admin, 'PATCH', `/api/v1/users/${id}`, { role: 'village_operator' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message.id).toMatch(/^Kode wilayah: /);
    const off = await call(app, admin, 'PATCH', `/api/v1/users/${id}`, { active: false });
    expect(off.json().active).toBe(false);
    expect((await call(app, op, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    await call(app, admin, 'PATCH', `/api/v1/users/${id}`, { active: true });
    const reset = await call(app, admin, 'POST', `/api/v1/users/${id}/password`, { password: 'Gudeg-Manggar-Ajung-58' });
    expect(reset.statusCode).toBe(200);
    expect((await call(app, admin, 'POST', `/api/v1/users/${id}/password`, { password: '1234567890' })).statusCode).toBe(400);
    expect((await loginAs(app, 'op.edit', 'Gudeg-Manggar-Ajung-58')).csrf).toBeTruthy();
    const self = await t.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'acc.admin'`);
    const selfOff = await call(app, admin, 'PATCH', `/api/v1/users/${self[0]!.id}`, { active: false });
    expect(selfOff.statusCode).toBe(409);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND action LIKE 'user.%' ORDER BY id`,
      [String(id)],
    );
    expect(audit.map((a) => a.action)).toEqual(['user.update', 'user.update', 'user.update', 'user.update', 'user.update', 'user.password_reset']);
  });
});
