import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor, insertUser, makeNik } from '../helpers/factories.js';
import { donorPlace, openDonorAccount, thisMonth, nextMonth } from '../helpers/donors.js';
import { createDonor, signUp, verifyEmail } from '../../src/modules/donors/donors.service.js';
import { createSponsorship, getSponsorship, quoteSponsorship } from '../../src/modules/donors/sponsorships.service.js';
import { importStatement, listDonations } from '../../src/modules/donors/payments.service.js';
import { assignPool, refundSponsorship } from '../../src/modules/donors/pools.service.js';
import { donorOverview, runDonorsDaily } from '../../src/modules/donors/donor-space.service.js';
import { createWorker } from '../../src/modules/workers/workers.service.js';
import { DONOR_SCOPE, type Actor } from '../../src/actor.js';
import { buildWorker } from '../helpers/factories.js';

let t: TestDb;
let op: Actor;
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await openTestDb();
  op = actor('regency_operator', '35.09', await insertUser(t.db, 'don.op', 'regency_operator', '35.09'), 'don.op');
}, 120_000);
afterAll(async () => t?.cleanup());

const donorActor = (id: number, email: string): Actor => ({ id: null, username: email, role: 'donor', scope: DONOR_SCOPE, donorId: id });
const villages = async (n: number) =>
  (await t.db.query<{ code: string }>(`SELECT code FROM regions WHERE code LIKE '35.09.%' AND level = 'village' ORDER BY code LIMIT $1`, [n])).map(
    (r) => r.code,
  );

describe('donors', () => {
  it('signs up with a verification link; the account opens only once the link is used, and a link works once', async () => {
    await signUp(
      t.db,
      { kind: 'citizen', name: 'Siti Aminah', email: 'Siti@Contoh.id', password: 'Kopi-Tubruk-Jember-2026!', regencyCode: '35.09' },
      'http://x',
    );
    const [u] = await t.db.query<{ active: boolean }>(`SELECT active FROM users WHERE username = 'siti@contoh.id'`);
    expect(u!.active).toBe(false);
    const [m] = await t.db.query<{ body_text: string }>(`SELECT body_text FROM mail_outbox WHERE to_address = 'siti@contoh.id' AND purpose = 'donor.verify'`);
    const token = /token=([\w-]+)/.exec(m!.body_text)![1]!;
    expect((await verifyEmail(t.db, token)).email).toBe('siti@contoh.id');
    const [u2] = await t.db.query<{ active: boolean }>(`SELECT active FROM users WHERE username = 'siti@contoh.id'`);
    expect(u2!.active).toBe(true);
    await expect(verifyEmail(t.db, token)).rejects.toMatchObject({ code: 'validation' });
    // Signing up again with a known address answers the same and tells the owner by e-mail; an address that
    // cannot be a user name is refused at the field.
    expect(
      await signUp(
        t.db,
        { kind: 'citizen', name: 'Orang Lain', email: 'siti@contoh.id', password: 'Kopi-Tubruk-Jember-2026!', regencyCode: '35.09' },
        'http://x',
      ),
    ).toEqual({ ok: true });
    expect(await t.db.query(`SELECT purpose FROM mail_outbox WHERE to_address = 'siti@contoh.id' ORDER BY id`)).toEqual([
      { purpose: 'donor.verify' },
      { purpose: 'donor.signup_known' },
    ]);
    await expect(
      signUp(t.db, { kind: 'citizen', name: 'Budi', email: "o'neil@contoh.id", password: 'Kopi-Tubruk-Jember-2026!', regencyCode: '35.09' }, 'http://x'),
    ).rejects.toMatchObject({
      problems: [expect.objectContaining({ field: 'email' })],
    });
    // A weak password is refused, naming the field.
    await expect(
      signUp(t.db, { kind: 'citizen', name: 'Budi', email: 'budi@contoh.id', password: 'budi12345678', regencyCode: '35.09' }, 'http://x'),
    ).rejects.toMatchObject({
      problems: [expect.objectContaining({ field: 'password' })],
    });
  });

  it('prices a transport worker from January 2027 at the PP 50/2025 rate until March and the full rate after', async () => {
    const d = await createDonor(
      t.db,
      op,
      { kind: 'company', name: 'PT Tembakau Makmur', email: 'csr@tembakau.co.id', npwp: '012345678901234', contactName: 'Ibu Rina', regencyCode: '35.09' },
      'http://x',
    );
    const q = await quoteSponsorship(t.db, op, {
      donorId: d.id,
      kind: 'named',
      months: 6,
      monthFrom: '2027-01',
      worker: { nik: '', fullName: '', birthDate: '', villageCode: '', sectorCode: 'driver_ojek' },
    });
    expect(q.months.map((m) => m.amount)).toEqual([8400, 8400, 8400, 16800, 16800, 16800]);
    expect(q.months[0]!.discountBasis).toContain('PP 50/2025');
    expect(q.total).toBe(75600);
  });

  it('a paid named sponsorship becomes an approved plan of the donor program funding the worker from the donor source; another source for the same months is refused', async () => {
    const [village] = await villages(1);
    const place = await donorPlace(t.db, op, '35.09', village!, 'a1');
    const s = await getSponsorship(t.db, op, place.sponsorshipId);
    expect(s.status).toBe('active');
    expect(s.paid).toBe(s.amount);
    expect(s.workers).toHaveLength(1);
    const [plan] = await t.db.query<{ status: string; engine: string; kind: string; funding_type: string; amount: number }>(
      `SELECT p.status, p.engine, s.kind, s.funding_type, pc.amount FROM plan_candidates pc JOIN plans p ON p.id = pc.plan_id JOIN funding_sources s ON s.id = pc.source_id
        WHERE pc.worker_id = $1`,
      [s.workers[0]!.workerId],
    );
    expect(plan).toMatchObject({ status: 'approved', engine: 'sponsorship', kind: 'DONOR', funding_type: 'SL' });
    // The same worker sponsored again by another donor for overlapping months: refused with the reason.
    const other = await createDonor(t.db, op, { kind: 'citizen', name: 'Donatur Kedua', email: 'kedua@contoh.id', regencyCode: '35.09' }, 'http://x');
    const [w] = await t.db.query<{ nik: string; birth_date: string }>('SELECT nik, birth_date FROM workers WHERE id = $1', [s.workers[0]!.workerId]);
    await expect(
      createSponsorship(t.db, op, {
        donorId: other.id,
        kind: 'named',
        months: 3,
        monthFrom: nextMonth(thisMonth()),
        worker: { nik: w!.nik, fullName: 'Siapa Saja', birthDate: w!.birth_date, villageCode: village!, sectorCode: 'domestic_worker' },
        consent: { by: 'Pekerja', method: 'phone', at: today() },
      }),
    ).rejects.toMatchObject({ code: 'conflict', messageEn: expect.stringContaining('already funded by Donatur #') });
  });

  it('a donor reads only their own sponsorships and donations; another donor’s id answers not found', async () => {
    const [, v2] = await villages(2);
    const a = await donorPlace(t.db, op, '35.09', v2!, 'b1');
    const b = await donorPlace(t.db, op, '35.09', v2!, 'b2');
    const asA = donorActor(a.donorId, a.email);
    const o = await donorOverview(t.db, asA);
    expect(o.sponsorships.map((s) => s.id)).toEqual([a.sponsorshipId]);
    expect(o.sponsorships[0]!.workers[0]!.name).toBe('Pekerja Donor b1');
    expect(o.totals.workersProtected).toBe(1);
    expect((await listDonations(t.db, asA, {})).items.map((d) => d.id)).toEqual([a.donationId]);
    await expect(getSponsorship(t.db, asA, b.sponsorshipId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(createDonor(t.db, asA, { kind: 'citizen', name: 'X', email: 'x@x.id' }, 'http://x')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('assigns a pool by the regency’s priorities: the chosen village first, the poorest decile first; never someone already funded', async () => {
    const [, , v3, v4] = await villages(4);
    const mk = async (village: string, decile: number, name: string) =>
      (
        await createWorker(
          t.db,
          op,
          buildWorker({
            nik: makeNik('1980-01-01', 'L', village.replaceAll('.', '').slice(0, 6)),
            fullName: name,
            birthDate: '1980-01-01',
            villageCode: village,
            welfareDecile: decile,
          }),
        )
      ).id;
    const poorFar = await mk(v4!, 1, 'Jauh Termiskin');
    const richNear = await mk(v3!, 5, 'Dekat Mampu');
    const poorNear = await mk(v3!, 2, 'Dekat Miskin');
    const d = await createDonor(
      t.db,
      op,
      { kind: 'company', name: 'PT Pool', email: 'pool@pt.id', npwp: '112233445566778', contactName: 'Pak Ali', regencyCode: '35.09' },
      'http://x',
    );
    const s = await createSponsorship(t.db, op, { donorId: d.id, kind: 'pool', months: 3, monthFrom: nextMonth(thisMonth()), workersWanted: 2, areaCode: v3! });
    const n = s.donations[0]!;
    const dir = mkdtempSync(join(tmpdir(), 'rk-'));
    writeFileSync(join(dir, 'rk.csv'), `Tanggal,Berita,Kredit\n${today()},TRF ${n.paymentCode} PT POOL,"${n.amount.toLocaleString('id-ID')},00"\n`);
    const st = await importStatement(t.db, op, { path: join(dir, 'rk.csv'), name: 'rk.csv', format: 'csv' });
    expect(st).toMatchObject({ lines: 1, matched: 1, open: 0 });
    const assigned = await assignPool(t.db, op, s.id);
    expect(assigned.status).toBe('active');
    const ids = assigned.workers.map((w) => w.workerId);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(poorNear);
    expect(ids).toContain(richNear);
    expect(ids).not.toContain(poorFar);
    expect(assigned.workers.find((w) => w.workerId === poorNear)).toBeTruthy();
    // The donor sees pool workers as counts by district, not names.
    const view = await getSponsorship(t.db, donorActor(d.id, 'pool@pt.id'), s.id);
    expect(view.workers).toEqual([]);
    expect(view.byDistrict.reduce((a, x) => a + x.workers, 0)).toBe(2);
  });

  it('a partial payment waits for a decision; a refund returns the money not spent', async () => {
    const d = await createDonor(t.db, op, { kind: 'citizen', name: 'Refund Donor', email: 'refund@contoh.id', regencyCode: '35.09' }, 'http://x');
    const s = await createSponsorship(t.db, op, { donorId: d.id, kind: 'pool', months: 3, monthFrom: nextMonth(thisMonth()), workersWanted: 1 });
    const n = s.donations[0]!;
    const dir = mkdtempSync(join(tmpdir(), 'rk-'));
    writeFileSync(join(dir, 'rk.csv'), `Tanggal;Keterangan;Kredit\n${today()};${n.paymentCode};10.000,00\n`);
    const st = await importStatement(t.db, op, { path: join(dir, 'rk.csv'), name: 'rk.csv', format: 'csv' });
    expect(st).toMatchObject({ matched: 0, open: 1 });
    const [line] = await t.db.query<{ status: string }>('SELECT status FROM bank_statement_lines WHERE statement_id = $1', [st.statementId]);
    expect(line!.status).toBe('partial');
    // An MT940 statement of the full amount pays it.
    writeFileSync(
      join(dir, 'rk.sta'),
      [
        ':20:STMT1',
        ':25:1234567890',
        ':28C:1/1',
        ':60F:C261201IDR0,00',
        `:61:2612011201C${n.amount},00NTRFNONREF`,
        `:86:DONASI ${n.paymentCode}`,
        `:62F:C261201IDR${n.amount},00`,
        '-',
      ].join('\r\n'),
    );
    const mt = await importStatement(t.db, op, { path: join(dir, 'rk.sta'), name: 'rk.sta', format: 'mt940' });
    expect(mt).toMatchObject({ matched: 1 });
    const paid = await getSponsorship(t.db, op, s.id);
    expect(paid.status).toBe('awaiting_assignment');
    const r = await refundSponsorship(t.db, op, s.id, { reference: 'RF-1' });
    expect(r.status).toBe('refunded');
    expect(r.donations[0]!.refundedAmount).toBe(n.amount);
  });

  it('reminds a donor by e-mail before the sponsorship ends, once', async () => {
    const [village] = await villages(1);
    const p = await donorPlace(t.db, op, '35.09', village!, 'rem');
    void p;
    const m = thisMonth();
    let last = m;
    for (let i = 0; i < 5; i++) last = nextMonth(last);
    const r1 = await runDonorsDaily(t.db, 'http://x', `${last}-20`);
    expect(r1.reminded).toBeGreaterThanOrEqual(1);
    const r2 = await runDonorsDaily(t.db, 'http://x', `${last}-21`);
    expect(r2.reminded).toBe(0);
    void openDonorAccount;
  });
});
