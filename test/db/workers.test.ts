import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, getWorker, listWorkers, updateWorker, workerHistory } from '../../src/modules/workers/workers.service.js';
import { AppError } from '../../src/errors.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { errorOf } from '../helpers/errors.js';
import { recordingDb } from '../helpers/recording-db.js';
import { actor, AJUNG_VILLAGE, AJUNG_VILLAGE_2, BONDOWOSO_VILLAGE, buildWorker, KENCONG_VILLAGE, makeNik } from '../helpers/factories.js';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(() => t.cleanup());

const disnaker = actor('regency_operator', '35.09', null, 'disnaker.jember');

async function problemsOf(p: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, fields: e.problems.map((x) => x.field) };
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('worker registry', () => {
  it('registers a worker and audits the creation', async () => {
    const w = await createWorker(t.db, disnaker, buildWorker({ fullName: '  Siti   Aminah ', sex: 'P', birthDate: '1979-11-02' }));
    expect(w).toMatchObject({ fullName: 'Siti Aminah', sex: 'P', villageCode: AJUNG_VILLAGE, nikMasked: false, version: 1, phone: '+6281234567890' });
    const history = await workerHistory(t.db, disnaker, w.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'worker.create', actor: 'disnaker.jember' });
    expect(history[0]!.after).toMatchObject({ nik: w.nik, full_name: 'Siti Aminah' });
  });

  it('rejects bad input naming every field, and writes nothing', async () => {
    const before = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM workers');
    const r = await problemsOf(
      createWorker(t.db, disnaker, buildWorker({ nik: '350917120385000', villageCode: '35.09.17.9999', sectorCode: 'astronaut', welfareDecile: 0 })),
    );
    expect(r.code).toBe('validation');
    expect(r.fields.sort()).toEqual(['nik', 'sectorCode', 'villageCode', 'welfareDecile']);
    const after = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM workers');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('rejects a NIK whose birth date or sex disagrees with the stated ones', async () => {
    const r = await problemsOf(createWorker(t.db, disnaker, buildWorker({ nik: makeNik('1985-03-12', 'L'), birthDate: '1985-03-13' })));
    expect(r.fields).toEqual(['nik']);
  });

  it('rejects a duplicate NIK, even when registered in another region', async () => {
    const input = buildWorker();
    await createWorker(t.db, actor('super_admin', null), { ...input, villageCode: BONDOWOSO_VILLAGE });
    const r = await problemsOf(createWorker(t.db, disnaker, input));
    expect(r).toEqual({ code: 'validation', fields: ['nik'] });
  });

  it('accepts but flags a NIK from a district missing in the current list', async () => {
    const w = await createWorker(t.db, disnaker, buildWorker({ nik: makeNik('1985-03-12', 'L', '350999') }));
    expect(w.nikNeedsVerification).toBe(true);
    const flagged = await listWorkers(t.db, disnaker, { needsVerification: true });
    expect(flagged.items.map((x) => x.id)).toContain(w.id);
  });

  it("refuses a village outside the operator's region", async () => {
    const village = actor('village_operator', AJUNG_VILLAGE);
    const r = await problemsOf(createWorker(t.db, village, buildWorker({ villageCode: AJUNG_VILLAGE_2 })));
    expect(r).toEqual({ code: 'validation', fields: ['villageCode'] });
  });

  it('updates with before/after audit of only the changed fields', async () => {
    const w = await createWorker(t.db, disnaker, buildWorker({ fullName: 'Bambang' }));
    const input = buildWorker({ nik: w.nik, fullName: 'Bambang Santoso', welfareDecile: 1, villageCode: KENCONG_VILLAGE });
    const u = await updateWorker(t.db, disnaker, w.id, 1, input);
    expect(u).toMatchObject({ fullName: 'Bambang Santoso', welfareDecile: 1, villageCode: KENCONG_VILLAGE, version: 2 });
    const [last] = await workerHistory(t.db, disnaker, w.id);
    expect(last).toMatchObject({
      action: 'worker.update',
      before: { full_name: 'Bambang', welfare_decile: 2, village_code: AJUNG_VILLAGE },
      after: { full_name: 'Bambang Santoso', welfare_decile: 1, village_code: KENCONG_VILLAGE },
    });
    expect(Object.keys(last!.after!).sort()).toEqual(['full_name', 'village_code', 'welfare_decile']);
  });

  it('refuses a stale edit when another operator saved first (optimistic lock)', async () => {
    const w = await createWorker(t.db, disnaker, buildWorker({ fullName: 'Agus' }));
    const first = buildWorker({ nik: w.nik, fullName: 'Agus Salim' });
    const second = buildWorker({ nik: w.nik, fullName: 'Agus Wijaya' });
    const results = await Promise.allSettled([updateWorker(t.db, disnaker, w.id, 1, first), updateWorker(t.db, disnaker, w.id, 1, second)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe('conflict');
    expect((await getWorker(t.db, disnaker, w.id)).version).toBe(2);
  });

  it('masks NIK and phone for auditors and province admins, in records and in history', async () => {
    const w = await createWorker(t.db, disnaker, buildWorker());
    for (const role of ['auditor', 'province_admin'] as const) {
      const a = actor(role, role === 'auditor' ? '35.09' : '35');
      const seen = await getWorker(t.db, a, w.id);
      expect(seen.nik).toBe(`${w.nik.slice(0, 4)}••••••••${w.nik.slice(-4)}`);
      expect(seen.nikMasked).toBe(true);
      expect(seen.phone).not.toContain('34567');
      const [h] = await workerHistory(t.db, a, w.id);
      expect(h!.after!.nik).toBe(seen.nik);
    }
  });

  it('lists with filters, search by name or NIK and pagination', async () => {
    const a = await createWorker(t.db, disnaker, buildWorker({ fullName: 'Maisaroh Filter', sex: 'P', sectorCode: 'fisher', welfareDecile: 1 }));
    await createWorker(
      t.db,
      disnaker,
      buildWorker({ fullName: 'Maisaroh Lain', sex: 'P', sectorCode: 'fisher', welfareDecile: 6, villageCode: KENCONG_VILLAGE }),
    );
    expect((await listWorkers(t.db, disnaker, { q: 'maisaroh' })).total).toBe(2);
    expect((await listWorkers(t.db, disnaker, { q: 'maisaroh', decileMax: 5 })).items.map((x) => x.id)).toEqual([a.id]);
    expect((await listWorkers(t.db, disnaker, { q: 'maisaroh', region: '35.09.02' })).items[0]!.fullName).toBe('Maisaroh Lain');
    expect((await listWorkers(t.db, disnaker, { q: a.nik })).items.map((x) => x.id)).toEqual([a.id]);
    expect((await listWorkers(t.db, disnaker, { q: a.nik.slice(0, 12) })).total).toBeGreaterThanOrEqual(1);
    const page = await listWorkers(t.db, disnaker, { sector: 'fisher', pageSize: 1, page: 2 });
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    // Masked roles cannot probe NIK prefixes, which would unmask a NIK digit by digit.
    const auditor = actor('auditor', '35.09');
    expect((await listWorkers(t.db, auditor, { q: a.nik.slice(0, 12) })).total).toBe(0);
    expect((await listWorkers(t.db, auditor, { q: a.nik })).total).toBe(1);
  });

  it('pages by cursor through the same rows as by number, in name and registration order; totals from the per-village counts', async () => {
    for (const name of ['Zainab Urut', 'Abdul Urut', 'Maryam Urut', 'Abdul Urut', 'Yusuf Urut'])
      await createWorker(t.db, disnaker, buildWorker({ fullName: name, villageCode: KENCONG_VILLAGE }));
    for (const sort of ['name', 'registered'] as const) {
      const whole = (await listWorkers(t.db, disnaker, { region: '35.09.02', sort, pageSize: 200 })).items.map((w) => w.id);
      const walked: number[] = [];
      let cursor: string | null = null;
      do {
        const p: Awaited<ReturnType<typeof listWorkers>> = await listWorkers(t.db, disnaker, { region: '35.09.02', sort, pageSize: 2, cursor });
        walked.push(...p.items.map((w) => w.id));
        expect(p).toMatchObject({ total: whole.length, totalExact: true });
        cursor = p.nextCursor;
      } while (cursor);
      expect(walked).toEqual(whole);
    }
    const byName = (await listWorkers(t.db, disnaker, { q: 'urut', sort: 'name' })).items.map((w) => w.fullName);
    expect(byName).toEqual(['Abdul Urut', 'Abdul Urut', 'Maryam Urut', 'Yusuf Urut', 'Zainab Urut']);
    // A cursor of another order, or a forged one, is refused naming the field.
    const first = await listWorkers(t.db, disnaker, { q: 'urut', sort: 'name', pageSize: 1 });
    const wrong = await errorOf(listWorkers(t.db, disnaker, { q: 'urut', sort: 'registered', cursor: first.nextCursor }));
    expect(wrong.problems.map((p) => p.field)).toEqual(['cursor']);
    expect((await errorOf(listWorkers(t.db, disnaker, { cursor: 'bm90LWpzb24' }))).problems[0]!.en).toContain('cursor');
    // A forged cursor carrying a NUL is refused by Jaring, naming the field, not by the database.
    const nul = Buffer.from(JSON.stringify(['name', 'a\u0000b', 1])).toString('base64url');
    expect((await errorOf(listWorkers(t.db, disnaker, { cursor: nul, sort: 'name' }))).problems.map((p) => p.field)).toEqual(['cursor']);
    // The per-village counts the totals read are exactly the registry, after inserts, a move and a delete.
    const moved = (await listWorkers(t.db, disnaker, { q: 'zainab urut' })).items[0]!;
    await t.db.query(`UPDATE workers SET village_code = $1 WHERE id = $2`, [
      (await t.db.query<{ c: string }>(`SELECT village_code AS c FROM workers WHERE full_name = 'Maisaroh Filter'`))[0]!.c,
      moved.id,
    ]);
    await t.db.query(`DELETE FROM workers WHERE id = $1`, [moved.id]);
    const counts = await t.db.query(`SELECT village_code, workers FROM worker_counts WHERE workers <> 0 ORDER BY 1`);
    expect(counts).toEqual(await t.db.query(`SELECT village_code, count(*)::bigint AS workers FROM workers GROUP BY 1 ORDER BY 1`));
  });

  it('finds a name by any part of it, whatever its case, in name order across pages: the start and the middle of a name alike', async () => {
    for (const name of ['SITIRAH Cari', 'Nur Siti Cari', 'siti Aminah Cari', 'Ahmad Cari', 'Siti Zahra Cari', 'Bu Sitiyah Cari'])
      await createWorker(t.db, disnaker, buildWorker({ fullName: name, villageCode: KENCONG_VILLAGE }));
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const p: Awaited<ReturnType<typeof listWorkers>> = await listWorkers(t.db, disnaker, { q: 'SITI', sort: 'name', pageSize: 2, cursor });
      walked.push(...p.items.map((w) => w.fullName).filter((n) => n.endsWith(' Cari')));
      cursor = p.nextCursor;
    } while (cursor);
    expect(walked).toEqual(['Bu Sitiyah Cari', 'Nur Siti Cari', 'siti Aminah Cari', 'Siti Zahra Cari', 'SITIRAH Cari']);
    const newest = (await listWorkers(t.db, disnaker, { q: 'siti', sort: 'registered', pageSize: 200 })).items.map((w) => w.fullName);
    expect(newest.filter((n) => n.endsWith(' Cari'))).toEqual(['Bu Sitiyah Cari', 'Siti Zahra Cari', 'siti Aminah Cari', 'Nur Siti Cari', 'SITIRAH Cari']);
    expect((await listWorkers(t.db, disnaker, { q: 'i cari' })).items.map((w) => w.fullName)).toEqual(['Nur Siti Cari']);
  });

  it('a search in name order can walk the name index alone: the name and the village are on its entries (issue 15.3)', async () => {
    // The list's page statement, recorded as the repository sends it, then planned with the table scans off:
    // only an index that holds the name key and the village lets the walk skip reading each row.
    const { db: recording, sent } = recordingDb(t.db);
    await listWorkers(recording, disnaker, { q: 'wati', sort: 'name', pageSize: 25 });
    const page = sent.find((q) => q.sql.includes('ORDER BY name_key, id LIMIT'))!;
    const plan = await t.db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off');
      return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${page.sql}`, page.params)).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Index Only Scan using workers_name_order_idx');
    expect(plan).not.toContain('Index Scan using workers_name_order_idx');
  });
});
