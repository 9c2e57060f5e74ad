import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHousekeeping } from '../../src/modules/housekeeping/housekeeping.service.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';

/** Retention without a click: files of ended or never-started imports, staged rows, sessions, login failures. */
let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

describe('housekeeping', () => {
  it('deletes uploads of failed and stale imports and of imports never started, scratch rows, old rejected rows, expired sessions and old failures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jaring-hk-'));
    const file = (n: string) => {
      const p = join(dir, n);
      writeFileSync(p, 'NIK;NAMA\n3509170101900009;Budi\n');
      return p;
    };
    const ins = (status: string, path: string, extra = '') =>
      t.db.query<{ id: number }>(
        `INSERT INTO imports (file_name, file_path, file_bytes, file_owned, format, actor_username, actor_role, status${extra ? ', ' + extra.split('=')[0] : ''})
         VALUES ('x.csv', $1, 10, true, 'csv', 'op', 'regency_operator', $2${extra ? ', ' + extra.split('=')[1] : ''}) RETURNING id`,
        [path, status],
      );
    const failed = file('failed.csv');
    const killed = file('killed.csv');
    const waiting = file('waiting.csv');
    const fresh = file('fresh.csv');
    const [f] = await ins('failed', failed);
    await ins('running', killed, `heartbeat_at=now() - interval '1 hour'`);
    const [w] = await ins('created', waiting, `created_at=now() - interval '2 days'`);
    await ins('created', fresh);
    // Scratch rows a killed run left behind, and the rejected rows of two finished imports: one ended 40 days ago.
    await t.db.query(`INSERT INTO import_rows (import_id, row_no, raw, errors) VALUES ($1, 2, 'ok', NULL), ($1, 3, 'bad', '[{"field":"nik"}]')`, [f!.id]);
    const [old] = await ins('completed', '', `finished_at=now() - interval '40 days'`);
    const [recent] = await ins('completed', '', `finished_at=now() - interval '1 day'`);
    await t.db.query(`INSERT INTO import_rejected_rows (import_id, row_no, errors, raw) VALUES ($1, 2, '[]', 'x'), ($2, 2, '[]', 'y')`, [old!.id, recent!.id]);
    const uid = await insertUser(t.db, 'hk.user', 'auditor', '35.09');
    await t.db.query(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ('old', $1, 'c', now() - interval '1 hour')`, [uid]);
    await t.db.query(`INSERT INTO login_failures (username, address, at) VALUES ('x', '1.2.3.4', now() - interval '2 days')`);
    // Sent e-mail is kept 30 days; queued e-mail is never deleted (it has not reached anyone yet).
    await t.db.query(
      `INSERT INTO mail_outbox (to_address, subject, body_text, purpose, status, sent_at) VALUES
         ('a@contoh.id', 's', 't', 'test', 'sent', now() - interval '31 days'), ('b@contoh.id', 's', 't', 'test', 'sent', now() - interval '2 days'),
         ('c@contoh.id', 's', 't', 'test', 'queued', NULL)`,
    );
    // Failed public status checks are pruned here after a day (the check itself never deletes).
    await t.db.query(`INSERT INTO public_status_attempts (nik_hash, at) VALUES ('old', now() - interval '25 hours'), ('new', now() - interval '1 hour')`);

    const r = await runHousekeeping(t.db, { rejectedRowsDays: 30, unstartedUploadHours: 24 });
    expect(r).toEqual({
      staleImports: 1,
      filesDeleted: 3,
      stagedRowsDeleted: 3,
      sessionsDeleted: 1,
      loginFailuresDeleted: 1,
      mailDeleted: 1,
      statusAttemptsDeleted: 1,
      photosDeleted: 0,
    });
    expect((await t.db.query<{ to_address: string }>(`SELECT to_address FROM mail_outbox ORDER BY id`)).map((m) => m.to_address)).toEqual([
      'b@contoh.id',
      'c@contoh.id',
    ]);
    expect([failed, killed, waiting].map(existsSync)).toEqual([false, false, false]);
    expect(existsSync(fresh)).toBe(true);
    const [st] = await t.db.query<{ status: string }>(`SELECT status FROM imports WHERE id = $1`, [w!.id]);
    expect(st!.status).toBe('cancelled');
    // The recent import's rejected row stays for its report until its retention ends; a second run changes nothing.
    expect((await t.db.query<{ import_id: number }>(`SELECT import_id FROM import_rejected_rows`)).map((x) => x.import_id)).toEqual([recent!.id]);
    expect(await runHousekeeping(t.db, { rejectedRowsDays: 30, unstartedUploadHours: 24 })).toEqual({
      staleImports: 0,
      filesDeleted: 0,
      stagedRowsDeleted: 0,
      sessionsDeleted: 0,
      loginFailuresDeleted: 0,
      mailDeleted: 0,
      statusAttemptsDeleted: 0,
      photosDeleted: 0,
    });
  });
});
