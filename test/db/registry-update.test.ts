import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor, BONDOWOSO_VILLAGE } from '../helpers/factories.js';
import { insertWorkers, villageIn } from '../helpers/funding.js';
import { errorOf } from '../helpers/errors.js';
import { importFile } from '../helpers/imports.js';
import { addBudget, createProgram, createSource } from '../../src/modules/funding/funding.service.js';
import { runPlan } from '../../src/modules/plans/plans.service.js';
import { reviewPlan, submitPlan } from '../../src/modules/plans/review.service.js';
import { applyUpdate, discardUpdate, eligibilityLost, getUpdate, listChanges, listImpacts } from '../../src/modules/registry/registry.service.js';
import { previewPlan } from '../../src/modules/plans/plans.service.js';

/**
 * A quarterly DTSEN update (issue 16.3): the preview names exactly the funded participants who lose
 * their source's eligibility, from which month and with the Rupiah; the registry changes only when the
 * preview is applied, all at once, audited, with the state before kept.
 */
let t: TestDb;
let dir: string;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
let village: string;
let village2: string;
let planId: number;
let dbhcht: number;
/** The plan's DBHCHT-funded workers, and one tobacco worker it does not fund, and one CSR-funded driver. */
let funded: { id: number; nik: string }[];
let unfunded: { id: number; nik: string };
let driver: { id: number; nik: string };
const NEW_NIK = '3509054505900001';

interface Row {
  id: number;
  nik: string;
  full_name: string;
  village_code: string;
  sector_code: string;
  welfare_decile: number | null;
}

/** The regency's DTSEN extract as the file would come: every ranked worker, with `edit` applied (null = not listed). */
async function extract(edit: (r: Row) => (Row & { died?: string }) | null, extra: string[] = []): Promise<string> {
  const rows = await t.db.query<Row>(
    `SELECT id, nik, full_name, village_code, sector_code, welfare_decile FROM workers WHERE village_code LIKE '35.09.%' ORDER BY id`,
  );
  const lines = ['NIK;NAMA;KODE DESA;PEKERJAAN;DESIL;TGL LAHIR;JENIS KELAMIN;TGL MENINGGAL'];
  for (const r of rows) {
    const e = edit(r);
    if (e) lines.push([e.nik, e.full_name, e.village_code, e.sector_code, e.welfare_decile ?? '', '', '', e.died ?? ''].join(';'));
  }
  lines.push(...extra);
  const path = join(dir, `dtsen-${Math.random().toString(36).slice(2, 8)}.csv`);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

beforeAll(async () => {
  t = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'jaring-dtsen-'));
  village = await villageIn(t.db, '35.09.05');
  village2 = await villageIn(t.db, '35.09.05', 1);
  await insertWorkers(t.db, { count: 30, villageCode: village, sector: 'tobacco_farm_labourer', decile: 1 });
  await insertWorkers(t.db, { count: 10, villageCode: village, sector: 'driver_ojek', decile: 3 });
  // Real NIKs of Kecamatan 35.09.05 for men born 1 January 1985.
  await t.db.query(`UPDATE workers SET nik = '350905010185' || lpad(id::text, 4, '0')`);
  const program = await createProgram(t.db, disnaker, { regionCode: '35.09', name: 'Jaring DTSEN uji' });
  dbhcht = (
    await createSource(t.db, disnaker, program.id, {
      name: 'DBHCHT',
      kind: 'DBHCHT',
      maxDecile: 2,
      sectors: [{ sectorCode: 'tobacco_farm_labourer', tier: 1 }],
    })
  ).id;
  const csr = (await createSource(t.db, disnaker, program.id, { name: 'CSR Ojek', kind: 'CSR', sectors: [{ sectorCode: 'driver_ojek', tier: 1 }] })).id;
  await addBudget(t.db, disnaker, dbhcht, { fiscalYear: 2027, amount: 20 * 6 * 16_800, reference: 'DPA 2027' });
  await addBudget(t.db, disnaker, csr, { fiscalYear: 2027, amount: 10 * 6 * 8_400, reference: 'PKS CSR 2027' });
  const plan = await runPlan(t.db, disnaker, { programId: program.id, fiscalYear: 2027, monthFrom: '2027-01', monthTo: '2027-06' });
  await submitPlan(t.db, disnaker, plan.id);
  await reviewPlan(t.db, kabid, plan.id, 'approve', 'uji');
  planId = plan.id;
  funded = await t.db.query(
    `SELECT w.id, w.nik FROM plan_candidates pc JOIN workers w ON w.id = pc.worker_id WHERE pc.plan_id = $1 AND pc.source_id = $2 AND pc.outcome = 'funded' ORDER BY w.id`,
    [planId, dbhcht],
  );
  unfunded = (
    await t.db.query<{ id: number; nik: string }>(
      `SELECT id, nik FROM workers w WHERE sector_code = 'tobacco_farm_labourer' AND NOT EXISTS (SELECT 1 FROM plan_candidates pc WHERE pc.worker_id = w.id AND pc.outcome = 'funded') ORDER BY id LIMIT 1`,
    )
  )[0]!;
  driver = (await t.db.query<{ id: number; nik: string }>(`SELECT id, nik FROM workers WHERE sector_code = 'driver_ojek' ORDER BY id LIMIT 1`))[0]!;
});
afterAll(() => t.cleanup());

/** The update of the test: five funded workers touched, an unfunded one and a driver re-ranked, one newcomer. */
async function quarterlyFile(): Promise<string> {
  const [f1, f2, f3, f4, f5] = funded;
  return extract(
    (r) => {
      if (r.id === f1!.id) return { ...r, welfare_decile: 4 };
      if (r.id === f2!.id) return { ...r, died: '20-11-2026' };
      if (r.id === f3!.id) return { ...r, village_code: BONDOWOSO_VILLAGE };
      if (r.id === f4!.id) return { ...r, village_code: village2 };
      if (r.id === f5!.id) return null;
      if (r.id === unfunded.id) return { ...r, welfare_decile: 3 };
      if (r.id === driver.id) return { ...r, welfare_decile: 5 };
      return r;
    },
    [[NEW_NIK, 'Siti Aminah', village, 'tobacco_farm_labourer', '1', '05-05-1990', 'P', ''].join(';')],
  );
}

describe('a quarterly DTSEN update (issue 16.3)', () => {
  let updateId: number;
  let before: string;

  it('previews what changes and which funded participants lose eligibility, with the Rupiah, before anything changes', async () => {
    before = JSON.stringify(await t.db.query('SELECT * FROM workers ORDER BY id'));
    const imp = await importFile(t.db, disnaker, await quarterlyFile(), { policy: 'dtsen_update', effectiveMonth: '2027-03' });
    expect(imp.status).toBe('previewed');
    expect(imp.counts).toMatchObject({ total: 40, invalid: 0, inserted: 1 });
    updateId = imp.id;
    const v = await getUpdate(t.db, disnaker, updateId);
    expect(v.preview!.kinds).toEqual({
      new: 1,
      removed: 1,
      died: 1,
      moved_village: 1,
      moved_regency: 1,
      decile_down: 0,
      decile_up: 3,
      ranked: 0,
      returned: 0,
      changed: 0,
    });
    // Four of the 20 DBHCHT-funded workers lose DBHCHT from March 2027: decile 4 > 2, died, moved to
    // Bondowoso, no longer in DTSEN. Four months left of the plan at Rp 16,800 each.
    expect(v.preview!.losing).toEqual({ workers: 4, rupiah: 4 * 4 * 16_800 });
    expect(v.preview!.impacts).toEqual([
      {
        planId,
        planName: expect.any(String),
        sourceId: dbhcht,
        sourceName: 'DBHCHT',
        effect: 'loses',
        funding: true,
        fromMonth: '2027-03',
        workers: 4,
        rupiah: 268_800,
      },
    ]);
    expect(v.message!.id).toMatch(/4 peserta yang didanai kehilangan kelayakan sumber dananya mulai 2027-03 \(Rp 268\.800\)/);
    const lost = await listImpacts(t.db, disnaker, updateId, { effect: 'loses' });
    const [f1, f2, f3, , f5] = funded;
    expect(lost.items.map((i) => [i.workerId, i.checks, i.kinds, i.fromMonth, i.months, i.rupiah])).toEqual(
      [
        [f1!.id, ['decile'], ['decile_up'], '2027-03', 4, 67_200],
        [f2!.id, ['deceased'], ['died'], '2027-03', 4, 67_200],
        [f3!.id, ['domicile'], ['moved_regency'], '2027-03', 4, 67_200],
        [f5!.id, ['decile'], ['removed'], '2027-03', 4, 67_200],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    // Nothing in the registry changed yet.
    expect(JSON.stringify(await t.db.query('SELECT * FROM workers ORDER BY id'))).toBe(before);
    const moved = await listChanges(t.db, disnaker, updateId, { kind: 'moved_regency' });
    expect(moved.items).toEqual([expect.objectContaining({ workerId: f3!.id, before: { village_code: village }, after: { village_code: BONDOWOSO_VILLAGE } })]);
  });

  it('applies the preview as one change, audited, keeping the state before; the losers appear in alerts', async () => {
    const [f1, f2, f3, f4, f5] = funded;
    const v = await applyUpdate(t.db, kabid, updateId);
    expect(v.status).toBe('completed');
    const w = async (id: number) =>
      (
        await t.db.query<Row & { died_on: string | null; dtsen_out_on: string | null }>(
          `SELECT id, village_code, welfare_decile, died_on::text, dtsen_out_on::text FROM workers WHERE id = $1`,
          [id],
        )
      )[0]!;
    expect(await w(f1!.id)).toMatchObject({ welfare_decile: 4, died_on: null });
    expect(await w(f2!.id)).toMatchObject({ died_on: '2026-11-20' });
    expect(await w(f3!.id)).toMatchObject({ village_code: BONDOWOSO_VILLAGE });
    expect(await w(f4!.id)).toMatchObject({ village_code: village2 });
    expect(await w(f5!.id)).toMatchObject({ welfare_decile: null, dtsen_out_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await t.db.query(`SELECT 1 FROM workers WHERE nik = $1`, [NEW_NIK])).length).toBe(1);
    // Every changed worker has a before/after audit row by the person who applied it; the update itself too.
    const audit = await t.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE actor_username = 'kabid' AND action IN ('worker.update', 'worker.dtsen_status', 'registry.update.apply') GROUP BY 1 ORDER BY 1`,
    );
    expect(audit).toEqual([
      { action: 'registry.update.apply', n: 1 },
      { action: 'worker.dtsen_status', n: 2 },
      { action: 'worker.update', n: 5 },
    ]);
    // The state before stays with the update.
    const removed = await listChanges(t.db, disnaker, updateId, { kind: 'removed' });
    expect(removed.items[0]).toMatchObject({ workerId: f5!.id, before: { welfare_decile: 1 }, after: { welfare_decile: null } });
    // Their paid protection is not touched; they are on the alert list while the plan runs.
    const alert = await eligibilityLost(t.db, disnaker, '2027-01', 50);
    // f3 moved to Bondowoso but the regency's plan still funds them: on the regency's list.
    expect(alert.count).toBe(4);
    expect(alert.rupiah).toBe(4 * 67_200);
    expect(alert.items.map((i) => i.workerId).sort((a, b) => a - b)).toEqual([f1!.id, f2!.id, f3!.id, f5!.id].sort((a, b) => a - b));
    // A village operator of the old village sees none of another region's plan.
    expect((await eligibilityLost(t.db, actor('village_operator', village2), '2027-01', 50)).count).toBe(0);
    // Once the plan has ended, the alert is gone.
    expect((await eligibilityLost(t.db, disnaker, '2027-07', 50)).count).toBe(0);
    // A second apply is refused; so is a discard.
    expect((await errorOf(applyUpdate(t.db, kabid, updateId))).code).toBe('conflict');
    expect((await errorOf(discardUpdate(t.db, kabid, updateId))).code).toBe('conflict');
  });

  it('the plans see the dead and the re-ranked at once', async () => {
    const p = await previewPlan(t.db, disnaker, {
      programId: (await t.db.query<{ program_id: number }>('SELECT program_id FROM plans WHERE id = $1', [planId]))[0]!.program_id,
      fiscalYear: 2027,
      monthFrom: '2027-07',
      monthTo: '2027-12',
    });
    const dbh = p.perSource.find((s) => s.sourceId === dbhcht)!;
    expect(dbh.failing.deceased).toBe(1);
  });

  it('refuses to apply when a worker changed after the preview, and a discarded preview leaves nothing behind', async () => {
    const imp = await importFile(t.db, disnaker, await extract((r) => (r.id === unfunded.id ? { ...r, welfare_decile: 2 } : r)), {
      policy: 'dtsen_update',
      effectiveMonth: '2027-07',
    });
    expect(imp.status).toBe('previewed');
    expect((await getUpdate(t.db, disnaker, imp.id)).preview!.kinds.decile_down).toBe(1);
    await t.db.query(`UPDATE workers SET phone = '+6281200000000', version = version + 1 WHERE id = $1`, [unfunded.id]);
    const snapshot = JSON.stringify(await t.db.query('SELECT * FROM workers ORDER BY id'));
    const stale = await errorOf(applyUpdate(t.db, kabid, imp.id));
    expect(stale.code).toBe('conflict');
    expect(stale.messageId).toMatch(/Registri berubah sejak pratinjau \(1 pekerja\)/);
    expect(JSON.stringify(await t.db.query('SELECT * FROM workers ORDER BY id'))).toBe(snapshot);
    expect((await discardUpdate(t.db, kabid, imp.id)).status).toBe('discarded');
    const left = await t.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM registry_changes WHERE import_id = $1) + (SELECT count(*) FROM import_rows WHERE import_id = $1) AS n`,
      [imp.id],
    );
    expect(Number(left[0]!.n)).toBe(0);
  });

  it('a short list of NIKs is not a regency extract: nobody it leaves out is judged removed from DTSEN', async () => {
    const ranked = await t.db.query<{ nik: string }>(
      `SELECT nik FROM workers WHERE village_code LIKE '35.09.05.%' AND welfare_decile IS NOT NULL AND died_on IS NULL AND dtsen_out_on IS NULL ORDER BY id`,
    );
    const path = join(dir, 'dtsen-three.csv');
    writeFileSync(path, ['NIK;DESIL', ...ranked.slice(0, 3).map((r) => `${r.nik};1`)].join('\n') + '\n');
    const imp = await importFile(t.db, disnaker, path, { policy: 'dtsen_update', effectiveMonth: '2027-08' });
    expect(imp.status).toBe('previewed');
    const v = await getUpdate(t.db, disnaker, imp.id);
    // Before the safeguard every other ranked worker of the regency was "removed" by a three-line file.
    expect(v.preview!.kinds.removed).toBe(0);
    expect(v.preview!.notCovered).toEqual({ districts: 1, workers: ranked.length });
    expect(v.message!.id).toContain(`${ranked.length} pekerja berdesil di 1 kecamatan yang tidak dicakup berkas tidak dianggap keluar`);
    expect(v.message!.en).toContain(`${ranked.length} ranked workers in 1 districts the file does not cover are not judged removed`);
    await discardUpdate(t.db, kabid, imp.id);
  });

  it('refuses a death column outside a DTSEN update, and a wrong month, in both languages', async () => {
    const path = await extract((r) => r);
    const e = await errorOf(importFile(t.db, disnaker, path, { policy: 'upsert' }));
    expect(e.problems[0]).toMatchObject({ field: 'mapping.deathDate', code: 'dtsen_only' });
    const m = await errorOf(importFile(t.db, disnaker, path, { policy: 'dtsen_update', effectiveMonth: '2027-13' }));
    expect(m.problems[0]).toMatchObject({ field: 'effectiveMonth', code: 'month_invalid' });
    expect(m.messageEn).toMatch(/must be YYYY-MM/);
  });

  it('a participant the next update ranks back into their source leaves the alert list', async () => {
    const [f1] = funded;
    expect((await eligibilityLost(t.db, disnaker, '2027-01', 50)).items.map((i) => i.workerId)).toContain(f1!.id);
    const imp = await importFile(t.db, disnaker, await extract((r) => (r.id === f1!.id ? { ...r, welfare_decile: 1 } : r)), {
      policy: 'dtsen_update',
      effectiveMonth: '2027-04',
    });
    expect(imp.status).toBe('previewed');
    expect((await getUpdate(t.db, disnaker, imp.id)).preview!.impacts.filter((i) => i.effect === 'gains' && i.funding)).toHaveLength(1);
    expect((await applyUpdate(t.db, kabid, imp.id)).status).toBe('completed');
    const alert = await eligibilityLost(t.db, disnaker, '2027-01', 50);
    // Before: the first update's "loses" stayed on the list after the second had given the source back.
    expect(alert.items.map((i) => i.workerId)).not.toContain(f1!.id);
    expect(alert.count).toBe(3);
    expect(alert.rupiah).toBe(3 * 67_200);
  });
});
